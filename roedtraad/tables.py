"""The rows the dashboard, the JSON API and the analyst's data frames show, from one validation result.

Nothing here decides anything new: budget sums come from the budget rule
(`validators.budget.committee_allocations`), a budget line's verdict from the
findings the rules reported, coverage from the cascade graph. The tables only
attribute rows to parties and committees, so one party sees only its own.
"""
from __future__ import annotations

from functools import cached_property
from typing import Iterable, Literal

from pydantic import BaseModel, Field

from .config import Settings
from .findings import SEVERITY_ORDER, Finding, Severity
from .i18n import DEFAULT_LANG, Lang
from .validators.budget import committee_allocations, committee_of_appropriation
from .validators.context import RuleContext
from .validators.engine import ValidationResult

# full: goals of the lowest level realise it; partial: only agreement goals above the lowest; none: no agreement
# works towards it (a foundation goal standing out); open: an agreement's goal nobody below has taken up; leaf: lowest.
Coverage = Literal["full", "partial", "none", "open", "leaf"]
BudgetState = Literal["within", "above", "below", "no-frame"]
_BUDGET_CODES: dict[str, BudgetState] = {"budget.above-frame": "above", "budget.below-frame": "below",
                                        "budget.no-frame": "no-frame"}


class GoalRow(BaseModel):
    """A goal with its place in the red thread."""

    id: str
    text: str
    level: str
    level_label: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    parties: list[str] = Field(default_factory=list)  # who owns it: committees for policy goals, else the file's
    committee: str = ""
    parents: list[str] = Field(default_factory=list)
    children: list[str] = Field(default_factory=list)
    realised_by: int = 0  # goals naming this one as their parent
    lowest_below: int = 0  # goals of the lowest level anywhere below
    coverage: Coverage = "none"


class ProjectRow(BaseModel):
    """A strategic project (a department's project register) under a goal it names as the one it serves."""

    id: str
    name: str
    department: str = ""
    file: str = ""
    parties: list[str] = Field(default_factory=list)  # who sees it: the register's department and its institutions


class GoalNode(BaseModel):
    """A goal in the tree from the council's objectives down; a goal with two parents appears under both.
    `projects` are the strategic projects naming this goal directly (issue 14 §3)."""

    goal: GoalRow
    projects: list[ProjectRow] = Field(default_factory=list)
    children: list["GoalNode"] = Field(default_factory=list)


class BudgetRow(BaseModel):
    """Frame against the committee agreements' allocations for one (committee, appropriation, year), in 1.000 kr."""

    committee: str
    appropriation: str
    name: str = ""
    year: int
    frame: float | None = None
    allocated: float = 0.0
    difference: float = 0.0  # allocated - frame
    state: BudgetState = "within"


class FindingRow(BaseModel):
    code: str
    severity: Severity
    title: str
    message: str
    hint: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    row_id: str = ""
    parties: list[str] = Field(default_factory=list)
    committee: str = ""


class FindingFilter(BaseModel):
    """What a findings view asks for; empty fields do not filter."""

    party: str = ""
    committee: str = ""
    severity: Severity | None = None
    code: str = ""


