"""The console's account of a meeting run: whose verdict, which reports, and what the run did for whom.

The verdict and the reports cover what was asked for (one committee's agenda,
or everything); the master and the write-back always cover the whole
municipality: the red thread runs across committees (a committee's goals
realise council objectives every committee shares, the foundation counts
every committee's goals), so each run keeps every file's computed columns
current. `meeting_summary` says so, for whom each count is.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .findings import Finding, Severity
from .i18n import Lang, Text
from .meeting import MeetingPack
from .project import Project
from .sync.consolidate import ConsolidationResult
from .sync.run import SyncSummary
from .sync.writeback import WriteBackReport
from .sync.xlsx_patch import WriteBackOutcome
from .validators.context import PartyRegister
from .validators.engine import ValidationResult, display_name
from .validators.report_common import verdict
from .workbook_templates.sniff import excel_lock_file

T = {
    "committee_verdict": Text("Udvalg {committee} ({name}), {files} indsendelser: {verdict}",
                              "Nämnd {committee} ({name}), {files} inlämningar: {verdict}",
                              "Committee {committee} ({name}), {files} submissions: {verdict}"),
    "project_verdict": Text("Hele kommunen, {files} indsendelser: {verdict}",
                            "Hela kommunen, {files} inlämningar: {verdict}",
                            "Whole municipality, {files} submissions: {verdict}"),
    "committee_reports": Text("Rapporter til {committee}: {paths}", "Rapporter till {committee}: {paths}",
                              "Reports for {committee}: {paths}"),
    "reports": Text("Rapporter: {paths}", "Rapporter: {paths}", "Reports: {paths}"),
    "master": Text("Masterfil: {path} (hele kommunen: {files} indsendelser, {errors} fejl, {warnings} advarsler, "
                   "{infos} info)",
                   "Huvudfil: {path} (hela kommunen: {files} inlämningar, {errors} fel, {warnings} varningar, "
                   "{infos} info)",
                   "Master workbook: {path} (whole municipality: {files} submissions, {errors} errors, "
                   "{warnings} warnings, {infos} info)"),
    "written_all": Text("Beregnede kolonner skrevet i alle kommunens filer, ikke kun {committee}'s: {counts}. "
                        "Det sker ved hver kørsel, fordi den røde tråd går på tværs af udvalgene; "
                        "kun de grå, beregnede kolonner ændres.",
                        "Beräknade kolumner skrivna i alla kommunens filer, inte bara {committee}s: {counts}. "
                        "Det sker vid varje körning eftersom den röda tråden går tvärs över nämnderna; "
                        "bara de grå, beräknade kolumnerna ändras.",
                        "Computed columns written into every file of the municipality, not only {committee}'s: "
                        "{counts}. Every run does this, because the red thread runs across committees; "
                        "only the grey computed columns change."),
    "written": Text("Beregnede kolonner skrevet tilbage: {counts}.", "Beräknade kolumner tillbakaskrivna: {counts}.",
                    "Computed columns written back: {counts}."),
    "counts": Text("{written} opdateret, {unchanged} uændrede, {skipped} sprunget over",
                   "{written} uppdaterade, {unchanged} oförändrade, {skipped} överhoppade",
                   "{written} updated, {unchanged} unchanged, {skipped} skipped"),
    "skipped": Text("  Sprunget over: {file_reason}", "  Överhoppad: {file_reason}", "  Skipped: {file_reason}"),
    "lock_file": Text("Excel-låsefilen {lock} ligger ved siden af, så filen er åben i Excel.",
                      "Excels låsfil {lock} ligger bredvid, så filen är öppen i Excel.",
                      "The Excel lock file {lock} lies beside it, so the file is open in Excel."),
    "next_run": Text("De beregnede kolonner skrives ved næste kørsel.", "De beräknade kolumnerna skrivs vid nästa "
                     "körning.", "The computed columns will be written on the next run."),
}


def received_count(validation: ValidationResult) -> int:
    """Submissions received: every file but the foundation, also those that could not be read."""
    return sum(1 for f in validation.files if f.kind != "foundation")


@dataclass(frozen=True)
class WholeRun:
    """What a run did for the whole municipality, however it ran (a consolidation, or a sync run)."""

    master: Path | str
    files: int  # submissions received
    errors: int
    warnings: int
    infos: int
    write_back: tuple[int, int, list[str]] | None  # (written, unchanged, "file: reason" skipped); None: not run


def whole_run_of(result: ConsolidationResult, project: Project, lang: Lang) -> WholeRun:
    report = result.write_back
    write_back = None
    if report is not None:
        write_back = (report.count(WriteBackOutcome.WRITTEN), report.count(WriteBackOutcome.UNCHANGED),
                      skipped_files(report, project, lang))
    return WholeRun(result.master, received_count(result.validation), result.count(Severity.ERROR),
                    result.count(Severity.WARNING), result.count(Severity.INFO), write_back)


def whole_run_of_sync(summary: SyncSummary, project: Project, lang: Lang) -> WholeRun:
    """The same account of a sync run (`roedtraad run` through the ledger)."""
    files = len(summary.new) + len(summary.changed) + summary.unchanged
    files -= 1 if project.foundation_path.is_file() else 0  # the foundation is one of the files taken in
    pending = [f"{name}: {_pending_reason(project, name, lang)}" for name in summary.pending_write_back]
    return WholeRun(summary.master or "-", max(files, 0), summary.errors, summary.warnings, summary.infos,
                    (len(summary.written_back), max(files - len(summary.written_back) - len(pending), 0), pending))


def _pending_reason(project: Project, name: str, lang: Lang) -> str:
    lock = excel_lock_file(project.root / name)
    if lock is not None:
        return f"{T['lock_file'](lang, lock=os.path.basename(lock))} {T['next_run'](lang)}"
    return T["next_run"](lang)


def meeting_summary(pack: MeetingPack, project: Project, lang: Lang, strict: bool = False) -> list[str]:
    """The console's account of a run: whose verdict, which reports, the master's and write-back's scope."""
    files = received_count(pack.validation)
    judged = verdict(pack.validation, lang, strict)
    whole = (whole_run_of_sync(pack.sync, project, lang) if pack.sync is not None
             else whole_run_of(pack.consolidation, project, lang))
    committee = pack.validation.committee  # its id, when the verdict is one committee's
    if committee:
        foundation = pack.validation.foundation
        party = PartyRegister(foundation.parties if foundation else []).get(committee)
        name = party.name if party else committee
        lines = [T["committee_verdict"](lang, committee=committee, name=name, files=files, verdict=judged),
                 T["committee_reports"](lang, committee=committee, paths=_paths(pack.reports))]
    else:
        lines = [T["project_verdict"](lang, files=files, verdict=judged),
                 T["reports"](lang, paths=_paths(pack.reports))]
    lines.append(T["master"](lang, path=whole.master, files=whole.files, errors=whole.errors,
                             warnings=whole.warnings, infos=whole.infos))
    if whole.write_back is not None:
        written, unchanged, skipped = whole.write_back
        counts = T["counts"](lang, written=written, unchanged=unchanged, skipped=len(skipped))
        lines.append(T["written_all"](lang, committee=committee, counts=counts) if committee
                     else T["written"](lang, counts=counts))
        lines += [T["skipped"](lang, file_reason=item) for item in skipped]
    return lines


