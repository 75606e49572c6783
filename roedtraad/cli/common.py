"""Options and error handling shared by every command (one place, same spelling)."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable

import click

from ..config import ConfigError
from ..i18n import LANGUAGES
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
    try:
        return Project.open(project_dir)
    except ConfigError as exc:
        raise UsageProblem(str(exc)) from exc


class UsageProblem(click.ClickException):
    """A usage or configuration problem: exit status 2."""

    exit_code = EXIT_USAGE


def config_errors_exit_2(func: Callable) -> Callable:
    """Turn a broken configuration into 'Error: ...' with exit status 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ConfigError as exc:
            raise UsageProblem(str(exc)) from exc

    return wrapper


# The ledger (sync, status, history, master --run, token, run): one option, one way to open it.
EXIT_LOCKED = 3  # another writer holds the ledger


def db_option(func: Callable) -> Callable:
    return click.option("--db", "db_url", metavar="URL", default=None,
                        help="The ledger's database URL (default: $ROEDTRAAD_DB, else [ledger] url in "
                             "roedtraad.toml, else ledger.sqlite in the project folder).")(func)


def open_ledger_of(project: Project, db_url: str | None):  # noqa: ANN201 - sync.ledger.Ledger, imported lazily
    from ..sync.ledger import LedgerError, open_ledger

    try:
        return open_ledger(project, db_url)
    except LedgerError as exc:
        raise UsageProblem(str(exc)) from exc
