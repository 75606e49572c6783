"""The cascade graph: every goal of the foundation and the submissions, linked by parent ids.

The red thread runs from the council's objectives (the top level) down through
policy goals and committee goals to institution goals. Validators, the
traceability columns and the master workbook all ask the same questions of it:
who are this goal's parents and children, which objective does it serve, how
many goals below realise it. Everything is indexed once, so each question is
a dictionary look-up, and iteration is sorted, so output is deterministic.
"""
from __future__ import annotations

from collections import defaultdict

from .config import Settings
from .model import Foundation, Goal, StrategicProject, Submission


MAX_PATHS = 12  # routes shown per goal in the trace column


class CascadeGraph:
    """Goals by id (first occurrence wins) with parent and child links."""

    def __init__(self, settings: Settings, goals: dict[str, Goal], owners: dict[str, Submission | None],
                 projects: list[StrategicProject] | None = None) -> None:
        self.settings = settings
        self.goals = goals
        self._submission_of = owners
        children: dict[str, list[Goal]] = defaultdict(list)
        for goal_id in sorted(goals):
            for parent in dict.fromkeys(goals[goal_id].parents):
                children[parent].append(goals[goal_id])
        self._children = dict(children)
        self._below: dict[tuple[str, str], int] | None = None
        top = settings.ordered_levels()[0].key if settings.levels else ""
        self.top_level = top
        # Strategic projects hang under the goals they serve (leaves of the thread, never parents).
        self.projects = list(projects or [])
        served: dict[str, list[StrategicProject]] = defaultdict(list)
        for project in sorted(self.projects, key=lambda p: p.id):
            for goal_id in dict.fromkeys(project.serves):
                served[goal_id].append(project)
        self._served = dict(served)

    @classmethod
    def build(cls, settings: Settings, foundation: Foundation | None,
              submissions: list[Submission]) -> "CascadeGraph":
        goals: dict[str, Goal] = {}
        owners: dict[str, Submission | None] = {}
        projects = [p for submission in submissions for p in submission.projects]
        for goal in foundation.goals if foundation else []:
            if goal.id not in goals:
                goals[goal.id] = goal
                owners[goal.id] = None
        for submission in submissions:
            for goal in submission.goals:
                if goal.id not in goals:
                    goals[goal.id] = goal
                    owners[goal.id] = submission
        return cls(settings, goals, owners, projects)

    def __contains__(self, goal_id: str) -> bool:
        return goal_id in self.goals

    def parents(self, goal_id: str) -> list[Goal]:
        """The known parents, in the order the goal names them."""
        goal = self.goals.get(goal_id)
        if goal is None:
            return []
        return [self.goals[p] for p in dict.fromkeys(goal.parents) if p in self.goals]

    def children(self, goal_id: str) -> list[Goal]:
        """Goals naming this goal as a parent, sorted by id."""
        return list(self._children.get(goal_id, ()))

    def projects_serving(self, goal_id: str) -> list[StrategicProject]:
        """Strategic projects that name this goal as the one they serve, sorted by id."""
        return list(self._served.get(goal_id, ()))

    def project_objectives(self, project: StrategicProject) -> list[Goal]:
        """The top-level goals a project serves: directly, or through the thread of a lower goal it names."""
        found: dict[str, Goal] = {}
        for goal_id in project.serves:
            if goal_id not in self.goals:
                continue
            for candidate in (goal_id, *sorted(self.ancestors(goal_id))):
                if self.goals[candidate].level == self.top_level:
                    found.setdefault(candidate, self.goals[candidate])
        return list(found.values())

    def realised_by(self, goal_id: str) -> int:
        return len(self._children.get(goal_id, ()))

    def trace_path(self, goal_id: str) -> list[str]:
        """Ids from the top of the thread down to this goal, following the first known parent.

        A cycle stops the walk where it would repeat a goal.
        """
        if goal_id not in self.goals:
            return []
        path = [goal_id]
        seen = {goal_id}
        current = goal_id
        while True:
            parent = next((p for p in self.goals[current].parents if p in self.goals), None)
            if parent is None or parent in seen:
                break
            path.append(parent)
            seen.add(parent)
            current = parent
        path.reverse()
        return path

    def trace_paths(self, goal_id: str, limit: int = MAX_PATHS) -> list[list[str]]:
        """Every thread from the top down to this goal, one per route through its known parents
        (a goal realising "M2, M3" has two), in the order the goals name their parents.

        A route stops where it would repeat a goal (a cycle); at most `limit` routes are kept,
        so a web of shared goals cannot blow up a cell.
        """
        if goal_id not in self.goals:
            return []
        paths: list[list[str]] = []
        stack: list[list[str]] = [[goal_id]]  # partial routes, bottom first
        while stack and len(paths) < limit:
            route = stack.pop()
            parents = [p for p in dict.fromkeys(self.goals[route[-1]].parents) if p in self.goals and p not in route]
            if not parents:
                paths.append(route[::-1])
                continue
            stack.extend(route + [p] for p in reversed(parents))
        return paths

    def objective_of(self, goal_id: str) -> Goal | None:
        """The top-level goal this goal's thread reaches, if it reaches the top."""
        path = self.trace_path(goal_id)
        if not path:
            return None
        top = self.goals[path[0]]
        return top if top.level == self.top_level else None

    def ancestors(self, goal_id: str) -> set[str]:
        """Every known goal reachable upwards through any parent (cycle-safe)."""
        found: set[str] = set()
        goal = self.goals.get(goal_id)
        stack = list(goal.parents) if goal else []
        while stack:
            parent = stack.pop()
            if parent in found or parent not in self.goals:
                continue
            found.add(parent)
            stack.extend(self.goals[parent].parents)
        found.discard(goal_id)
        return found

    def count_below(self, goal_id: str, level: str) -> int:
        """How many goals at `level` have this goal anywhere in their ancestry."""
        if self._below is None:
            below: dict[tuple[str, str], int] = defaultdict(int)
            for other_id in sorted(self.goals):
                other_level = self.goals[other_id].level
                for ancestor in self.ancestors(other_id):
                    below[(ancestor, other_level)] += 1
            self._below = dict(below)
        return self._below.get((goal_id, level), 0)

    def submission_of(self, goal_id: str) -> Submission | None:
        """The submission that defines the goal; None for foundation goals and unknown ids."""
        return self._submission_of.get(goal_id)

    def cycles(self) -> list[list[str]]:
        """Each cycle of parent links once, as ids starting at its smallest id."""
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        found: list[list[str]] = []
        for start in sorted(self.goals):
            if start in state:
                continue
            path: list[str] = []
            stack: list[tuple[str, int]] = [(start, 0)]
            while stack:
                node, index = stack.pop()
                if index == 0:
                    state[node] = 1
                    path.append(node)
                parents = [p for p in self.goals[node].parents if p in self.goals]
                if index < len(parents):
                    stack.append((node, index + 1))
                    parent = parents[index]
                    if state.get(parent) == 1:
                        cycle = path[path.index(parent):]
                        pivot = cycle.index(min(cycle))
                        found.append(cycle[pivot:] + cycle[:pivot])
                    elif parent not in state:
                        stack.append((parent, 0))
                else:
                    state[node] = 2
                    path.pop()
        unique = {tuple(c): c for c in found}
        return [unique[key] for key in sorted(unique)]
