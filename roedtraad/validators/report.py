"""Reports of a validation result: text, JSON, JUnit XML, HTML and xlsx, in the user's language.

Every format is built from the same flat rows (`Finding.as_row`), so they
cannot disagree. `render` is the one entry point the CLI and the service use.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from typing import TYPE_CHECKING

import click

from ..config import Settings
from ..findings import SEVERITY_LABELS, Finding, Severity
from ..i18n import Lang, one_line
from .report_common import (COLOURS, FILES_OK, FORMATS, GENERAL, SUMMARY, clean, grouped, kind_label, render_json, summary,
                            to_json, verdict, where)

if TYPE_CHECKING:
    from .engine import ValidationResult

__all__ = ["FORMATS", "render", "render_json", "render_junit", "render_text", "to_json"]


def render_text(result: "ValidationResult", lang: Lang, *, strict: bool = False, color: bool = True,
                settings: Settings | None = None) -> str:
    style = click.style if color else (lambda text, **_: text)
    lines: list[str] = []
    quiet = 0
    for file, findings in grouped(result):
        if not findings:
            quiet += 1
            continue
        findings.sort(key=Finding.sort_key)
        # A file or sheet name cannot forge a line (messages are one line already: Finding.message).
        title = one_line(file.path if file else (findings[0].file or GENERAL(lang)))
        detail = f" ({kind_label(file.kind, lang, settings)}{', ' + file.party if file.party else ''})" if file else ""
        lines.append(style(title, bold=True) + detail)
        for finding in findings:
            label = SEVERITY_LABELS[finding.severity](lang)
            row = f" [{one_line(finding.row_id)}]" if finding.row_id else ""
            lines.append(f"  {style(label, fg=COLOURS[finding.severity], bold=True)} {one_line(where(finding))}{row} "
                         f"{finding.message(lang)} ({finding.code})")
            lines.append(f"      -> {finding.hint(lang)}")
        lines.append("")
    if quiet:
        lines.append(FILES_OK(lang, count=quiet))
    counts = summary(result)
    lines.append(SUMMARY(lang, **counts))
    colour = "red" if not result.passed(strict) else "yellow" if counts["warnings"] else "green"
    lines.append(style(verdict(result, lang, strict), fg=colour, bold=True))
    return "\n".join(lines) + "\n"


def render_junit(result: "ValidationResult", lang: Lang, *, settings: Settings | None = None) -> str:
    """One testsuite, one testcase per file; the file's errors are its failure."""
    counts = summary(result)
    groups = grouped(result)
    failures = sum(1 for _, findings in groups if any(f.severity is Severity.ERROR for f in findings))
    suite = ET.Element("testsuite", name="roedtraad", tests=str(len(groups)), failures=str(failures), errors="0",
                       skipped="0")
    for file, findings in groups:
        name = file.path if file else (findings[0].file or GENERAL(lang))
        classname = f"roedtraad.{file.kind or 'unreadable'}" if file else "roedtraad"
        case = ET.SubElement(suite, "testcase", classname=classname, name=clean(name))
        errors = [f for f in findings if f.severity is Severity.ERROR]
        if errors:
            failure = ET.SubElement(case, "failure", type="error",
                                    message=clean(f"{len(errors)} {SEVERITY_LABELS[Severity.ERROR](lang)}"))
            failure.text = clean("\n".join(_line(f, lang) for f in errors))
        others = [f for f in findings if f.severity is not Severity.ERROR]
        if others:
            ET.SubElement(case, "system-out").text = clean("\n".join(_line(f, lang) for f in others))
    ET.SubElement(suite, "system-out").text = clean(f"{SUMMARY(lang, **counts)}\n{verdict(result, lang)}")
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"


def _line(finding: Finding, lang: Lang) -> str:
    return f"{finding.code} {where(finding)} {finding.row_id}: {finding.message(lang)} -> {finding.hint(lang)}"


def render(result: "ValidationResult", fmt: str, lang: Lang, *, strict: bool = False, color: bool = False,
           settings: Settings | None = None, made_at: datetime | None = None,
           as_of: datetime | None = None) -> str | bytes:
    """The report in one of FORMATS; xlsx is bytes, the others text. HTML and xlsx say when they were
    made (`made_at`, else now) or, given `as_of`, the time of their data (see `report_common.data_time`)."""
    if fmt == "text":
        return render_text(result, lang, strict=strict, color=color, settings=settings)
    if fmt == "json":
        return render_json(result, lang)
    if fmt == "junit":
        return render_junit(result, lang, settings=settings)
    if fmt == "html":
        from .report_html import render_html
        return render_html(result, lang, strict=strict, settings=settings, made_at=made_at, as_of=as_of)
    if fmt == "xlsx":
        from .report_xlsx import render_xlsx
        return render_xlsx(result, lang, strict=strict, settings=settings, made_at=made_at, as_of=as_of)
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
