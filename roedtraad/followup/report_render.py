"""The follow-up report as a committee reads it: HTML (self-contained), xlsx and PDF.

PDF is printed from the same HTML by WeasyPrint: a pure-Python, BSD-licensed and actively
maintained HTML/CSS-to-PDF engine that needs only Pango from the operating system (Debian:
libpango-1.0-0, libpangoft2-1.0-0), no browser and no LibreOffice. Text from submissions is
escaped in HTML and written as plain strings in xlsx, never as formulas.
"""
from __future__ import annotations

import io
from html import escape

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from ..config import Settings
from ..findings import Finding
from ..i18n import Lang, Text
from ..workbook_templates.normalize import excel_text
from .report import FollowUpReport
from .status import COLOURS, LABELS, SEVERITY, Status

TITLE = Text("Opfølgning: {checkpoint}", "Uppföljning: {checkpoint}", "Follow-up: {checkpoint}")
SUBTITLE = Text("{municipality}, pr. {date}", "{municipality}, per {date}", "{municipality}, as of {date}")
COMMITTEE = Text("Udvalg: {name}", "Nämnd: {name}", "Committee: {name}")
RULE = {"worst": Text("Samlet status = det dårligste målte underliggende mål.",
                      "Samlad status = det sämsta mätta underliggande målet.",
                      "Overall status = the worst measured goal below."),
        "share_green": Text("Samlet status efter andelen af grønne underliggende mål.",
                            "Samlad status efter andelen gröna underliggande mål.",
                            "Overall status by the share of green goals below.")}
SUMMARY = Text("Overblik", "Översikt", "Summary")
GOALS = Text("Mål og samlet status", "Mål och samlad status", "Goals and overall status")
INDICATORS = Text("Indikatorer", "Nyckeltal", "Indicators")
FINDINGS = Text("Bemærkninger", "Anmärkningar", "Findings")
H = {
    "level": Text("Niveau", "Nivå", "Level"), "id": Text("Mål-id", "Mål-id", "Goal id"),
    "text": Text("Mål", "Mål", "Goal"), "own": Text("Egne indikatorer", "Egna nyckeltal", "Own indicators"),
    "overall": Text("Samlet status", "Samlad status", "Overall status"),
    "file": Text("Fil", "Fil", "File"), "indicator": Text("Indikator", "Nyckeltal", "Indicator"),
    "unit": Text("Enhed", "Enhet", "Unit"), "baseline": Text("Baseline", "Utgångsvärde", "Baseline"),
    "target": Text("Målværdi", "Målvärde", "Target"), "actual": Text("Faktisk værdi", "Utfall", "Actual"),
    "status": Text("Status", "Status", "Status"), "assessment": Text("Egen vurdering", "Egen bedömning",
                                                                     "Own assessment"),
    "comment": Text("Kommentar", "Kommentar", "Comment"), "cell": Text("Celle", "Cell", "Cell"),
    "message": Text("Bemærkning", "Anmärkning", "Message"),
}
STYLE = """
body { font-family: "DejaVu Sans", Calibri, Arial, sans-serif; margin: 1.5em; color: #222; font-size: 10pt; }
h1 { font-size: 1.5em; margin-bottom: .2em; } h2 { font-size: 1.15em; margin-top: 1.4em; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; }
th, td { border: 1px solid #ccc; padding: .25em .4em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } td.n { text-align: right; } .muted { color: #666; }
.green { background: #C6EFCE; } .yellow { background: #FFEB9C; } .red { background: #FFC7CE; }
.not_measured { background: #E7E6E6; }
@page { size: A4 landscape; margin: 1.2cm; }
"""


def _label(status: Status, lang: Lang) -> str:
    return LABELS[status](lang)


def _level(settings: Settings, key: str, lang: Lang) -> str:
    level = settings.levels.get(key)
    return level.labels(lang) if level else key


def _value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _td(value: object, cls: str = "") -> str:
    attribute = f' class="{cls}"' if cls else ""
    return f"<td{attribute}>{escape(_value(value))}</td>"


def _th(*texts: str) -> str:
    return "<tr>" + "".join(f"<th>{escape(t)}</th>" for t in texts) + "</tr>"


def _where(finding: Finding) -> str:
    return f"{finding.file}, {finding.sheet}!{finding.cell}" if finding.cell else finding.file


