"""The main job, one call before a committee meeting.

Validate everything (or what goes on one committee's agenda), write the
report to attach to the agenda (HTML for reading, xlsx for filtering),
consolidate the master workbook and write the trace columns back.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .i18n import Lang, Text
from .project import Project
from .sync.consolidate import ConsolidationResult, consolidate
from .validators.engine import ValidationResult, validate_project
from .validators.report import render

REPORT_FILE = Text("Valideringsrapport", "Valideringsrapport", "ValidationReport")


@dataclass(frozen=True)
class MeetingPack:
    validation: ValidationResult  # what the verdict is about (the committee's agenda, or everything)
    consolidation: ConsolidationResult
    reports: list[Path]


def report_paths(project: Project, lang: Lang, committee: str | None) -> dict[str, Path]:
    stem = REPORT_FILE(lang) + (f"_{committee}" if committee else "")
    return {fmt: project.output_dir / f"{stem}.{fmt}" for fmt in ("html", "xlsx")}


def prepare_meeting(project: Project, lang: Lang | None = None, committee: str | None = None,
                    strict: bool = False) -> MeetingPack:
    """Run the whole job; raises `engine.ScopeError` for an unknown committee before writing anything."""
    lang = lang or project.settings.language
    scoped = validate_project(project, committee=committee) if committee else None
    consolidation = consolidate(project, lang, write_back=True)
    validation = scoped or consolidation.validation
    written = []
    for fmt, path in report_paths(project, lang, committee).items():
        report = render(validation, fmt, lang, strict=strict, settings=project.settings)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        if isinstance(report, bytes):
            tmp.write_bytes(report)
        else:
            tmp.write_text(report, encoding="utf-8")
        tmp.replace(path)
        written.append(path)
    return MeetingPack(validation, consolidation, written)
