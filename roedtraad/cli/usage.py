"""click's own usage errors ("No such option", "Missing argument", ...) in the user's language.

click raises them in English while it parses the command line, before any of
our code runs. `localized` renders a message from the exception's attributes
(which option, which parameter and its type), never from click's English text;
`LocalizedUsage` shows it the way click would: the usage line, where to find
help, and "Fejl: ...", with exit status 2.
"""
from __future__ import annotations

from pathlib import Path

import click

from ..config import ConfigError, load_settings
from ..i18n import DEFAULT_LANG, LANGUAGES, Lang, Text
from .common import ERROR

USAGE = Text("Brug: {usage}", "Användning: {usage}", "Usage: {usage}")
TRY_HELP = Text("Se '{command} --help' for hjælp.", "Se '{command} --help' för hjälp.",
                "Try '{command} --help' for help.")
NO_SUCH_OPTION = Text("ukendt tilvalg {name}", "okänt alternativ {name}", "no such option {name}")
NO_SUCH_COMMAND = Text("ukendt kommando {name}", "okänt kommando {name}", "no such command {name}")
DID_YOU_MEAN = Text("Mente du {names}?", "Menade du {names}?", "Did you mean {names}?")
MISSING_ARGUMENT = Text("argumentet {name} mangler", "argumentet {name} saknas", "missing argument {name}")
MISSING_OPTION = Text("tilvalget {name} mangler", "alternativet {name} saknas", "missing option {name}")
MISSING_COMMAND = Text("der mangler en kommando", "ett kommando saknas", "missing command")
NEEDS_VALUE = Text("tilvalget {name} skal have en værdi", "alternativet {name} måste ha ett värde",
                   "option {name} needs a value")
TAKES_NO_VALUE = Text("tilvalget {name} tager ingen værdi", "alternativet {name} tar inget värde",
                      "option {name} takes no value")
EXTRA_ARGUMENTS = Text("uventede ekstra argumenter: {args}", "oväntade extra argument: {args}",
                       "unexpected extra arguments: {args}")
INVALID = Text("ugyldig værdi for {name}", "ogiltigt värde för {name}", "invalid value for {name}")
CHOOSE = Text("vælg en af {choices}", "välj ett av {choices}", "choose one of {choices}")
WHOLE_NUMBER = Text("skal være et helt tal", "måste vara ett heltal", "must be a whole number")
RANGE = Text("skal være et helt tal fra {low} til {high}", "måste vara ett heltal från {low} till {high}",
             "must be a whole number from {low} to {high}")
NUMBER = Text("skal være et tal", "måste vara ett tal", "must be a number")
FOLDER = Text("skal være en mappe", "måste vara en mapp", "must be a folder")
FILE = Text("skal være en fil", "måste vara en fil", "must be a file")
EXISTING = Text("skal være en sti, der findes", "måste vara en sökväg som finns", "must be a path that exists")


class ExtraArguments(click.UsageError):
    """Arguments left over after parsing (click's own error keeps them only in its English message)."""

    def __init__(self, arguments: list[str], ctx: click.Context) -> None:
        super().__init__(f"Got unexpected extra arguments ({' '.join(arguments)})", ctx)
        self.arguments = arguments


def _with_context(parse):  # noqa: ANN001, ANN202
    """Some of click's parse errors come without the command's context: give it them (usage line, flags)."""
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return parse(self, ctx, args)
        except click.UsageError as exc:
            if exc.ctx is None:
                exc.ctx, exc.cmd = ctx, ctx.command
            raise
    return parse_args


class Command(click.Command):
    """A command whose left-over arguments raise `ExtraArguments`."""

    @_with_context
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        allowed, ctx.allow_extra_args = ctx.allow_extra_args, True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            raise ExtraArguments(list(rest), ctx)
        return rest


class Group(click.Group):
    command_class = Command

    @_with_context
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, args)


Group.group_class = Group


class LocalizedUsage(click.UsageError):
    """A usage error shown in the user's language."""

    def __init__(self, message: str, ctx: click.Context | None, lang: Lang) -> None:
        super().__init__(message, ctx)
        self.lang = lang

    def show(self, file=None) -> None:  # noqa: ANN001 - click's signature
        if self.ctx is not None:
            pieces = " ".join(self.ctx.command.collect_usage_pieces(self.ctx))
            click.echo(USAGE(self.lang, usage=f"{self.ctx.command_path} {pieces}".rstrip()), err=file is None,
                       file=file)
            click.echo(TRY_HELP(self.lang, command=self.ctx.command_path) + "\n", err=file is None, file=file)
        click.echo(ERROR(self.lang, message=self.format_message()), err=file is None, file=file)