def _paths(paths: list[Path]) -> str:
    return ", ".join(str(p) for p in paths)


def skipped(report: WriteBackReport) -> list:
    return [o for o in report.outcomes if o.outcome not in (WriteBackOutcome.WRITTEN, WriteBackOutcome.UNCHANGED)]


def skipped_files(report: WriteBackReport, project: Project, lang: Lang) -> list[str]:
    """Each file write-back left alone, as "file: reason" (the file as findings name it)."""
    root = project.root.resolve()
    items = []
    for outcome in skipped(report):
        name = display_name(Path(outcome.path), project.root, root)
        items.append(f"{name}: {_reason(outcome, name, report.findings, lang)}")
    return items


def skipped_lines(report: WriteBackReport, project: Project, lang: Lang) -> list[str]:
    """One console line per file write-back left alone, and why."""
    return [T["skipped"](lang, file_reason=item) for item in skipped_files(report, project, lang)]


def _reason(outcome, name: str, findings: list[Finding], lang: Lang) -> str:
    lock = excel_lock_file(Path(outcome.path))
    if outcome.outcome is WriteBackOutcome.LOCKED and lock is not None:
        return f"{T['lock_file'](lang, lock=os.path.basename(lock))} {T['next_run'](lang)}"
    found = next((f for f in findings if f.file == name and f.severity is not Severity.INFO), None)
    return found.message(lang) if found is not None else T["next_run"](lang)
