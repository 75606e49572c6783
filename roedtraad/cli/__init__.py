"""The `roedtraad` command line: thin click commands over the library."""
from __future__ import annotations

import os
import stat
import sys

import click

from .. import __version__
from ..i18n import Text
from . import usage


INTERNAL_ERROR = Text("roedtraad stoppede på grund af en fejl i roedtraad selv (fejl-id {reference}). "
                      "Detaljerne er skrevet i {log}; send dem til den, der driver roedtraad.",
                      "roedtraad stoppade på grund av ett fel i roedtraad självt (fel-id {reference}). "
                      "Detaljerna har skrivits i {log}; skicka dem till den som driver roedtraad.",
                      "roedtraad stopped because of an error in roedtraad itself (error id {reference}). "
                      "The details are in {log}; send them to whoever runs roedtraad.")
EXIT_INTERNAL = 4  # a bug in roedtraad (3 is a held ledger lock)
EXIT_PIPE_CLOSED = 141  # what a shell reports for a program stopped by SIGPIPE, as `git log | head` is
# Not bugs: the machine failed under a run, which left every file whole (sync.faults). Run again.
EXIT_FAILURE = {"ledger": 5, "disk": 6}  # the ledger's database went away; the disk is full


class _Main(usage.Group):
    """No traceback reaches a user: a bug is written to the bug log, the user gets its reference.
    click's own usage errors ("No such option" ...) are told in the user's language (see `usage`)."""

    def make_context(self, info_name, args, parent=None, **extra):  # noqa: ANN001, ANN201 - click's signature
        try:
            return super().make_context(info_name, list(args), parent=parent, **extra)
        except click.UsageError as exc:
            raise _localized(exc, list(args)) from None

    def invoke(self, ctx: click.Context):
        args = list(ctx.args)  # the subcommand's, for its --lang: its options are unparsed when it fails
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _localized(exc, args) from None
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            if _stdout_closed():  # `roedtraad status | head`: the reader has all it wants; no bug
                raise click.exceptions.Exit(EXIT_PIPE_CLOSED) from None
            raise
        except Exception as exc:  # noqa: BLE001 - the one place a bug turns into a message
            from ..bugreport import log_path, record
            from ..sync.faults import MESSAGES, environment_failure
            from .common import Problem

            lang = usage.language_of(args)
            failure = environment_failure(exc)
            if failure is not None:
                error = Problem(MESSAGES[failure](lang), lang)
                error.exit_code = EXIT_FAILURE[failure]
                raise error from None
            error = Problem(INTERNAL_ERROR(lang, reference=record(exc, " ".join(sys.argv)), log=log_path()), lang)
            error.exit_code = EXIT_INTERNAL
            raise error from None


def _localized(exc: click.UsageError, args: list[str]) -> click.UsageError:
    if isinstance(exc, (usage.LocalizedUsage, click.exceptions.NoArgsIsHelpError)):
        return exc
    return usage.localized(exc, usage.language_of(args))


def _stdout_closed() -> bool:
    """True when standard output is a pipe (its reader gone, as the BrokenPipeError says); from then on
    it writes nowhere, so that Python's own flush at exit does not fail a second time."""
    try:
        if not stat.S_ISFIFO(os.fstat(sys.stdout.fileno()).st_mode):
            return False
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return True
    except (OSError, ValueError):  # no file descriptor behind stdout (a test's capture): not a pipe
        return False


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="roedtraad")
def main() -> None:
    """roedtraad keeps the red thread from council objectives to institution agreements.

    Generate Excel templates per party, validate filled-in submissions against the
    cascade rules, consolidate them into one master workbook for finance and write
    computed traceability columns back into every workbook.
    """


# Each command lives in its own module and registers itself on `main`.
from . import project_cmds  # noqa: E402,F401
from . import consolidate_cmd  # noqa: E402,F401
from . import validate_cmd  # noqa: E402,F401
from . import sync_cmds  # noqa: E402,F401
from . import status_cmds  # noqa: E402,F401
from . import serve_cmd  # noqa: E402,F401
from . import addin_cmd  # noqa: E402,F401
from . import report_cmd  # noqa: E402,F401
