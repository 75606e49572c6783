"""`roedtraad sync`, `master --run` and `token`: the ledger's commands for finance."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click

from ..i18n import Text
from . import main
from .common import (ERROR, EXIT_FINDINGS, EXIT_LOCKED, Problem, UsageProblem, config_errors_exit_2, db_option,
                     lang_option, open_ledger_of, open_project, project_option)
from .sync_text import LOCKED, PROBLEM, STOPPED, WATCHING, summary_text

SHARE_LOST = Text("{folder} kan ikke nås; intet er ændret. Prøv igen, når drevet er tilbage.",
                  "{folder} kan inte nås; inget har ändrats. Försök igen när enheten är tillbaka.",
                  "{folder} cannot be reached; nothing was changed. Try again when the drive is back.")
PROGRESS_FROM = 50  # files: below this a run is over before a bar would help
PHASES = {"scan": Text("Gennemgår", "Går igenom", "Scanning"), "read": Text("Læser", "Läser", "Reading"),
          "validate": Text("Validerer", "Validerar", "Validating"),
          "write-back": Text("Skriver tilbage", "Skriver tillbaka", "Writing back"),
          "master": Text("Skriver masterfil", "Skriver huvudfil", "Writing the master")}


@contextmanager
def _progress(lang: str, show: bool) -> Iterator:
    """A rich progress bar on the terminal's stderr for long runs; nothing otherwise."""
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("", total=None)

        def update(phase: str, done: int, total: int) -> None:
            if phase == "scan" and total < PROGRESS_FROM:
                return
            bar.update(task, description=PHASES.get(phase, Text(phase, phase, phase))(lang), completed=done,
                       total=total or None)

        yield update


@main.command()
@project_option
@db_option
@click.option("--wait", type=float, default=0.0, metavar="SECONDS",
              help="Wait this long for another writer to finish (default: give up at once, exit 3).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Exit as 'validate --strict' would: 1 on errors or warnings.")
@click.option("--watch", is_flag=True, help="Keep syncing on every change in the folder until Ctrl-C.")
@click.option("--settle", type=float, default=None, metavar="SECONDS",
              help="A file younger than this that cannot be read whole is 'not complete yet' (default 5).")
@click.option("--debounce", type=int, default=1600, show_default=True, metavar="MS", help="--watch: wait for quiet.")
@click.option("--tick", type=float, default=10.0, show_default=True, metavar="SECONDS",
              help="--watch: also sync this often (picks up files that were not complete).")