class ProjectTables:
    """The tables of one validation result; build once per result and ask for rows."""

    def __init__(self, result: ValidationResult, settings: Settings) -> None:
        self.result = result
        self.settings = settings
        self.ctx = RuleContext(settings, result.foundation, result.submissions, result.graph)

    # --- who a file, a goal and a finding belong to ------------------------------------------------------------

    @cached_property
    def _file_parties(self) -> dict[str, list[str]]:
        """Every party to a file's agreement: its department and its institutions (both sign a quality
        agreement, so both see it), not only the party the reports name it by."""
        parties = {summary.path: [p.strip() for p in summary.party.split(",") if p.strip()]
                   for summary in self.result.files}
        for view in self.ctx.views:
            ids = [p.id for p in (view.department, *view.institutions) if p is not None]
            if ids:
                parties[view.file] = ids
        return parties

    @cached_property
    def _file_committee(self) -> dict[str, str]:
        return {view.file: view.committee.id for view in self.ctx.views if view.committee is not None}

    def committee_of_party(self, party_id: str) -> str:
        party = self.ctx.register.get(party_id)
        committee = self.ctx.committee_of(party)
        return committee.id if committee else ""

    def _finding_parties(self, finding: Finding) -> list[str]:
        parties = self._file_parties.get(finding.file, [])
        if parties:
            return parties
        # Findings at the foundation name the party they are about in the row id (e.g. a missing submission).
        return [part for part in finding.row_id.split(":") if self.ctx.register.get(part) is not None
                and self.ctx.register.get(part).kind in ("department", "institution")][:1]

    def _finding_committee(self, finding: Finding, parties: list[str]) -> str:
        if finding.file in self._file_committee:
            return self._file_committee[finding.file]
        for party in parties:
            if committee := self.committee_of_party(party):
                return committee
        if "committee" in finding.params:
            return str(finding.params["committee"])
        for part in finding.row_id.split(":"):
            if part in self.ctx.appropriations:
                return committee_of_appropriation(self.ctx, part)
        return ""

    # --- findings ------------------------------------------------------------------------------------------------

    def findings(self, lang: Lang = DEFAULT_LANG, where: FindingFilter | None = None) -> list[FindingRow]:
        where = where or FindingFilter()
        rows = []
        for finding in self.result.findings:
            if where.severity is not None and finding.severity != where.severity:
                continue
            if where.code and finding.code != where.code:
                continue
            parties = self._finding_parties(finding)
            if where.party and where.party not in parties:
                continue
            committee = self._finding_committee(finding, parties)
            if where.committee and committee != where.committee:
                continue
            kind = finding.kind
            rows.append(FindingRow(code=finding.code, severity=finding.severity, title=kind.title(lang),
                                   message=finding.message(lang), hint=finding.hint(lang), file=finding.file,
                                   sheet=finding.sheet, cell=finding.cell, row_id=finding.row_id, parties=parties,
                                   committee=committee))
        rows.sort(key=lambda r: (SEVERITY_ORDER[r.severity], r.file, r.sheet, r.cell, r.code))
        return rows

    # --- goals and the red thread ------------------------------------------------------------------------------

    def goals(self, lang: Lang = DEFAULT_LANG, party: str = "") -> list[GoalRow]:
        """Every goal of the cascade (first occurrence of an id); with `party`, the foundation's and that party's."""
        graph = self.result.graph
        levels = self.settings.ordered_levels()
        lowest = levels[-1].key if levels else ""
        agreement_levels = {a.level for a in self.settings.agreements.values()}
        rows = []
        for goal_id in sorted(graph.goals, key=lambda g: (self._rank(graph.goals[g].level), g)):
            goal = graph.goals[goal_id]
            location = goal.location
            file = location.file if location else ""
            in_foundation = graph.submission_of(goal_id) is None
            parties = list(goal.owners) if in_foundation else self._file_parties.get(file, list(goal.owners))
            if party and not in_foundation and party not in parties:
                continue
            lowest_below = graph.count_below(goal_id, lowest) if lowest else 0
            rows.append(GoalRow(
                id=goal.id, text=goal.text, level=goal.level, file=file,
                level_label=self.settings.levels[goal.level].labels(lang) if goal.level in self.settings.levels
                else goal.level,
                sheet=location.sheet if location else "", cell=goal.cells.get("id", location.cell if location else ""),
                parties=parties, committee=self._file_committee.get(file, "") or (
                    goal.owners[0] if in_foundation and goal.owners else ""),
                parents=[p.id for p in graph.parents(goal_id)], children=[c.id for c in graph.children(goal_id)],
                realised_by=graph.realised_by(goal_id), lowest_below=lowest_below,
                coverage=self._coverage(goal_id, goal.level, lowest, lowest_below, agreement_levels)))
        return rows

    def _rank(self, level: str) -> int:
        return self.settings.levels[level].rank if level in self.settings.levels else 99

    def _coverage(self, goal_id: str, level: str, lowest: str, lowest_below: int, agreement_levels: set[str]) -> Coverage:
        # The same question the objective rule asks: does any agreement's goal work towards it?
        if level == lowest:
            return "leaf"
        if lowest_below:
            return "full"
        if any(self.result.graph.count_below(goal_id, other) for other in agreement_levels):
            return "partial"
        return "open" if level in agreement_levels else "none"

    def goal_tree(self, lang: Lang = DEFAULT_LANG, party: str = "") -> list[GoalNode]:
        """The red thread from the top level down; goals whose thread reaches no top sit at the root too."""
        rows = {row.id: row for row in self.goals(lang, party)}
        top = self.result.graph.top_level
        roots = [g for g, row in rows.items() if row.level == top or not any(p in rows for p in row.parents)]
        return [self._node(g, frozenset({g}), rows, party) for g in roots]

    def _node(self, goal_id: str, path: frozenset[str], rows: dict[str, GoalRow], party: str) -> GoalNode:
        # A method, not a closure calling itself (a reference cycle holding every goal until a full collection).
        children = [self._node(c, path | {c}, rows, party) for c in rows[goal_id].children
                    if c in rows and c not in path]
        return GoalNode(goal=rows[goal_id], projects=self.projects_serving(goal_id, party), children=children)

    def projects_serving(self, goal_id: str, party: str = "") -> list[ProjectRow]:
        """The strategic projects naming this goal, as the cascade graph knows them; with `party`, only those of
        the party's own department (the register's parties, as a goal's agreement file is narrowed)."""
        rows = []
        for project in self.result.graph.projects_serving(goal_id):
            file = project.location.file if project.location else ""
            parties = self._file_parties.get(file, [project.department] if project.department else [])
            if party and party not in parties:
                continue
            rows.append(ProjectRow(id=project.id, name=project.name, department=project.department, file=file,
                                   parties=parties))
        return rows

    # --- budget --------------------------------------------------------------------------------------------------

    def budget(self, committee: str = "") -> list[BudgetRow]:
        ctx = self.ctx
        allocated = committee_allocations(ctx)
        verdicts: dict[str, BudgetState] = {f.row_id: _BUDGET_CODES[f.code] for f in self.result.findings
                                            if f.code in _BUDGET_CODES}
        keys = set(allocated) | {k for k in ctx.frames if k[0] in ctx.appropriations}
        rows = []
        for number, year in sorted(keys):
            if number not in ctx.appropriations:
                continue
            owner = committee_of_appropriation(ctx, number)
            if committee and owner != committee:
                continue
            frame = ctx.frames.get((number, year))
            total = allocated.get((number, year), 0.0)
            rows.append(BudgetRow(committee=owner, appropriation=number, name=ctx.appropriations[number].name,
                                  year=year, frame=frame.amount if frame else None, allocated=total,
                                  difference=total - (frame.amount if frame else 0.0),
                                  state=verdicts.get(f"{number}:{year}", "no-frame" if frame is None else "within")))
        rows.sort(key=lambda r: (r.committee, r.appropriation, r.year))
        return rows

    def committees(self) -> list[str]:
        return [p.id for p in self.ctx.register.of_kind("committee")]


def rows_as_dicts(rows: Iterable[BaseModel]) -> list[dict]:
    return [row.model_dump(mode="json") for row in rows]


__all__ = ["BudgetRow", "FindingFilter", "FindingRow", "GoalNode", "GoalRow", "ProjectRow", "ProjectTables", "rows_as_dicts"]
