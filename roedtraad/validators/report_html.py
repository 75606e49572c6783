"""The HTML report: one self-contained page a committee secretary can attach to the agenda."""
from __future__ import annotations

from datetime import datetime
from html import escape
from typing import TYPE_CHECKING

from ..config import Settings
from ..i18n import Lang, Text
from ..findings import SEVERITY_LABELS, Finding
from .report_common import (COLUMNS, FILE_COLUMNS, FILES_OK, GENERAL, STATUS, covers, grouped, kind_label, made_text,
                            summary, verdict, where)

if TYPE_CHECKING:
    from .engine import ValidationResult

TITLE = Text("Validering af aftaler", "Validering av planer", "Validation of agreements")
OVERVIEW = Text("Oversigt", "Översikt", "Overview")
NO_FINDINGS = Text("Ingen bemærkninger.", "Inga anmärkningar.", "No findings.")

STYLE = """
body { font-family: Calibri, Arial, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
th, td { border: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
.verdict { font-size: 1.2em; font-weight: bold; padding: .6em; border-radius: 4px; }
.errors { background: #fde2e1; } .warnings { background: #fff4d6; } .ok { background: #e3f4e1; }
.error { color: #b00020; font-weight: bold; } .warning { color: #8a6d00; font-weight: bold; } .info { color: #1f5f8b; }
.muted { color: #666; } .covers { font-size: 1.1em; font-weight: bold; margin: 0; }
"""


def _cell(value: object, cls: str = "") -> str:
    attribute = f' class="{cls}"' if cls else ""
    return f"<td{attribute}>{escape(str(value))}</td>"


def _findings_table(findings: list[Finding], lang: Lang) -> str:
    head = "".join(f"<th>{escape(COLUMNS[key](lang))}</th>"
                   for key in ("severity", "cell", "row_id", "message", "hint", "code"))
    rows = []
    for finding in sorted(findings, key=Finding.sort_key):
        rows.append("<tr>" + _cell(SEVERITY_LABELS[finding.severity](lang), finding.severity.value)
                    + _cell(where(finding)) + _cell(finding.row_id) + _cell(finding.message(lang))
                    + _cell(finding.hint(lang)) + _cell(finding.code, "muted") + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def render_html(result: "ValidationResult", lang: Lang, *, strict: bool = False,
                settings: Settings | None = None, made_at: datetime | None = None,
                as_of: datetime | None = None) -> str:
    counts = summary(result)
    scope = covers(result, lang, settings)
    state = "errors" if counts["errors"] or (strict and counts["warnings"]) else (
        "warnings" if counts["warnings"] else "ok")
    parts = [f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">',
             f"<title>{escape(TITLE(lang))}: {escape(scope)}</title><style>{STYLE}</style></head><body>",
             f'<header><h1>{escape(TITLE(lang))}</h1><p class="covers">{escape(scope)}</p>'
             f'<p class="muted">{escape(made_text(made_at, lang, as_of))}</p></header>',
             f'<p class="verdict {state}">{escape(verdict(result, lang, strict))}</p>',
             f"<h2>{escape(OVERVIEW(lang))}</h2><table><thead><tr>"
             + "".join(f"<th>{escape(text(lang))}</th>" for text in FILE_COLUMNS.values()) + "</tr></thead><tbody>"]
    for file in result.files:
        parts.append("<tr>" + _cell(file.path) + _cell(kind_label(file.kind, lang, settings)) + _cell(file.party)
                     + _cell(STATUS[file.status](lang), file.status.rstrip("s")) + _cell(file.errors)
                     + _cell(file.warnings) + _cell(file.infos) + "</tr>")
    parts.append("</tbody></table>")
    quiet = 0
    for file, findings in grouped(result):
        if not findings:
            quiet += 1
            continue
        title = file.path if file else (findings[0].file or GENERAL(lang))
        kind = f' <span class="muted">({escape(kind_label(file.kind, lang, settings))})</span>' if file else ""
        parts.append(f"<h2>{escape(title)}{kind}</h2>")
        parts.append(_findings_table(findings, lang))
    if quiet:
        parts.append(f'<p class="muted">{escape(FILES_OK(lang, count=quiet))}</p>')
    if not result.findings:
        parts.append(f"<p>{escape(NO_FINDINGS(lang))}</p>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
