"""Consolidate a project: validate everything, write back the trace columns, write the master.

The one library call behind `roedtraad consolidate` and the sync service.
Write-back runs before the master so that files it had to skip (open in
Excel, saved meanwhile) are listed on the master's findings sheet too.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from ..i18n import Lang
from ..project import Project
from ..validators.engine import ValidationResult, validate_project
from ..findings import Finding, Severity
from .master import default_master_path, write_master
from .followup_writeback import add_follow_up
from .writeback import WriteBackReport, hashes_after, write_back_trace


def list_hashes_after_write_back(result: ValidationResult, after: dict[str, str]) -> None:
    """The master lists each file's hash as it is on disk after write-back. It listed the hash from
    before, so a second run with nothing new found every written file "changed" and rewrote the
    master (issue 11)."""
    for summary in result.files:
        if summary.path in after:
            summary.sha256 = after[summary.path]


@dataclass(frozen=True)
class ConsolidationResult:
    validation: ValidationResult
    master: Path
    write_back: WriteBackReport | None
    foundation_name: str = ""  # the foundation as findings name it (relative to the project)

    @property
    def findings(self) -> list[Finding]:
        """Validation findings, then write-back findings."""
        extra = self.write_back.findings if self.write_back is not None else []
        return [*self.validation.findings, *extra]

    def count(self, severity: Severity | str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def consolidate(project: Project, lang: Lang | None = None, write_back: bool = False,
                output: Path | None = None) -> ConsolidationResult:
    """Validate the project, optionally write the trace columns back, and write the master workbook.

    `output` defaults to output/Konsolideret.xlsx (named in `lang`). Raises
    `master.MasterLocked` when the master is open in Excel; everything about
    the submissions themselves is reported as findings.
    """
    lang = lang or project.settings.language
    result = validate_project(project)
    report = write_back_trace(result, project.settings, project.archive_dir) if write_back else None
    if report is not None:  # then the follow-up sheet where it is missing, and its computed status
        follow_up = add_follow_up(result, project.settings, project.archive_dir, after=report)
        report.outcomes += follow_up.outcomes
        report.findings += follow_up.findings
        list_hashes_after_write_back(result, hashes_after(report))
    path = Path(output) if output is not None else default_master_path(project.output_dir, lang)
    master = write_master(path, result, project.settings, lang, root=project.root,
                          extra_findings=report.findings if report is not None else ())
    return ConsolidationResult(result, master, report, Path(project.settings.paths.foundation).as_posix())
