"""The master's follow-up: a sheet with every goal's traffic light per checkpoint (own status,
children's distribution, overall status, coloured), and a sheet charting the statuses of each
council objective's goals per checkpoint. Only when the årshjul has checkpoints."""
from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill

from ..followup.rollup import own_statuses, results_at, roll_up
from ..followup.status import COLOURS, LABELS, SEVERITY
from ..workbook_templates.printing import print_landscape_fit_width
from ..i18n import Text
from ..workbook_templates.followup_sheet import checkpoints
from .master_data import goal_owners
from .master_sheets import MasterContext
from .sheet_writer import Kind, OutColumn, StreamedWorkbook, clean_text

FOLLOW_UP = Text("Opfølgning", "Uppföljning", "Follow-up")
CHART_SHEET = Text("Trafiklys", "Trafikljus", "Traffic lights")
H = {
    "checkpoint": Text("Opfølgningspunkt", "Uppföljningstillfälle", "Checkpoint"),
    "date": Text("Dato", "Datum", "Date"),
    "level": Text("Niveau", "Nivå", "Level"),
    "id": Text("Mål-id", "Mål-id", "Goal id"),
    "text": Text("Måltekst", "Måltext", "Goal text"),
    "owner": Text("Ejer", "Ägare", "Owner"),
    "own": Text("Egne indikatorer", "Egna nyckeltal", "Own indicators"),
    "overall": Text("Trafiklys", "Trafikljus", "Traffic light"),
    "objective": Text("Målsætning", "Övergripande mål", "Objective"),
    "chart": Text("Status for målene under hver målsætning: {checkpoint}",
                  "Status för målen under varje övergripande mål: {checkpoint}",
                  "Status of the goals below each objective: {checkpoint}"),
    "goals": Text("Antal mål", "Antal mål", "Number of goals"),
}


def _colour_column(ws: Any, ref: str, lang: str) -> None:
    """Green, yellow, red and grey by the cell's text, as Excel's own conditional formatting."""
    for status in SEVERITY:
        label = LABELS[status](lang).replace('"', '""')
        ws.conditional_formatting.add(ref, CellIsRule(operator="equal", formula=[f'"{label}"'],
                                                      fill=PatternFill("solid", bgColor=COLOURS[status])))


def write_follow_up(book: StreamedWorkbook, ctx: MasterContext) -> None:
    points = checkpoints(ctx.result.foundation)
    if not points:
        return
    lang, settings, graph = ctx.lang, ctx.settings, ctx.result.graph
    submissions = ctx.result.submissions
    ranks = {key: level.rank for key, level in settings.levels.items()}
    goals = sorted(graph.goals.values(), key=lambda g: (ranks.get(g.level, 99), g.id))
    status_heads = [LABELS[s](lang) for s in SEVERITY]
    columns = [OutColumn(H["checkpoint"](lang), width=26), OutColumn(H["date"](lang), Kind.DATE, 12),
               OutColumn(H["level"](lang), width=16), OutColumn(H["id"](lang), width=14),
               OutColumn(H["text"](lang), width=50), OutColumn(H["owner"](lang), width=14),
               OutColumn(H["own"](lang), width=14), *(OutColumn(h, Kind.INT, 9) for h in status_heads),
               OutColumn(H["overall"](lang), width=14)]
    out = book.table(FOLLOW_UP(lang), "FollowUp", columns, lang)
    labels = {status: label(lang) for status, label in LABELS.items()}
    levels = {key: level.labels(lang) for key, level in settings.levels.items()}
    # Runs of goals from one file (ids carry their party, so a file's goals sit together): each
    # run's rows are kept as a block under the file's key, the goals and their statuses.
    runs: list[tuple[Any, list]] = []
    for goal in goals:
        submission = graph.submission_of(goal.id)
        if not runs or runs[-1][0] is not submission:
            runs.append((submission, []))
        runs[-1][1].append(goal)

    def rows(point: Any, submission: Any, run: list, statuses: dict) -> Iterator[list]:
        for goal in run:
            status = statuses[goal.id]
            yield [point.phase, point.deadline, levels.get(goal.level, goal.level), goal.id, goal.text,
                   ", ".join(goal_owners(goal, submission)), labels[status.own],
                   *(status.children.get(s, 0) for s in SEVERITY), labels[status.overall]]

    by_point = {}
    for point in points:
        statuses = roll_up(graph, own_statuses(results_at(submissions, point.phase), settings.follow_up),
                           settings.follow_up)
        by_point[point.phase] = statuses
        for submission, run in runs:
            source = submission if submission is not None else ctx.result.foundation  # the foundation's goals
            source_key = ctx.block_key(source) if source is not None else None
            key = None
            if source_key is not None:
                shown = tuple((goal.id, statuses[goal.id].own, statuses[goal.id].overall,
                               *(statuses[goal.id].children.get(s, 0) for s in SEVERITY)) for goal in run)
                key = (*source_key, point.phase, point.deadline, shown)
            out.block(key, partial(rows, point, submission, run, statuses))
    last = out.header_row + max(out.rows, 1)
    for letter in (out.letters[6], out.letters[-1]):
        _colour_column(out.ws, f"{letter}{out.header_row + 1}:{letter}{last}", lang)
    out.close()
    _write_chart_sheet(book, ctx, points, by_point)


def _write_chart_sheet(book: StreamedWorkbook, ctx: MasterContext, points: list, by_point: dict) -> None:
    """Per checkpoint: one row per council objective with its children's statuses, and a stacked chart."""
    lang, graph = ctx.lang, ctx.result.graph
    objectives = sorted((g for g in graph.goals.values() if g.level == graph.top_level), key=lambda g: g.id)
    ws = book.wb.create_sheet(CHART_SHEET(lang))
    print_landscape_fit_width(ws)  # the data and its charts beside it, on the page's width
    ws.column_dimensions["A"].width = 40
    row = 0
    for index, point in enumerate(points):
        header = [H["objective"](lang), *(LABELS[s](lang) for s in SEVERITY)]
        ws.append([clean_text(point.phase)])
        ws.append([clean_text(h) for h in header])
        row += 2
        first = row
        for objective in objectives:
            status = by_point[point.phase][objective.id]
            ws.append([clean_text(f"{objective.id} {objective.text}"[:60]),
                       *(status.children.get(s, 0) for s in SEVERITY)])
            row += 1
        ws.append([])
        row += 1
        if not objectives:
            continue
        chart = BarChart()
        chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
        chart.title = H["chart"](lang, checkpoint=point.phase)
        chart.y_axis.title = H["goals"](lang)
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.width, chart.height = 24, 3 + 1.2 * len(objectives)
        chart.add_data(Reference(ws, min_col=2, max_col=1 + len(SEVERITY), min_row=first, max_row=row - 1),
                       titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=first + 1, max_row=row - 1))
        for series, status in zip(chart.series, SEVERITY):
            series.graphicalProperties.solidFill = COLOURS[status]
            series.graphicalProperties.line.solidFill = "808080"
        ws.add_chart(chart, f"H{1 + index * (int(chart.height / 0.5) + 3)}")  # a row is about half a cm
