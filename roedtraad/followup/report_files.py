"""`roedtraad report --checkpoint`: validate, build the follow-up report, write HTML, xlsx and PDF."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..files import write_atomically
from ..i18n import Lang, Text
from ..project import Project
from ..validators.engine import validate_project
from .report import FollowUpReport, follow_up_report
from .report_render import PdfUnavailable, render_report_html, render_report_pdf, render_report_xlsx

REPORT_FILE = Text("Opfølgning", "Uppföljning", "FollowUp")


@dataclass
class WrittenReport:
    report: FollowUpReport
    paths: list[Path] = field(default_factory=list)
    pdf_problem: str = ""  # why no PDF was written, if none was


def _safe(name: str) -> str:
    """A checkpoint or committee name as part of a file name: letters, digits, - and _ only."""
    return re.sub(r"[^\w-]+", "_", name, flags=re.UNICODE).strip("_") or "x"


def _write(path: Path, data: bytes) -> Path:
    write_atomically(path, data)
    return path


def write_follow_up_report(project: Project, checkpoint: str, *, committee: str | None = None,
                           lang: Lang | None = None, today: date | None = None,
                           formats: tuple[str, ...] = ("html", "xlsx", "pdf")) -> WrittenReport:
    """Validate the project (or one committee's agenda) and write the checkpoint's report into the
    output folder. Raises `engine.ScopeError` for an unknown committee and `UnknownCheckpointError`
    for a checkpoint the årshjul does not have."""
    lang = lang or project.settings.language
    result = validate_project(project, committee=committee, today=today)
    report = follow_up_report(project.settings, result.foundation, result.submissions, checkpoint,
                              committee=committee, findings=result.findings)
    stem = f"{REPORT_FILE(lang)}_{_safe(report.checkpoint)}" + (f"_{_safe(report.committee)}" if report.committee
                                                               else "")
    written = WrittenReport(report)
    html = render_report_html(report, project.settings, lang)
    if "html" in formats:
        written.paths.append(_write(project.output_dir / f"{stem}.html", html.encode("utf-8")))
    if "xlsx" in formats:
        written.paths.append(_write(project.output_dir / f"{stem}.xlsx",
                                    render_report_xlsx(report, project.settings, lang)))
    if "pdf" in formats:
        try:
            written.paths.append(_write(project.output_dir / f"{stem}.pdf", render_report_pdf(html)))
        except PdfUnavailable as exc:
            written.pdf_problem = str(exc)
    return written
