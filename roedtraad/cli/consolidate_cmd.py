"""`roedtraad consolidate`: validate, optionally write back, and write the master workbook."""
from __future__ import annotations

from pathlib import Path

import click

from typing import TYPE_CHECKING

from ..i18n import Text, count_text
from ..findings import Severity
from . import main
from .common import Problem, config_errors_exit_2, lang_option, open_project, project_option

if TYPE_CHECKING:  # the master's writer pulls in openpyxl: import it only when a command needs it
    from ..sync.consolidate import ConsolidationResult

MASTER_AT = Text("Masterfil: {path}", "Huvudfil: {path}", "Master workbook: {path}")
SUMMARY = Text("{files}, {errors}, {warnings}, {infos}", "{files}, {errors}, {warnings}, {infos}",
               "{files}, {errors}, {warnings}, {infos}")
WRITTEN_BACK = Text("; {written} opdateret, {skipped} sprunget over",
                    "; {written} {updated_sv}, {skipped} överhoppade",
                    "; {written} updated, {skipped} skipped")
MASTER_LOCKED = Text("{path} er åben i Excel. Luk den, og kør igen.",
                     "{path} är öppen i Excel. Stäng den och kör igen.",
                     "{path} is open in Excel. Close it and run again.")


def summary_line(result: ConsolidationResult, lang: str) -> str:
    from ..sync.xlsx_patch import WriteBackOutcome

    # Every file but the foundation counts as received, also those that could not be read.
    received = sum(1 for f in result.validation.files if f.kind != "foundation" and f.path != result.foundation_name)
    line = SUMMARY(lang, files=count_text(received, "submission", lang),
                   errors=count_text(result.count(Severity.ERROR), "error", lang),
                   warnings=count_text(result.count(Severity.WARNING), "warning", lang),
                   infos=count_text(result.count(Severity.INFO), "info", lang))
    report = result.write_back
    if report is not None:
        skipped = sum(1 for o in report.outcomes
                      if o.outcome not in (WriteBackOutcome.WRITTEN, WriteBackOutcome.UNCHANGED))
        written = report.count(WriteBackOutcome.WRITTEN)
        line += WRITTEN_BACK(lang, written=count_text(written, "file", lang), skipped=skipped,
                             updated_sv="uppdaterad" if written == 1 else "uppdaterade")
    return line


@main.command()
@project_option
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the master workbook (default: output/Konsolideret.xlsx).")
@click.option("--write-back", is_flag=True,
              help="Also write the computed trace columns into the foundation and every readable submission.")
@lang_option
@config_errors_exit_2
def consolidate(project_dir: Path, output: Path | None, write_back: bool, lang: str | None) -> None:
    """Consolidate all submissions into one master workbook for finance.

    Exits 0 when the master is written, also when submissions have findings:
    they are listed in the master's findings sheet ('roedtraad validate' gives the verdict).

    Example: roedtraad consolidate -p kommune --write-back
    """
    from ..sync.consolidate import consolidate as consolidate_project
    from ..sync.master import MasterLocked

    project = open_project(project_dir)
    lang = lang or project.settings.language
    try:
        result = consolidate_project(project, lang, write_back=write_back, output=output)
    except MasterLocked as exc:
        raise Problem(MASTER_LOCKED(lang, path=exc), lang) from exc
    click.echo(MASTER_AT(lang, path=result.master))
    click.echo(summary_line(result, lang))
