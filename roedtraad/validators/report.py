"""Reports of a validation result: text, JSON, JUnit XML, HTML and xlsx, in the user's language.

Every format is built from the same flat rows (`Finding.as_row`), so they
cannot disagree. `render` is the one entry point the CLI and the service use.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from itertools import groupby
from typing import TYPE_CHECKING

import click

from ..config import Settings
from ..i18n import Lang, Text
from ..workbook_templates.normalize import excel_text
from .findings import SEVERITY_LABELS, Finding, Severity

if TYPE_CHECKING:
    from .engine import FileSummary, ValidationResult

FORMATS = ("text", "json", "junit", "html", "xlsx")

SUMMARY = Text("Filer: {files}, fejl: {errors}, advarsler: {warnings}, info: {infos}",
               "Filer: {files}, fel: {errors}, varningar: {warnings}, info: {infos}",
               "Files: {files}, errors: {errors}, warnings: {warnings}, infos: {infos}")
VERDICT_ERRORS = Text("Ikke klar: fejlene ({errors}) skal rettes, før aftalerne kan behandles.",
                      "Inte klar: felen ({errors}) måste rättas innan planerna kan behandlas.",
                      "Not ready: the errors ({errors}) must be fixed before the agreements can be considered.")
VERDICT_STRICT = Text("Ikke klar: advarslerne ({warnings}) skal afklares (streng kontrol).",
                      "Inte klar: varningarna ({warnings}) måste redas ut (strikt kontroll).",
                      "Not ready: the warnings ({warnings}) must be resolved (strict check).")
VERDICT_WARNINGS = Text("Klar med forbehold: ingen fejl, men advarslerne ({warnings}) bør gennemgås.",
                        "Klar med förbehåll: inga fel, men varningarna ({warnings}) bör gås igenom.",
                        "Ready with reservations: no errors, but the warnings ({warnings}) should be reviewed.")
VERDICT_OK = Text("Klar: ingen fejl og ingen advarsler.", "Klar: inga fel och inga varningar.",
                  "Ready: no errors and no warnings.")
FILES_OK = Text("Filer uden bemærkninger: {count}", "Filer utan anmärkningar: {count}", "Files without findings: {count}")
GENERAL = Text("(generelt)", "(allmänt)", "(general)")
FOUNDATION_LABEL = Text("Styringsgrundlag", "Styrgrund", "Governance foundation")
UNREADABLE_LABEL = Text("kunne ikke læses", "kunde inte läsas", "could not be read")
COLUMNS = {
    "code": Text("Kode", "Kod", "Code"), "severity": Text("Alvor", "Allvar", "Severity"),
    "message": Text("Besked", "Meddelande", "Message"), "hint": Text("Sådan retter du", "Så rättar du", "How to fix"),
    "file": Text("Fil", "Fil", "File"), "sheet": Text("Ark", "Flik", "Sheet"), "cell": Text("Celle", "Cell", "Cell"),
    "row_id": Text("Række-id", "Rad-id", "Row id"),
}
FILE_COLUMNS = {
    "path": COLUMNS["file"], "kind": Text("Type", "Typ", "Kind"), "party": Text("Part", "Part", "Party"),
    "status": Text("Status", "Status", "Status"), "errors": Text("Fejl", "Fel", "Errors"),
    "warnings": Text("Advarsler", "Varningar", "Warnings"), "infos": Text("Info", "Info", "Infos"),
}
STATUS = {"ok": Text("ok", "ok", "ok"), "warnings": Text("advarsler", "varningar", "warnings"),
          "errors": Text("fejl", "fel", "errors")}
COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def clean(text: object) -> str:
    """Text safe for XML and xlsx: no control characters."""
    return excel_text(text)


def summary(result: "ValidationResult") -> dict[str, int]:
    counts = result.counts()
    return {"files": len(result.files), **counts}


def verdict(result: "ValidationResult", lang: Lang, strict: bool = False) -> str:
    counts = summary(result)
    if counts["errors"]:
        return VERDICT_ERRORS(lang, **counts)
    if counts["warnings"]:
        return (VERDICT_STRICT if strict else VERDICT_WARNINGS)(lang, **counts)
    return VERDICT_OK(lang, **counts)


def kind_label(kind: str, lang: Lang, settings: Settings | None) -> str:
    if kind == "foundation":
        return FOUNDATION_LABEL(lang)
    if not kind:
        return UNREADABLE_LABEL(lang)
    if settings is not None and kind in settings.agreements:
        return settings.agreements[kind].labels(lang)
    return kind


def where(finding: Finding) -> str:
    if finding.sheet and finding.cell:
        return f"{finding.sheet}!{finding.cell}"
    return finding.sheet or finding.cell


def to_json(result: "ValidationResult", lang: Lang) -> dict:
    """The JSON report: a summary and one flat row per finding."""
    return {"summary": summary(result), "findings": [f.as_row(lang) for f in result.findings]}


def render_json(result: "ValidationResult", lang: Lang) -> str:
    return json.dumps(to_json(result, lang), ensure_ascii=False, indent=2) + "\n"


def grouped(result: "ValidationResult") -> list[tuple["FileSummary | None", list[Finding]]]:
    """Findings per file, in the order of the file summaries; findings without a file last."""
    by_file = {file: list(items) for file, items in groupby(sorted(result.findings, key=lambda f: f.file),
                                                            key=lambda f: f.file)}
    groups = [(summary_, by_file.pop(summary_.path, [])) for summary_ in result.files]
    groups += [(None, items) for _, items in sorted(by_file.items())]
    return groups


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
        title = file.path if file else (findings[0].file or GENERAL(lang))
        detail = f" ({kind_label(file.kind, lang, settings)}{', ' + file.party if file.party else ''})" if file else ""
        lines.append(style(title, bold=True) + detail)
        for finding in findings:
            label = SEVERITY_LABELS[finding.severity](lang)
            row = f" [{finding.row_id}]" if finding.row_id else ""
            lines.append(f"  {style(label, fg=COLOURS[finding.severity], bold=True)} {where(finding)}{row} "
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
           settings: Settings | None = None) -> str | bytes:
    """The report in one of FORMATS; xlsx is bytes, the others text."""
    if fmt == "text":
        return render_text(result, lang, strict=strict, color=color, settings=settings)
    if fmt == "json":
        return render_json(result, lang)
    if fmt == "junit":
        return render_junit(result, lang, settings=settings)
    if fmt == "html":
        from .report_html import render_html
        return render_html(result, lang, strict=strict, settings=settings)
    if fmt == "xlsx":
        from .report_xlsx import render_xlsx
        return render_xlsx(result, lang, strict=strict, settings=settings)
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
