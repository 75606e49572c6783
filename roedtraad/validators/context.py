"""What every rule needs, indexed once: the records, the cascade graph, the register.

Rules are small functions `rule(ctx) -> Iterable[Finding]`. They never loop
over all goals inside another loop over all goals; they look things up here.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Iterator

from ..cascade import CascadeGraph
from ..config import Agreement, Settings
from ..model import Appropriation, Foundation, Frame, Goal, Location, Party, Submission, Workbook
from ..workbook_templates.links import PartyRegister
from ..workbook_templates.projects import PROJECT_REGISTER
from ..workbook_templates.spec import FIRST_DATA_ROW, WorkbookSpec, workbook_specs


def file_label(workbook: Workbook) -> str:
    """The file name the reader put into the records' locations (else the path)."""
    for record in getattr(workbook, "goals", []):
        if record.location is not None:
            return record.location.file
    header = getattr(workbook, "header", None)
    if header is not None:
        for location in header.cells.values():
            return location.file
    for name in ("parties", "appropriations", "frames", "deadlines", "budget", "actions", "indicators",
                 "cross_cutting"):
        for record in getattr(workbook, name, []):
            if record.location is not None:
                return record.location.file
    return str(workbook.path)


def located(record: object, field_name: str = "", fallback: str = "") -> Location:
    """The record's location at the cell of `field_name` (else its first cell)."""
    location: Location | None = getattr(record, "location", None)
    cells: dict[str, str] = getattr(record, "cells", {}) or {}
    if location is None:
        return Location(file=fallback)
    cell = cells.get(field_name) if field_name else None
    return location.at(cell) if cell else location


@dataclass
class SubmissionView:
    """A submission with its parties resolved against the register."""

    submission: Submission
    file: str
    agreement: Agreement | None
    committee: Party | None = None
    department: Party | None = None
    institutions: list[Party] = field(default_factory=list)
    goal_ids: set[str] = field(default_factory=set)
    specs: dict[str, WorkbookSpec] = field(default_factory=dict, repr=False)

    @property
    def kind(self) -> str:
        return self.submission.kind

    def _records(self, table_key: str) -> list:
        return {"goals": self.submission.goals, "budget": self.submission.budget,
                "projects": self.submission.projects,
                "cross_cutting": self.submission.cross_cutting, "actions": self.submission.actions,
                "indicators": self.submission.indicators}.get(table_key, [])

    def sheet(self, table_key: str, settings: Settings) -> str:
        """The sheet name of a table in this file (as read, else as the template names it)."""
        for record in self._records(table_key):
            if record.location is not None:
                return record.location.sheet
        spec = self.specs.get(self.kind)
        if spec is not None and spec.has_table(table_key):
            return spec.table(table_key).name(settings.language)
        return ""

    def next_row(self, table_key: str, settings: Settings) -> Location:
        """Column A of the first row below the table's rows: where a missing row should be typed."""
        rows = [r.location.row for r in self._records(table_key) if r.location is not None and r.location.row]
        row = max(rows) + 1 if rows else FIRST_DATA_ROW
        return Location(file=self.file, sheet=self.sheet(table_key, settings), cell=f"A{row}", row=row)

    def front(self, field_name: str) -> Location:
        return self.submission.header.cells.get(field_name) or Location(file=self.file)


class RuleContext:
    """The indexed input of one validation run."""

    def __init__(self, settings: Settings, foundation: Foundation | None, submissions: list[Submission],
                 graph: CascadeGraph | None = None, *, whole_set: bool = True, today: date | None = None) -> None:
        self.settings = settings
        self.today = today or date.today()  # follow-up: which checkpoints have passed
        self.foundation = foundation
        self.submissions = submissions
        self.graph = graph or CascadeGraph.build(settings, foundation, submissions)
        self.whole_set = whole_set
        self.register = PartyRegister(foundation.parties if foundation else [])
        self.foundation_file = file_label(foundation) if foundation else ""
        self.appropriations: dict[str, Appropriation] = {}
        self.frames: dict[tuple[str, int], Frame] = {}
        for appropriation in foundation.appropriations if foundation else []:
            self.appropriations.setdefault(appropriation.number, appropriation)
        for frame in foundation.frames if foundation else []:
            self.frames.setdefault((frame.appropriation, frame.year), frame)
        self.specs = workbook_specs(settings)
        # Project registers are read like agreements but are no agreement: the agreement rules
        # see only the agreements, the project rules only the registers.
        self.views = [self._view(s) for s in submissions if s.kind != PROJECT_REGISTER]
        self.register_views = [self._view(s) for s in submissions if s.kind == PROJECT_REGISTER]

    def _view(self, submission: Submission) -> SubmissionView:
        header = submission.header
        register = self.register
        department = register.resolve(header.department, "department")
        committee = register.resolve(header.committee, "committee")
        if committee is None and not header.committee and department is not None:
            committee = register.get(department.parent)  # quality agreements name no committee
        institutions = [p for p in (register.resolve(i, "institution") for i in header.institutions) if p]
        return SubmissionView(submission, file_label(submission), self.settings.agreements.get(submission.kind),
                              committee, department, institutions, {g.id for g in submission.goals}, self.specs)

    @property
    def has_foundation(self) -> bool:
        return self.foundation is not None

    @cached_property
    def cross_cutting_goals(self) -> list[Goal]:
        return [g for g in self.foundation.goals if g.cross_cutting] if self.foundation else []

    @cached_property
    def foundation_goal_ids(self) -> set[str]:
        return {g.id for g in self.foundation.goals} if self.foundation else set()

    @cached_property
    def views_by_kind(self) -> dict[str, list[SubmissionView]]:
        grouped: dict[str, list[SubmissionView]] = defaultdict(list)
        for view in self.views:
            grouped[view.kind].append(view)
        return dict(grouped)

    def committee_of(self, party: Party | None) -> Party | None:
        """The committee a department reports to, or that an institution's department reports to."""
        seen: set[str] = set()
        while party is not None and party.kind != "committee" and party.id not in seen:
            seen.add(party.id)
            party = self.register.get(party.parent)
        return party if party is not None and party.kind == "committee" else None

    @cached_property
    def view_of(self) -> dict[int, SubmissionView]:
        """Submission (by identity) -> its view."""
        return {id(view.submission): view for view in self.views}

    def goal_places(self) -> Iterator[tuple[Goal, str, SubmissionView | None]]:
        """Every goal row (duplicates included) with its file, foundation first."""
        for goal in self.foundation.goals if self.foundation else []:
            yield goal, self.foundation_file, None
        for view in self.views:
            for goal in view.submission.goals:
                yield goal, view.file, view

    def level_labels(self, prefix: str, *level_keys: str) -> dict[str, str]:
        """Message parameters `{prefix}_da/_sv/_en` naming one or more levels in each language."""
        params = {}
        for index, lang in enumerate(("da", "sv", "en")):
            names = [self.settings.levels[k].labels.as_text()[index] if k in self.settings.levels else k
                     for k in level_keys]
            params[f"{prefix}_{lang}"] = ", ".join(names) or "-"
        return params

def place(location: Location | None) -> str:
    """A location as a user reads it: 'file, sheet!B7'."""
    if location is None:
        return ""
    where = f"{location.sheet}!{location.cell}" if location.sheet and location.cell else location.sheet
    return f"{location.file}, {where}" if where else location.file
