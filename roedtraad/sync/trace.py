"""Traceability values: the computed columns, worked out in one place.

The master workbook shows them for every goal at every level and write-back
puts them into each department's goals sheet; both ask this module, so the
two can never disagree. Field names are those of `spec.TRACE_COLUMNS` and of
the foundation's `count_<level>` columns.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..config import Settings
from ..i18n import Lang
from ..model import Goal, Submission
from ..findings import CATALOGUE, SEVERITY_LABELS, SEVERITY_ORDER, Finding, Severity, load_catalogue
from ..validators.context import file_label

if TYPE_CHECKING:
    from ..cascade import CascadeGraph

# "›" reads as "leads to" in Excel's default fonts and, unlike ">", is never
# taken for a comparison or a formula by users who copy the text on.
TRACE_SEPARATOR = " › "
PATH_SEPARATOR = "; "  # between the threads of a goal that realises several goals
STATUS_OK = "OK"
TRACE_FIELDS = ("trace_path", "objective_title", "parent_text", "realised_by", "status")
CellValue = str | int | float | None


@dataclass(frozen=True)
class TraceValues:
    trace_path: str
    objective_title: str
    parent_text: str
    realised_by: int
    status: str

    def cells(self) -> dict[str, CellValue]:
        """Field -> cell value; empty text becomes an empty cell rather than ""."""
        return {name: (getattr(self, name) if getattr(self, name) != "" else None) for name in TRACE_FIELDS}


def count_field(level_key: str) -> str:
    return f"count_{level_key}"


def _row_of(cell: str) -> int | None:
    digits = cell.lstrip("$ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz").replace("$", "")
    return int(digits) if digits.isdigit() else None


class RowFindings:
    """Findings indexed by the worksheet row they point at (file, sheet, Excel row).

    A finding with a cell belongs to that cell's row; one without a cell but
    with a row id belongs to the row of that id on the same sheet (or on any
    sheet of the file when it names none).
    """

    def __init__(self, findings: Iterable[Finding]):
        self._by_row: dict[tuple[str, str, int], list[Finding]] = defaultdict(list)
        self._by_id: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        self._rows: dict[tuple[str, str], set[int]] = defaultdict(set)
        for finding in findings:
            row = _row_of(finding.cell) if finding.cell else None
            if row is not None:
                self._by_row[(finding.file, finding.sheet, row)].append(finding)
                self._rows[(finding.file, finding.sheet)].add(row)
            elif finding.row_id:
                self._by_id[(finding.file, finding.row_id)].append(finding)

    def for_row(self, file: str, sheet: str, row: int | None, row_id: str = "") -> list[Finding]:
        found = list(self._by_row.get((file, sheet, row), ())) if row is not None else []
        if row_id:
            found += [f for f in self._by_id.get((file, row_id), ()) if f.sheet in ("", sheet)]
        return found

    def rows(self, file: str, sheet: str) -> list[int]:
        """Every row of that sheet some finding points at, in order."""
        return sorted(self._rows.get((file, sheet), ()))


def status_text(findings: Iterable[Finding], lang: Lang) -> str:
    """"OK", or the worst severity and the findings' titles, errors first:
    "Fejl: Ukendt overordnet mål; Mål uden indikator".

    A department head reads this cell, so it names the findings in words; the codes stay in the
    findings sheet and the reports. Info findings do not make a row fail and are left out.
    """
    relevant = [f for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)]
    if not relevant:
        return STATUS_OK
    worst = Severity.ERROR if any(f.severity is Severity.ERROR for f in relevant) else Severity.WARNING
    label = SEVERITY_LABELS[worst](lang)
    ordered = sorted({(SEVERITY_ORDER[f.severity], f.code): f for f in relevant}.items())
    titles = dict.fromkeys(_title(f, lang) for _, f in ordered)
    return f"{label[:1].upper()}{label[1:]}: " + "; ".join(titles)


def _title(finding: Finding, lang: Lang) -> str:
    kind = CATALOGUE.get(finding.code) or load_catalogue().get(finding.code)
    return kind.title(lang) if kind is not None else finding.code


class TraceTable:
    """The computed values for any goal of one validation run, in one language."""

    def __init__(self, graph: CascadeGraph, findings: Iterable[Finding], lang: Lang):
        self.graph = graph
        self.lang = lang
        self.row_findings = RowFindings(findings)
        self._values: dict[int, tuple[Goal, TraceValues]] = {}

    def status(self, file: str, sheet: str, row: int | None, row_id: str = "") -> str:
        return status_text(self.row_findings.for_row(file, sheet, row, row_id), self.lang)

    def for_goal(self, goal: Goal) -> TraceValues:
        """The values for this record. They follow the record's own parents: with a duplicated id
        the graph holds only the first record, which may name other parents."""
        known = self._values.get(id(goal))
        if known is not None and known[0] is goal:
            return known[1]
        graph = self.graph
        parents = [graph.goals[p] for p in dict.fromkeys(goal.parents) if p in graph.goals]
        paths = []
        for route in ([graph.trace_paths(p.id) for p in parents] or [[[]]]):
            for path in route:
                if goal.id in path:  # a cycle back to this goal: the thread starts after it
                    path = path[path.index(goal.id) + 1:]
                paths.append([*path, goal.id])
        tops = [goal if path[0] == goal.id else graph.goals[path[0]] for path in paths]
        loc = goal.location
        status = self.status(loc.file, loc.sheet, loc.row, goal.id) if loc else STATUS_OK
        values = TraceValues(
            trace_path=PATH_SEPARATOR.join(dict.fromkeys(TRACE_SEPARATOR.join(path) for path in paths)),
            objective_title=PATH_SEPARATOR.join(dict.fromkeys(top.text for top in tops
                                                               if top.level == graph.top_level and top.text)),
            parent_text="; ".join(dict.fromkeys(p.text for p in parents if p.text)),
            realised_by=int(graph.realised_by(goal.id)),
            status=status,
        )
        self._values[id(goal)] = (goal, values)  # the run's write-back and master ask for each goal
        return values

    def objective_counts(self, objective_id: str, settings: Settings) -> dict[str, int]:
        """`count_<level>` for each level below the top: how many goals there realise the objective."""
        return {count_field(level.key): int(self.graph.count_below(objective_id, level.key))
                for level in settings.ordered_levels()[1:]}


def goal_sheet_rows(submission: Submission, sheet: str, trace: TraceTable
                    ) -> tuple[tuple[int, dict[str, CellValue]], ...]:
    """(Excel row, field -> value) of the computed columns on an agreement's goals sheet: each goal's
    trace values, and for rows that hold no goal record but have findings (e.g. a malformed id),
    just the status, so the error shows on its row. Write-back and the Excel add-in write these."""
    key = file_label(submission)
    rows, goal_rows = [], set()
    for goal in submission.goals:
        if goal.location is not None and goal.location.row is not None and goal.location.sheet == sheet:
            goal_rows.add(goal.location.row)
            rows.append((goal.location.row, trace.for_goal(goal).cells()))
    for row in trace.row_findings.rows(key, sheet):  # rows above the header are dropped by the writers
        if row not in goal_rows:
            rows.append((row, {"trace_path": None, "objective_title": None, "parent_text": None,
                               "realised_by": None, "status": trace.status(key, sheet, row)}))
    return tuple(rows)
