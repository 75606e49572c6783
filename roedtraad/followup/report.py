"""The follow-up report of one checkpoint: every goal's traffic light, rolled up the cascade,
and every indicator's actual, for the whole municipality or one committee's agenda.

`follow_up_report` is pure (records in, a pydantic model out); `report_html` and `report_xlsx`
render it, `report_pdf` prints the HTML. The CLI's `roedtraad report` writes all three.
"""
from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from ..cascade import CascadeGraph
from ..config import Settings
from ..findings import Finding
from ..model import Deadline, Foundation, Submission
from ..validators.context import PartyRegister
from ..workbook_templates.followup_sheet import checkpoints
from .rollup import own_statuses, results_at, roll_up
from .status import SEVERITY, Status, result_status


class UnknownCheckpointError(ValueError):
    """The checkpoint named is not in the årshjul: a usage problem, not a finding."""


class GoalLine(BaseModel):
    level: str
    id: str
    text: str
    owners: list[str] = Field(default_factory=list)
    parents: list[str] = Field(default_factory=list)
    own: Status
    children: dict[str, int]  # status -> count of direct children
    overall: Status


class IndicatorLine(BaseModel):
    file: str
    goal_id: str
    indicator: str
    unit: str = ""
    baseline: float | str | None = None
    target: float | str | None = None
    actual: float | str | None = None
    status: Status
    assessment: str | None = None
    comment: str = ""


class FollowUpReport(BaseModel):
    municipality: str
    checkpoint: str
    date: date
    committee: str | None = None
    committee_name: str = ""
    rollup: str
    goals: list[GoalLine] = Field(default_factory=list)
    indicators: list[IndicatorLine] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)  # follow-up findings of this checkpoint's files

    def totals(self, level: str) -> dict[str, int]:
        """How many goals of a level have each overall status."""
        counts = {s.value: 0 for s in SEVERITY}
        for goal in self.goals:
            if goal.level == level:
                counts[goal.overall.value] += 1
        return counts


def find_checkpoint(foundation: Foundation | None, name: str) -> Deadline:
    points = checkpoints(foundation)
    wanted = " ".join(name.split()).casefold()
    for point in points:
        if " ".join(point.phase.split()).casefold() == wanted:
            return point
    known = "; ".join(p.phase for p in points) or "-"
    raise UnknownCheckpointError(f"unknown checkpoint {name!r}; the årshjul has: {known}")


def follow_up_report(settings: Settings, foundation: Foundation | None, submissions: list[Submission],
                     checkpoint: str, *, committee: str | None = None,
                     findings: list[Finding] = ()) -> FollowUpReport:
    """The statuses at `checkpoint`. With `committee` (the id of a committee), `submissions` should
    be that committee's agreements (`validate_project(committee=...)` gives them): the roll-up then
    counts only what the committee's parties reported, and only its policy goals are listed."""
    point = find_checkpoint(foundation, checkpoint)
    register = PartyRegister(foundation.parties if foundation else [])
    graph = CascadeGraph.build(settings, foundation, submissions)
    results = results_at(submissions, point.phase)
    statuses = roll_up(graph, own_statuses(results, settings.follow_up), settings.follow_up)
    ranks = {key: level.rank for key, level in settings.levels.items()}
    party = register.resolve(committee, "committee") if committee else None
    goal_ids = _in_scope(graph, foundation, submissions, party.id if party else None)
    goals = [GoalLine(level=g.level, id=g.id, text=g.text, owners=g.owners, parents=g.parents,
                      own=statuses[g.id].own, children=statuses[g.id].distribution(), overall=statuses[g.id].overall)
             for g in sorted((graph.goals[i] for i in goal_ids), key=lambda g: (ranks.get(g.level, 99), g.id))]
    files = {}
    for submission in submissions:
        for result in submission.results:
            files[id(result)] = result.location.file if result.location else str(submission.path)
    indicators = [IndicatorLine(file=files.get(id(r), ""), goal_id=r.goal_id, indicator=r.indicator, unit=r.unit,
                                baseline=r.baseline, target=r.target, actual=r.actual,
                                status=result_status(r, settings.follow_up), assessment=r.assessment,
                                comment=r.comment) for r in results]
    indicators.sort(key=lambda line: (line.file, line.goal_id, line.indicator))
    scoped_files = set(files.values()) | {str(s.path) for s in submissions}
    relevant = [f for f in findings if f.code.startswith("follow-up.") and f.file in scoped_files
                and f.params.get("checkpoint", point.phase) == point.phase]
    return FollowUpReport(municipality=settings.municipality, checkpoint=point.phase, date=point.deadline,
                          committee=party.id if party else None, committee_name=party.name if party else "",
                          rollup=settings.follow_up.rollup, goals=goals, indicators=indicators, findings=relevant)


def _in_scope(graph: CascadeGraph, foundation: Foundation | None, submissions: list[Submission],
              committee: str | None) -> list[str]:
    """Every goal, or a committee's: its agreements' goals, its policy goals and the objectives above them."""
    if committee is None:
        return sorted(graph.goals)
    ids = {g.id for s in submissions for g in s.goals}
    ids |= {g.id for g in (foundation.goals if foundation else []) if committee in g.owners}
    for goal_id in list(ids):
        ids |= graph.ancestors(goal_id)
    return sorted(i for i in ids if i in graph.goals)
