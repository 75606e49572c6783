"""The consolidated master workbook for finance (output/Konsolideret.xlsx).

Sheets: Overblik (summary and the charts' data), Rød tråd, Handlinger, Indikatorer,
Budget, Dækning, Fund, Indsendelser, then the two charts on chart sheets of their
own (each prints as one page); names and headers in the user's language. Every
sheet prints landscape, one page wide, with its header row on every page.

Deterministic: the same validation result gives a byte-identical file. Rows
come in a stable order, the document's created/modified dates are the newest
input's time (not "now"), and every zip member carries a fixed timestamp. If
the new bytes equal the file already there it is left untouched (mtime too).
What can still change the bytes for the same content: another openpyxl or
zlib version; and the content hashes listed on the Indsendelser sheet, which
change once when write-back fills in the computed columns. Its "received"
times are on the municipality's clock (`timezone` in the settings), so a master
rebuilt on a machine in another zone is the same file.

Memory: the list sheets are streamed (see `sheet_writer`); besides the
validation result, the master holds only small aggregates and one
submission's indicator index at a time.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.page import PrintPageSetup
from openpyxl.styles import Font
from openpyxl.workbook import Workbook

from ..config import Settings
from ..i18n import Lang, Text
from ..findings import SEVERITY_LABELS, Finding
from ..progress import step
from ..workbook_templates.printing import print_landscape_fit_width
from ..workbook_templates.sniff import excel_lock_file
from .master_data import (Organisation, budget_by_committee, budget_rows, coverage_matrix, coverage_share,
                          received_vs_expected, severity_counts)
from .master_projects import write_committee_goals, write_projects
from .master_sheets import (SHEETS, MasterContext, write_actions, write_budget, write_coverage, write_files,
                            write_findings, write_indicators, write_thread)
from .master_followup import write_follow_up
from .sheet_writer import PERCENT_FORMAT, StreamedWorkbook, amount_format, clean_text
from .trace import TraceTable

MASTER_FILE = Text("Konsolideret.xlsx", "Konsoliderad.xlsx", "Consolidated.xlsx")
DEFAULT_TIME = datetime(2000, 1, 1)
T = {
    "title": Text("Konsolideret overblik: {municipality}", "Sammanställd översikt: {municipality}",
                  "Consolidated overview: {municipality}"),
    "submissions": Text("Indsendelser", "Inlämningar", "Submissions"),
    "received": Text("Modtaget", "Mottagna", "Received"),
    "expected": Text("Forventet", "Förväntade", "Expected"),
    "findings": Text("Fund", "Anmärkningar", "Findings"),
    "count": Text("Antal", "Antal", "Count"),
    "realised": Text("Målsætninger realiseret", "Övergripande mål som förverkligas",
                     "Objectives realised"),
    "share": Text("Andel", "Andel", "Share"),
    "budget": Text("Budget {year} (1.000 kr.)", "Budget {year} (tkr)", "Budget {year} (DKK 1,000)"),
    "frames": Text("Rammer", "Ramar", "Frames"),
    "allocated": Text("Fordelt", "Fördelat", "Allocated"),
    "deviation": Text("Afvigelse", "Avvikelse", "Deviation"),
    "objective": Text("Målsætning", "Övergripande mål", "Objective"),
    "committee": Text("Udvalg", "Nämnd", "Committee"),
    "coverage_chart": Text("Mål pr. målsætning og niveau", "Mål per övergripande mål och nivå",
                           "Goals per objective and level"),
    "budget_chart": Text("Ramme og fordeling pr. udvalg {year} (1.000 kr.)", "Ram och fördelning per nämnd {year} (tkr)",
                         "Frame and allocation per committee {year} (DKK 1,000)"),
    "goals": Text("Antal mål", "Antal mål", "Number of goals"),
    "writing": Text("Skriver masterfilen", "Skriver huvudfilen", "Writing the master workbook"),
    "coverage_sheet": Text("Diagram mål", "Diagram mål", "Chart goals"),
    "budget_sheet": Text("Diagram budget", "Diagram budget", "Chart budget"),
}


class MasterLocked(Exception):
    """The master is open in Excel (or another program holds it): close it and run again."""


def default_master_path(output_dir: Path, lang: Lang) -> Path:
    return Path(output_dir) / MASTER_FILE(lang)


def write_master(path: Path, result: Any, settings: Settings, lang: Lang, *, root: Path | None = None,
                 extra_findings: Sequence[Finding] = (), link_dir: Path | None = None,
                 content_keys: Mapping[str, str] | None = None, trace: TraceTable | None = None) -> Path:
    """Write the master workbook for `result` (a `ValidationResult`) to `path`; return the path.

    `root` is the project folder the result's file names are relative to
    (default: the current folder). `extra_findings` (e.g. write-back
    problems) are listed on the findings sheet with the validation's own.
    Raises `MasterLocked` when the master is open elsewhere. `link_dir` is
    the folder links to the source files start from (default: the master's
    own); a rebuilt earlier master keeps its original folder's links.
    `content_keys` (a submission's path -> the hash of the version its record was read from) lets
    rows be kept between writes across our own write-back, which changes a file's hash, not its
    record; without it a record's own hash serves. `trace`: the run's trace table in `lang`, when
    write-back has filled it already (every goal's values are then looked up, not worked out again).
    """
    path = Path(path)
    if excel_lock_file(path) is not None:
        raise MasterLocked(str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    org = Organisation(result.foundation)
    ctx = MasterContext(result, settings, lang, Path(link_dir) if link_dir else path.parent, Path(root or "."),
                        trace or TraceTable(result.graph, result.findings, lang), org,
                        content_keys=content_keys or {})
    findings = [*result.findings, *extra_findings]
    budget = budget_rows(result.foundation, result.submissions, settings)
    coverage = coverage_matrix(result.foundation, result.submissions, result.graph, settings, org)

    book = StreamedWorkbook()
    _stamp_properties(book.wb, result, settings, lang)
    with step(T["writing"], 12) as progress:  # eleven sheets, then the file
        charts = _write_overview(book.wb, ctx, findings, budget, coverage)
        progress.advance()
        for write_sheet in (write_thread, write_actions, write_indicators):
            write_sheet(book, ctx)
            progress.advance()
        write_budget(book, ctx, budget)
        write_coverage(book, ctx, coverage)
        write_follow_up(book, ctx)
        write_committee_goals(book, ctx)
        write_projects(book, ctx)
        write_findings(book, ctx, findings)
        write_files(book, ctx)
        progress.advance(7)
        for title, chart in charts:
            _chart_sheet(book.wb, title, chart)
        try:
            book.save(path)
        except PermissionError as exc:  # Windows: the master is open in Excel
            raise MasterLocked(str(path)) from exc
        progress.advance()
    return path


def _stamp_properties(wb: Workbook, result: Any, settings: Settings, lang: Lang) -> None:
    times = [s.received for s in result.submissions if s.received]
    if result.foundation is not None and result.foundation.received:
        times.append(result.foundation.received)
    when = (datetime.fromtimestamp(max(times), timezone.utc).replace(tzinfo=None, microsecond=0)
            if times else DEFAULT_TIME)
    props = wb.properties
    props.created = props.modified = when
    props.creator = "roedtraad"
    props.lastModifiedBy = None
    props.title = clean_text(T["title"](lang, municipality=settings.municipality))


def _bold(ws: Any, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, clean_text(value))
    cell.data_type = "s"
    cell.font = Font(bold=True)
    return cell


def _number(ws: Any, value: float, number_format: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value)
    cell.number_format = number_format
    return cell


def _write_overview(wb: Workbook, ctx: MasterContext, findings: list[Finding], budget: list, coverage: Any
                    ) -> list[tuple[str, BarChart]]:
    """The summary and the charts' data; returns the charts (sheet title, chart) to place on sheets of their own."""
    lang, settings, year = ctx.lang, ctx.settings, ctx.settings.period.budget_year
    ws = wb.create_sheet(SHEETS["overview"](lang))
    print_landscape_fit_width(ws)
    for letter, width in zip("ABCDE", (44, 14, 14, 14, 14)):
        ws.column_dimensions[letter].width = width
    rows: list[list[Any]] = [[_bold(ws, T["title"](lang, municipality=settings.municipality))], []]
    rows.append([_bold(ws, T["submissions"](lang)), _bold(ws, T["received"](lang)), _bold(ws, T["expected"](lang))])
    for item in received_vs_expected(ctx.result.submissions, settings, ctx.org):
        rows.append([settings.agreements[item.kind].labels(lang), item.received, item.expected])
    rows += [[], [_bold(ws, T["findings"](lang)), _bold(ws, T["count"](lang))]]
    for severity, count in severity_counts(findings).items():
        label = SEVERITY_LABELS[severity](lang)
        rows.append([label[:1].upper() + label[1:], count])
    rows += [[], [_bold(ws, T["realised"](lang)), _bold(ws, T["share"](lang))]]
    for level_key, share in coverage_share(coverage.objectives, ctx.result.graph, settings):
        rows.append([settings.levels[level_key].labels(lang), _number(ws, share, PERCENT_FORMAT)])
    by_committee = budget_by_committee(budget, year)
    frames, allocated = sum(r[1] for r in by_committee), sum(r[2] for r in by_committee)
    rows += [[], [_bold(ws, T["budget"](lang, year=year))]]
    for key, amount in (("frames", frames), ("allocated", allocated), ("deviation", allocated - frames)):
        rows.append([T[key](lang), _number(ws, amount, amount_format(amount))])
    for row in rows:
        ws.append(row)

    # Chart data: goals per objective and level, then frame vs allocation per committee.
    lower = settings.ordered_levels()[1:]
    start = len(rows) + 2
    ws.append([])
    ws.append([_bold(ws, T["objective"](lang)), *(_bold(ws, lvl.labels(lang)) for lvl in lower)])
    for objective in coverage.objectives:
        ws.append([clean_text(objective.id), *(ctx.result.graph.count_below(objective.id, lvl.key) for lvl in lower)])
    objectives_end = start + len(coverage.objectives)
    budget_start = objectives_end + 2
    ws.append([])
    ws.append([_bold(ws, T["committee"](lang)), _bold(ws, T["frames"](lang)), _bold(ws, T["allocated"](lang))])
    for committee, frame, alloc in by_committee:
        ws.append([clean_text(ctx.org.name(committee) or committee or "-"),
                   _number(ws, frame, amount_format(frame)), _number(ws, alloc, amount_format(alloc))])
    charts = []
    if coverage.objectives and lower:
        charts.append((T["coverage_sheet"](lang), _bar_chart(ws, T["coverage_chart"](lang), T["goals"](lang), start,
                                                             objectives_end, len(lower))))
    if by_committee:
        charts.append((T["budget_sheet"](lang), _bar_chart(ws, T["budget_chart"](lang, year=year), "1.000 kr.",
                                                           budget_start, budget_start + len(by_committee), 2)))
    return charts


def _chart_sheet(wb: Workbook, title: str, chart: BarChart) -> None:
    """A chart on a sheet of its own: it fills the sheet and prints as one landscape page."""
    sheet = wb.create_chartsheet(title)
    sheet.pageSetup = PrintPageSetup(orientation="landscape", paperSize=9)
    sheet.add_chart(chart)


def _bar_chart(ws: Any, title: str, y_title: str, header_row: int, last_row: int, series: int) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.y_axis.title = y_title
    # openpyxl >= 3.1 marks axes as deleted unless told otherwise; Excel then hides the labels.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width, chart.height = 22, 9
    data = Reference(ws, min_col=2, max_col=1 + series, min_row=header_row, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=header_row + 1, max_row=last_row))
    return chart