def render_report_html(report: FollowUpReport, settings: Settings, lang: Lang) -> str:
    status_heads = [_label(s, lang) for s in SEVERITY]
    parts = [f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">',
             f"<title>{escape(TITLE(lang, checkpoint=report.checkpoint))}</title><style>{STYLE}</style></head><body>",
             f"<h1>{escape(TITLE(lang, checkpoint=report.checkpoint))}</h1>",
             f'<p class="muted">{escape(SUBTITLE(lang, municipality=report.municipality, date=report.date))}'
             + (f" &middot; {escape(COMMITTEE(lang, name=report.committee_name or report.committee))}"
                if report.committee else "") + f"<br>{escape(RULE[report.rollup](lang))}</p>",
             f"<h2>{escape(SUMMARY(lang))}</h2><table>", _th(H["level"](lang), *status_heads)]
    for level in settings.ordered_levels():
        counts = report.totals(level.key)
        if any(counts.values()):
            parts.append("<tr>" + _td(level.labels(lang)) + "".join(
                _td(counts[s.value], f"n {s.value}" if counts[s.value] else "n") for s in SEVERITY) + "</tr>")
    parts.append("</table>")
    parts += [f"<h2>{escape(GOALS(lang))}</h2><table>",
              _th(H["level"](lang), H["id"](lang), H["text"](lang), H["own"](lang), *status_heads,
                  H["overall"](lang))]
    for goal in report.goals:
        parts.append("<tr>" + _td(_level(settings, goal.level, lang)) + _td(goal.id) + _td(goal.text)
                     + _td(_label(goal.own, lang), goal.own.value)
                     + "".join(_td(goal.children[s.value], "n") for s in SEVERITY)
                     + _td(_label(goal.overall, lang), goal.overall.value) + "</tr>")
    parts.append("</table>")
    parts += [f"<h2>{escape(INDICATORS(lang))}</h2><table>",
              _th(*(H[k](lang) for k in ("file", "id", "indicator", "unit", "baseline", "target", "actual", "status",
                                         "assessment", "comment")))]
    for line in report.indicators:
        own = _label(Status(line.assessment), lang) if line.assessment else ""
        parts.append("<tr>" + _td(line.file) + _td(line.goal_id) + _td(line.indicator) + _td(line.unit)
                     + _td(line.baseline, "n") + _td(line.target, "n") + _td(line.actual, "n")
                     + _td(_label(line.status, lang), line.status.value) + _td(own) + _td(line.comment) + "</tr>")
    parts.append("</table>")
    if report.findings:
        parts += [f"<h2>{escape(FINDINGS(lang))}</h2><table>", _th(H["cell"](lang), H["message"](lang))]
        parts += ["<tr>" + _td(_where(f)) + _td(f.message(lang)) + "</tr>" for f in report.findings]
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def render_report_xlsx(report: FollowUpReport, settings: Settings, lang: Lang) -> bytes:
    wb = Workbook()
    bold = Font(bold=True)
    fills = {s: PatternFill("solid", fgColor=COLOURS[s]) for s in Status}

    def row(ws, values: list, status_columns: dict[int, Status] | None = None) -> None:
        status_columns = status_columns or {}
        ws.append([excel_text(v) if isinstance(v, str) else v for v in values])
        for column, value in enumerate(values, start=1):
            cell = ws.cell(ws.max_row, column)
            if isinstance(value, str):
                cell.data_type = "s"  # text from submissions stays text, never a formula
            if column in status_columns:
                cell.fill = fills[status_columns[column]]

    def header(ws, values: list[str], widths: list[int]) -> None:
        row(ws, values)
        for column, width in enumerate(widths, start=1):
            ws.cell(ws.max_row, column).font = bold
            ws.column_dimensions[ws.cell(1, column).column_letter].width = width
        ws.freeze_panes = ws.cell(ws.max_row + 1, 1)

    status_heads = [_label(s, lang) for s in SEVERITY]
    ws = wb.active
    ws.title = GOALS(lang)[:31]
    row(ws, [TITLE(lang, checkpoint=report.checkpoint)])
    ws["A1"].font = Font(bold=True, size=14)
    row(ws, [SUBTITLE(lang, municipality=report.municipality, date=report.date)
             + (f" - {COMMITTEE(lang, name=report.committee_name or report.committee)}" if report.committee else "")])
    header(ws, [H[k](lang) for k in ("level", "id", "text", "own")] + status_heads + [H["overall"](lang)],
           [16, 14, 50, 14, 9, 9, 9, 11, 14])
    for goal in report.goals:
        row(ws, [_level(settings, goal.level, lang), goal.id, goal.text, _label(goal.own, lang),
                 *(goal.children[s.value] for s in SEVERITY), _label(goal.overall, lang)],
            {4: goal.own, 9: goal.overall})
    ws = wb.create_sheet(INDICATORS(lang)[:31])
    header(ws, [H[k](lang) for k in ("file", "id", "indicator", "unit", "baseline", "target", "actual", "status",
                                     "assessment", "comment")], [40, 14, 36, 10, 11, 11, 11, 12, 14, 40])
    for line in report.indicators:
        row(ws, [line.file, line.goal_id, line.indicator, line.unit, line.baseline, line.target, line.actual,
                 _label(line.status, lang), _label(Status(line.assessment), lang) if line.assessment else None,
                 line.comment or None], {8: line.status})
    if report.findings:
        ws = wb.create_sheet(FINDINGS(lang)[:31])
        header(ws, [H["cell"](lang), H["message"](lang)], [50, 100])
        for finding in report.findings:
            row(ws, [_where(finding), finding.message(lang)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the Pango library it needs is not installed."""


def render_report_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML  # imported here: it loads Pango, which only PDF output needs
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(f"PDF needs WeasyPrint and Pango (Debian: libpango-1.0-0 libpangoft2-1.0-0): {exc}") \
            from exc
    return HTML(string=html).write_pdf()
