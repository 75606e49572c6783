"""Options and error handling shared by every command (one place, same spelling)."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable

import click

from ..config import ConfigError, load_settings
from ..i18n import DEFAULT_LANG, LANGUAGES, Lang, Text
from ..project import Project

# Exit codes: 0 ok, 1 findings with errors (or warnings under --strict), 2 usage/configuration.
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def lang_option(func: Callable) -> Callable:
    return click.option("--lang", type=click.Choice(LANGUAGES), default=None,
                        help="Language of messages and reports (default: the project's, else da).")(func)


def project_option(func: Callable) -> Callable:
    return click.option("--project", "-p", "project_dir", type=click.Path(file_okay=False, path_type=Path),
                        default=Path("."), show_default=True, help="Project folder with roedtraad.toml.")(func)


def open_project(project_dir: Path) -> Project:
    return Project.open(project_dir)  # a ConfigError becomes a usage problem in config_errors_exit_2


ERROR = Text("Fejl: {message}", "Fel: {message}", "Error: {message}")
XLSX_NEEDS_OUTPUT = Text("--format xlsx skriver en projektmappe: angiv --output FIL",
                         "--format xlsx skriver en arbetsbok: ange --output FIL",
                         "--format xlsx writes a workbook: give --output FILE")


class Problem(click.ClickException):
    """A problem the command reports and stops at (exit 1), in the user's language, "Fejl: ..." included."""

    def __init__(self, message: str, lang: Lang = DEFAULT_LANG) -> None:
        super().__init__(message)
        self.lang = lang

    def show(self, file=None) -> None:  # noqa: ANN001 - click's signature
        click.echo(ERROR(self.lang, message=self.format_message()), file=file, err=file is None)


class UsageProblem(Problem):
    """A usage or configuration problem: exit status 2."""

    exit_code = EXIT_USAGE


def _language(kwargs: dict) -> Lang:
    """--lang, else the project's language, else Danish: the language of a problem's message."""
    if kwargs.get("lang"):
        return kwargs["lang"]
    project_dir = kwargs.get("project_dir")
    if project_dir is not None:
        try:
            return load_settings(Path(project_dir)).language
        except ConfigError:
            pass
    return DEFAULT_LANG


def config_errors_exit_2(func: Callable) -> Callable:
    """Turn a broken configuration into 'Fejl: ...' with exit status 2, in the user's language."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ConfigError as exc:
            raise UsageProblem(exc.message(_language(kwargs)), _language(kwargs)) from exc

    return wrapper


# The ledger (sync, status, history, master --run, token, run): one option, one way to open it.
EXIT_LOCKED = 3  # another writer holds the ledger


def db_option(func: Callable) -> Callable:
    return click.option("--db", "db_url", metavar="URL", default=None,
                        help="The ledger's database URL (default: $ROEDTRAAD_DB, else [ledger] url in "
                             "roedtraad.toml, else ledger.sqlite in the project folder).")(func)


def open_ledger_of(project: Project, db_url: str | None):  # noqa: ANN201 - sync.ledger.Ledger, imported lazily
    from ..sync.faults import LEDGER_UNREACHABLE, environment_failure
    from ..sync.ledger import LedgerError, ledger_url, open_ledger

    try:
        return open_ledger(project, db_url)
    except LedgerError as exc:
        if environment_failure(exc) == "ledger":  # one line in the user's language, naming where it looked
            from sqlalchemy.engine import make_url

            where = make_url(ledger_url(project, db_url)).render_as_string(hide_password=True)
            lang = project.settings.language
            raise UsageProblem(LEDGER_UNREACHABLE(lang, ledger=where), lang) from exc
        raise UsageProblem(str(exc)) from exc