@lang_option
@config_errors_exit_2
def sync(project_dir: Path, db_url: str | None, wait: float, fmt: str, strict: bool, watch: bool,
         settle: float | None, debounce: int, tick: float, lang: str | None) -> None:
    """Take in new and changed submissions, write back, and rebuild the master, recording all in the ledger.

    Unchanged files are not read again; files still being copied are left for the
    next run; two files for the same party and agreement are a conflict (neither is
    merged). Exit status: 0 when the run completed (whatever the findings; with
    --strict as 'validate --strict'), 3 when another sync or the service holds the
    ledger, 2 for usage or configuration problems, 5 when the ledger's database went
    away during the run and 6 when the disk filled up (no file is damaged by either;
    the next run completes the work).

    Example: roedtraad sync -p kommune --format json
    """
    from ..sync.intake import ShareUnavailable
    from ..sync.lock import LockHeld
    from ..sync.run import sync_project
    from ..sync.scan import SETTLE_SECONDS

    project = open_project(project_dir)
    language = lang or project.settings.language
    ledger = open_ledger_of(project, db_url)
    settle = SETTLE_SECONDS if settle is None else settle
    if watch:
        _watch(project, ledger, language, fmt, settle, debounce, tick)
        return
    try:
        with _progress(language, fmt == "text" and sys.stderr.isatty()) as update:
            summary = sync_project(project, ledger, wait=wait, settle=settle, lang=language, progress=update)
    except LockHeld as exc:
        click.echo(ERROR(language, message=LOCKED(language, holder=exc.holder, since=exc.since)), err=True)
        sys.exit(EXIT_LOCKED)
    except ShareUnavailable as exc:
        raise Problem(SHARE_LOST(language, folder=project.submissions_dir), language) from exc
    finally:
        ledger.close()
    if fmt == "json":
        click.echo(json.dumps(summary.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        click.echo(summary_text(summary, language, project.settings))
    if strict and not summary.passed(strict=True):
        click.get_current_context().exit(EXIT_FINDINGS)


def _watch(project, ledger, lang: str, fmt: str, settle: float, debounce: int, tick: float) -> None:  # noqa: ANN001
    from ..sync.watch import watch_project

    def on_summary(summary) -> None:  # noqa: ANN001
        if fmt == "json":
            click.echo(json.dumps(summary.model_dump(mode="json"), ensure_ascii=False))
        elif summary.anything_new or summary.run == 1:
            click.echo(summary_text(summary, lang, project.settings))

    def on_problem(kind: str, exc: Exception | None) -> None:
        detail = str(exc).splitlines()[0][:200] if exc else ""
        click.echo(PROBLEM[kind](lang, detail=detail), err=True)

    click.echo(WATCHING(lang, folder=project.submissions_dir), err=True)
    try:
        watch_project(project, ledger, on_summary, on_problem, debounce_ms=debounce, tick=tick, settle=settle)
    except KeyboardInterrupt:
        click.echo(STOPPED(lang), err=True)
    finally:
        ledger.close()


REBUILT = Text("Masterfilen fra kørsel {run} er genskabt i {path}", "Huvudfilen från körning {run} är återskapad i {path}",
               "The master of run {run} is rebuilt in {path}")


@main.command()
@project_option
@db_option
@click.option("--run", "run_id", type=int, required=True, help="The run whose master to rebuild (see 'status').")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True)
@lang_option
@config_errors_exit_2
def master(project_dir: Path, db_url: str | None, run_id: int, output: Path, lang: str | None) -> None:
    """Rebuild the master workbook of an earlier run, byte for byte, from the ledger and the archive.

    Example: roedtraad master --run 3 --output Konsolideret-3.xlsx
    """
    from ..sync.rebuild import RebuildError, rebuild_master
    from ..sync.store import UnknownRun

    project = open_project(project_dir)
    ledger = open_ledger_of(project, db_url)
    language = lang or project.settings.language
    try:
        path = rebuild_master(project, ledger, run_id, output)
    except UnknownRun as exc:
        raise UsageProblem(exc.message(language), language) from exc
    except RebuildError as exc:
        raise Problem(exc.message(language), language) from exc
    finally:
        ledger.close()
    click.echo(REBUILT(language, run=run_id, path=path))


@main.group()
def token() -> None:
    """Access tokens for the web service: one per department or institution, and for finance."""


EITHER_PARTY_OR_FINANCE = Text("Angiv enten PARTY_ID eller --finance NAVN.",
                               "Ange antingen PARTY_ID eller --finance NAMN.",
                               "Give either PARTY_ID or --finance NAME.")
UNKNOWN_PARTY = Text("Ukendt part '{party}'; kendte parter: {known}.", "Okänd part '{party}'; kända parter: {known}.",
                     "Unknown party '{party}'; known parties: {known}.")
NO_SUCH_TOKEN = Text("Der er ingen token med id {id}; se 'roedtraad token list'.",
                     "Det finns ingen token med id {id}; se 'roedtraad token list'.",
                     "There is no token with id {id}; see 'roedtraad token list'.")
REVOKED = Text("Token {id} ({who}) er spærret.", "Token {id} ({who}) är spärrad.", "Token {id} ({who}) is revoked.")
REVOKED_AT = Text("spærret {when}", "spärrad {when}", "revoked {when}")
TOKEN_MADE = Text("Token {id} for {who} (vises kun nu, gem den sikkert):", "Token {id} för {who} (visas bara nu, spara "
                  "den säkert):", "Token {id} for {who} (shown only now, keep it safe):")


@token.command("add")
@click.argument("party_id", required=False)
@click.option("--finance", metavar="NAME", help="A finance token for this person instead of a party token.")
@project_option
@db_option
@config_errors_exit_2
def token_add(party_id: str | None, finance: str | None, project_dir: Path, db_url: str | None) -> None:
    """Make a token for a party (its id in the organisation) or, with --finance NAME, for finance.

    Example: roedtraad token add SKO
    """
    from ..sync.tokens import TokenError, add_token, list_tokens

    project = open_project(project_dir)
    lang = project.settings.language
    if bool(party_id) == bool(finance):
        raise UsageProblem(EITHER_PARTY_OR_FINANCE(lang), lang)
    ledger = open_ledger_of(project, db_url)
    try:
        if party_id:
            _known_party(project, ledger, party_id)
        plaintext = add_token(ledger, party=party_id, finance=finance)
        made = list_tokens(ledger)[-1]
    except TokenError as exc:
        raise UsageProblem(str(exc)) from exc
    finally:
        ledger.close()
    click.echo(TOKEN_MADE(project.settings.language, id=made.id, who=party_id or finance), err=True)
    click.echo(plaintext)


def _known_party(project, ledger, party_id: str) -> None:  # noqa: ANN001
    from ..model import Foundation
    from ..sync import store
    from ..workbook_templates.read import read_foundation

    with ledger.begin() as conn:
        foundation = store.current_foundation(conn, project.settings)
    if foundation is None and project.foundation_path.is_file():
        foundation, _ = read_foundation(project.foundation_path, project.settings)
    if isinstance(foundation, Foundation) and party_id not in {p.id for p in foundation.parties}:
        known = ", ".join(sorted(p.id for p in foundation.parties if p.kind in ("department", "institution")))
        lang = project.settings.language
        raise UsageProblem(UNKNOWN_PARTY(lang, party=party_id, known=known), lang)


@token.command("list")
@project_option
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@config_errors_exit_2
def token_list(project_dir: Path, db_url: str | None, fmt: str) -> None:
    """List tokens (never their secret): id, role, party, name, created, revoked."""
    from datetime import datetime

    from ..sync.tokens import list_tokens

    project = open_project(project_dir)
    ledger = open_ledger_of(project, db_url)
    try:
        tokens = list_tokens(ledger)
    finally:
        ledger.close()
    if fmt == "json":
        click.echo(json.dumps([t.model_dump(mode="json") for t in tokens], ensure_ascii=False, indent=2))
        return
    when = lambda t: datetime.fromtimestamp(t).strftime("%Y-%m-%d %H:%M") if t else "-"  # noqa: E731
    lang = project.settings.language
    for t in tokens:
        click.echo(f"{t.id:>4}  {t.role:<8} {t.party or '-':<12} {t.name:<24} {when(t.created)}  "
                   f"{REVOKED_AT(lang, when=when(t.revoked)) if t.revoked else ''}".rstrip())


@token.command("revoke")
@click.argument("token_id", type=int)
@project_option
@db_option
@config_errors_exit_2
def token_revoke(token_id: int, project_dir: Path, db_url: str | None) -> None:
    """Revoke a token by its id (from 'token list'); the service refuses it from now on."""
    from ..sync.tokens import NoSuchToken, revoke_token

    project = open_project(project_dir)
    lang = project.settings.language
    ledger = open_ledger_of(project, db_url)
    try:
        revoked = revoke_token(ledger, token_id)
    except NoSuchToken as exc:
        raise UsageProblem(NO_SUCH_TOKEN(lang, id=exc.token_id), lang) from exc
    finally:
        ledger.close()
    click.echo(REVOKED(lang, id=revoked.id, who=f"{revoked.role} {revoked.party or revoked.name}"))
