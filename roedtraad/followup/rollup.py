"""Statuses up the cascade at one checkpoint.

A goal with indicators has an own status: its worst measured indicator. Every goal with children
(committee goals, policy goals, council objectives) gets the distribution of its direct children's
overall statuses; its overall status applies the preset's rule to those children together with its
own status, when it has one. A child with several parents counts under each of them.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from ..cascade import CascadeGraph
from ..config import FollowUpSettings
from ..model import IndicatorResult, Submission
from .status import SEVERITY, Status, result_status, worst


@dataclass
class GoalStatus:
    goal_id: str
    own: Status = Status.NOT_MEASURED  # from the goal's own indicators
    children: Counter = field(default_factory=Counter)  # Status -> count of direct children
    overall: Status = Status.NOT_MEASURED

    def distribution(self) -> dict[str, int]:
        return {s.value: self.children.get(s, 0) for s in SEVERITY}


def apply_rule(statuses: list[Status], settings: FollowUpSettings) -> Status:
    """The preset's roll-up rule over measured statuses (not measured ones are left out)."""
    measured = [s for s in statuses if s is not Status.NOT_MEASURED]
    if not measured:
        return Status.NOT_MEASURED
    if settings.rollup == "worst":
        return worst(measured)
    share = measured.count(Status.GREEN) / len(measured)
    if share >= settings.rollup_green_share - 1e-9:
        return Status.GREEN
    if share >= settings.rollup_yellow_share - 1e-9:
        return Status.YELLOW
    return Status.RED


def results_at(submissions: Iterable[Submission], checkpoint: str) -> list[IndicatorResult]:
    return [r for s in submissions for r in s.results if r.checkpoint.casefold() == checkpoint.casefold()]


def own_statuses(results: Iterable[IndicatorResult], settings: FollowUpSettings) -> dict[str, Status]:
    """Goal id -> worst measured indicator (not measured when none was)."""
    by_goal: dict[str, list[Status]] = {}
    for result in results:
        by_goal.setdefault(result.goal_id, []).append(result_status(result, settings))
    return {goal_id: worst(statuses) for goal_id, statuses in by_goal.items()}


def roll_up(graph: CascadeGraph, own: dict[str, Status], settings: FollowUpSettings) -> dict[str, GoalStatus]:
    """Every goal of the graph with its own, children's and overall status. Cycle-safe: a goal
    met again on its own path counts as not measured there."""
    done: dict[str, GoalStatus] = {}
    for goal_id in sorted(graph.goals):
        _visit(goal_id, graph, own, settings, done, set())
    return done


def _visit(goal_id: str, graph: CascadeGraph, own: dict[str, Status], settings: FollowUpSettings,
           done: dict[str, GoalStatus], on_path: set[str]) -> Status:
    # A module-level function, not a closure calling itself: such a closure is a reference cycle
    # that kept the whole cascade graph (every record) alive until the next full collection.
    if goal_id in done:
        return done[goal_id].overall
    if goal_id in on_path:
        return Status.NOT_MEASURED
    on_path.add(goal_id)
    status = GoalStatus(goal_id, own=own.get(goal_id, Status.NOT_MEASURED))
    child_statuses = [_visit(child.id, graph, own, settings, done, on_path) for child in graph.children(goal_id)]
    status.children = Counter(child_statuses)
    status.overall = apply_rule(child_statuses + [status.own], settings)
    on_path.discard(goal_id)
    done[goal_id] = status
    return status.overall
