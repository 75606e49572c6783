"""`roedtraad status` and `roedtraad history`: what arrived, when, and what changed."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..i18n import Text
from . import main
from .common import UsageProblem, config_errors_exit_2, db_option, open_ledger_of, open_project, project_option
from .sync_text import findings_counts

STATE = {"received": Text("modtaget", "mottagen", "received"), "late": Text("for sent", "för sent", "late"),
         "missing": Text("mangler", "saknas", "missing"), "conflict": Text("konflikt", "konflikt", "conflict"),
         "rejected": Text("afvist", "avvisad", "rejected")}
HEAD = Text("{municipality}: kørsel {run}", "{municipality}: körning {run}", "{municipality}: run {run}")
TALLY = Text("{received} modtaget, {late} for sent, {missing} mangler, {conflict} konflikter, {rejected} afviste",
             "{received} mottagna, {late} för sent, {missing} saknas, {conflict} konflikter, {rejected} avvisade",
             "{received} received, {late} late, {missing} missing, {conflict} conflicts, {rejected} rejected")
CHANGE = {"new": Text("ny", "ny", "new"), "changed": Text("ændret", "ändrad", "changed"), "": Text("", "", "")}
VERSION_STATE = {"accepted": STATE["received"], "rejected": STATE["rejected"], "conflict": STATE["conflict"]}
DEADLINE = Text("frist {deadline}", "sista dag {deadline}", "deadline {deadline}")


@main.command()
@project_option
@db_option
@click.option("--committee", metavar="NAME", help="Only the parties under this committee (id or name).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["da", "sv", "en"]), default=None, help="Language of the text output.")
@config_errors_exit_2
def status(project_dir: Path, db_url: str | None, committee: str | None, fmt: str, lang: str | None) -> None:
    """Per party and agreement: received (when, which version), late, missing, conflict, rejected.

    "Received" is when the ledger first saw the version (or the upload time), never a
    file's modification time; run 'roedtraad sync' to take in new files first.

    Example: roedtraad status --committee BUU
    """
    from ..sync.status import StatusError, project_status

    project = open_project(project_dir)
    ledger = open_ledger_of(project, db_url)
    try:
        result = project_status(project, ledger, committee)
    except StatusError as exc:
        language = lang or project.settings.language
        raise UsageProblem(exc.message(language), language) from exc
    finally:
        ledger.close()
    if fmt == "json":
        click.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    language = lang or project.settings.language
    click.echo(HEAD(language, municipality=result.municipality, run=result.run or "-"))
    click.echo(TALLY(language, **{k: result.counts.get(k, 0) for k in STATE}))
    for p in result.parties:
        when = (p.received or "")[:16].replace("T", " ")
        extra = [DEADLINE(language, deadline=p.deadline)] if p.state in ("late", "missing") and p.deadline else []
        if p.version is not None:
            extra.append(findings_counts(language, p.errors, p.warnings))
        if p.change:
            extra.append(CHANGE[p.change](language))
        if p.reason:
            extra.append(p.reason)
        click.echo(f"  {STATE[p.state](language):<10} {p.party:<10} {p.agreement:<32} {when:<16}  "
                   f"{'; '.join(extra)}".rstrip())
    for r in result.rejected:
        click.echo(f"  {STATE['rejected'](language):<10} {r.file}: {r.reason}")


@main.command()
@click.argument("party")
@project_option
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["da", "sv", "en"]), default=None, help="Language of the text output.")
@config_errors_exit_2
def history(party: str, project_dir: Path, db_url: str | None, fmt: str, lang: str | None) -> None:
    """Every version of a party's agreements and project register, and what changed between them.

    Goals added, removed or given another parent, indicator targets and budget lines.

    Example: roedtraad history SKO
    """
    from ..sync.history import HistoryError, party_history

    project = open_project(project_dir)
    language = lang or project.settings.language
    ledger = open_ledger_of(project, db_url)
    try:
        result = party_history(project, ledger, party, language)
    except HistoryError as exc:
        raise UsageProblem(exc.message(language), language) from exc
    finally:
        ledger.close()
    if fmt == "json":
        click.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    click.echo(f"{result.party} ({result.name})")
    for v in result.versions:
        state = VERSION_STATE[v.status](language) if v.status in VERSION_STATE else v.status
        click.echo(f"  v{v.version}  {v.received[:16].replace('T', ' ')}  {v.agreement}  {v.sha256[:12]}  "
                   f"{state}  {findings_counts(language, v.errors, v.warnings)}  {v.file}"
                   + (f"  ({v.sender})" if v.sender else ""))
        for change in v.changes:
            click.echo(f"      {change.text}")