def localized(exc: click.UsageError, lang: Lang) -> LocalizedUsage:
    return LocalizedUsage(_message(exc, lang), exc.ctx, lang)


def _message(exc: click.UsageError, lang: Lang) -> str:
    if isinstance(exc, click.NoSuchOption):
        return _with_guess(NO_SUCH_OPTION(lang, name=exc.option_name), exc.possibilities, lang)
    if isinstance(exc, click.exceptions.NoSuchCommand):
        return _with_guess(NO_SUCH_COMMAND(lang, name=exc.command_name), exc.possibilities, lang)
    if isinstance(exc, click.BadOptionUsage):
        option = _option(exc.ctx, exc.option_name)
        flag = option is not None and option.is_flag
        return (TAKES_NO_VALUE if flag else NEEDS_VALUE)(lang, name=exc.option_name)
    if isinstance(exc, ExtraArguments):
        return EXTRA_ARGUMENTS(lang, args=" ".join(exc.arguments))
    if isinstance(exc, click.MissingParameter):
        hint = exc.param.get_error_hint(exc.ctx) if exc.param is not None and exc.ctx is not None else ""
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "")
        return (MISSING_ARGUMENT if kind == "argument" else MISSING_OPTION)(lang, name=hint)
    if isinstance(exc, click.BadParameter) and exc.param is not None and exc.ctx is not None:
        name = exc.param.get_error_hint(exc.ctx)
        need = _need(exc.param.type, lang)
        return f"{INVALID(lang, name=name)}: {need}" if need else f"{INVALID(lang, name=name)}: {exc.message}"
    if exc.ctx is not None and isinstance(exc.ctx.command, click.Group) and exc.ctx.invoked_subcommand is None \
            and not exc.ctx.protected_args and not exc.ctx.args:
        return MISSING_COMMAND(lang)
    return exc.format_message()  # a kind click has not shown us yet: its own words rather than none


def _need(kind: click.ParamType, lang: Lang) -> str | None:
    """What a value of this type must be, in words; None for a type we cannot describe."""
    if isinstance(kind, click.Choice):
        return CHOOSE(lang, choices=", ".join(str(c) for c in kind.choices))
    if isinstance(kind, click.IntRange) and kind.min is not None and kind.max is not None:
        return RANGE(lang, low=kind.min, high=kind.max)
    if isinstance(kind, (click.types.IntParamType, click.IntRange)):
        return WHOLE_NUMBER(lang)
    if isinstance(kind, (click.types.FloatParamType, click.FloatRange)):
        return NUMBER(lang)
    if isinstance(kind, click.Path):
        return FOLDER(lang) if not kind.file_okay else FILE(lang) if not kind.dir_okay else \
            EXISTING(lang) if kind.exists else None
    return None


def _with_guess(message: str, possibilities: list[str] | None, lang: Lang) -> str:
    return f"{message}. {DID_YOU_MEAN(lang, names=', '.join(possibilities))}" if possibilities else message


def _option(ctx: click.Context | None, name: str) -> click.Option | None:
    if ctx is None:
        return None
    return next((p for p in ctx.command.params if isinstance(p, click.Option) and name in (*p.opts, *p.secondary_opts)),
                None)


def language_of(args: list[str]) -> Lang:
    """--lang from the command line, else the language of the project named by -p/--project (or the current
    folder), else Danish: the language every other problem of the command would be told in."""
    project = "."
    for i, arg in enumerate(args):
        value = arg.split("=", 1)[1] if "=" in arg else args[i + 1] if i + 1 < len(args) else None
        if arg == "--lang" or arg.startswith("--lang="):
            if value in LANGUAGES:
                return value
        elif arg in ("-p", "--project") or arg.startswith("--project="):
            project = value or project
    try:
        return load_settings(Path(project)).language
    except (ConfigError, OSError, ValueError):  # a broken project is told later; the usage error in Danish
        return DEFAULT_LANG
