"""The master's aggregates: budget per committee, coverage of objectives, who submitted.

Small tables computed from a validation result before any sheet is written;
the long lists (goals, actions, indicators) are streamed by `master_sheets`
straight from the records and never copied.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..config import Settings
from ..model import Foundation, Goal, Party, Submission
from ..findings import Finding, Severity

if TYPE_CHECKING:
    from ..cascade import CascadeGraph


class Organisation:
    """The foundation's organisation register: names, and which committee a party reports to."""

    def __init__(self, foundation: Foundation | None):
        self.parties: dict[str, Party] = {p.id: p for p in foundation.parties} if foundation else {}

    def name(self, party_id: str) -> str:
        party = self.parties.get(party_id)
        return party.name if party else party_id

    def of_kind(self, kind: str) -> list[Party]:
        return [p for p in self.parties.values() if p.kind == kind]

    def committee_of(self, party_id: str) -> str:
        seen: set[str] = set()
        party = self.parties.get(party_id)
        while party is not None and party.id not in seen:
            if party.kind == "committee":
                return party.id
            seen.add(party.id)
            party = self.parties.get(party.parent or "")
        return ""


def submission_parties(submission: Submission) -> list[str]:
    """The parties that deliver the agreement's goals (institutions, else the department)."""
    header = submission.header
    return list(header.institutions) or ([header.department] if header.department else [])


def goal_owners(goal: Goal, submission: Submission | None) -> list[str]:
    return list(goal.owners) or (submission_parties(submission) if submission else [])


def all_goals(foundation: Foundation | None, submissions: Iterable[Submission]
              ) -> Iterator[tuple[Goal, Submission | None]]:
    """Every goal record, foundation first, then submissions in their (sorted) order."""
    if foundation is not None:
        for goal in foundation.goals:
            yield goal, None
    for submission in submissions:
        for goal in submission.goals:
            yield goal, submission


# ------------------------------------------------------------------------ budget
@dataclass(frozen=True)
class BudgetRow:
    committee: str
    appropriation: str
    name: str
    year: int
    frame: float
    allocated: float
    institutions: float
    agreed: bool = True  # False: no agreement covers the year (an outline year), so no deviation

    @property
    def deviation(self) -> float:
        return self.allocated - self.frame


def budget_rows(foundation: Foundation | None, submissions: Iterable[Submission], settings: Settings
                ) -> list[BudgetRow]:
    """Frame vs allocation per (committee, appropriation, year).

    Allocations are the budget lines of agreements a committee makes (the
    udvalgsaftaler); lines of agreements below (institution budgets) are shown
    beside them, never added to them, so nothing is counted twice. A line for
    an appropriation the foundation does not know still appears, under the
    agreement's committee, so the sheet's totals equal the inputs.
    """
    appropriations = {a.number: a for a in foundation.appropriations} if foundation else {}
    frames: Counter[tuple[str, int]] = Counter()
    allocated: Counter[tuple[str, int]] = Counter()
    below: Counter[tuple[str, int]] = Counter()
    committee_hint: dict[str, str] = {}
    agreed_years: set[int] = set()  # the committee agreements' periods, and every year a line names
    for frame in foundation.frames if foundation else ():
        frames[(frame.appropriation, frame.year)] += frame.amount
    for submission in submissions:
        agreement = settings.agreements.get(submission.kind)
        allocates = agreement is not None and agreement.between[0] == "committee"
        target = allocated if allocates else below
        first, last = submission.header.first_year, submission.header.last_year
        if allocates and first is not None:
            agreed_years.update(range(first, (last if last is not None and last >= first else first) + 1))
        for line in submission.budget:
            agreed_years.add(line.year)
            target[(line.appropriation, line.year)] += line.amount
            committee_hint.setdefault(line.appropriation, submission.header.committee)
    rows = []
    for number, year in sorted(set(frames) | set(allocated) | set(below)):
        known = appropriations.get(number)
        rows.append(BudgetRow(committee=known.committee if known else committee_hint.get(number, ""),
                              appropriation=number, name=known.name if known else "", year=year,
                              frame=frames[(number, year)], allocated=allocated[(number, year)],
                              institutions=below[(number, year)], agreed=year in agreed_years))
    rows.sort(key=lambda r: (r.committee, r.appropriation, r.year))
    return rows


def budget_by_committee(rows: Iterable[BudgetRow], year: int) -> list[tuple[str, float, float]]:
    """(committee, frame, allocated) for one year, for the overview's chart."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in rows:
        if row.year == year:
            totals[row.committee][0] += row.frame
            totals[row.committee][1] += row.allocated
    return [(committee, frame, allocated) for committee, (frame, allocated) in sorted(totals.items())]


# ---------------------------------------------------------------------- coverage
def objectives_realised(goal: Goal, graph: CascadeGraph, top_level: str) -> set[str]:
    """The council objectives a goal realises through any of its parents.

    Starts from the record's own parents: with a duplicated id the graph knows
    only the first record, and this one may name other parents.
    """
    found: set[str] = set()
    for parent in dict.fromkeys(goal.parents):
        known = graph.goals.get(parent)
        if known is None:
            continue
        found.update(a for a in (parent, *graph.ancestors(parent)) if graph.goals[a].level == top_level)
    return found


@dataclass(frozen=True)
class Coverage:
    objectives: list[Goal]
    committees: list[str]
    counts: dict[tuple[str, str], int]  # (objective id, committee id) -> goals below realising it

    def total(self, objective_id: str) -> int:
        return sum(self.counts.get((objective_id, c), 0) for c in self.committees)


def coverage_matrix(foundation: Foundation | None, submissions: Iterable[Submission], graph: CascadeGraph,
                    settings: Settings, org: Organisation) -> Coverage:
    top = settings.ordered_levels()[0].key
    objectives = [g for g in foundation.goals if g.level == top] if foundation else []
    counts: Counter[tuple[str, str]] = Counter()
    unassigned = False
    for goal, submission in all_goals(foundation, submissions):
        if goal.level == top:
            continue
        committees = {org.committee_of(p) for p in goal_owners(goal, submission)}
        if not committees - {""} and submission is not None and submission.header.committee:
            committees = {submission.header.committee}
        for objective in sorted(objectives_realised(goal, graph, top)):
            for committee in committees or {""}:
                counts[(objective, committee)] += 1
                unassigned |= committee == ""
    committees = [p.id for p in org.of_kind("committee")]
    committees += sorted({c for _, c in counts if c and c not in committees})
    if unassigned:
        committees.append("")
    return Coverage(objectives, committees, dict(counts))


def coverage_share(objectives: list[Goal], graph: CascadeGraph, settings: Settings) -> list[tuple[str, float]]:
    """(level key, share of objectives with at least one goal at that level realising it)."""
    shares = []
    for level in settings.ordered_levels()[1:]:
        realised = sum(1 for o in objectives if graph.count_below(o.id, level.key) > 0)
        shares.append((level.key, realised / len(objectives) if objectives else 0.0))
    return shares


# ------------------------------------------------------------------- submissions
@dataclass(frozen=True)
class Received:
    kind: str
    expected: int
    received: int


def received_vs_expected(submissions: Iterable[Submission], settings: Settings, org: Organisation
                         ) -> list[Received]:
    """Per agreement kind: parties expected to submit (the organisation register) and those that did."""
    delivered: dict[str, set[str]] = defaultdict(set)
    for submission in submissions:
        delivered[submission.kind].update(submission_parties(submission))
    rows = []
    for key, agreement in settings.agreements.items():
        expected = {p.id for p in org.of_kind(agreement.between[1])}
        got = delivered.get(key, set())
        rows.append(Received(key, len(expected), len(got & expected) if expected else len(got)))
    return rows


def severity_counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    counts = Counter(f.severity for f in findings)
    return {severity: counts.get(severity, 0) for severity in Severity}


def first_indicators(submission: Submission) -> dict[str, str]:
    """Goal id -> name of its first indicator, in sheet order."""
    first: dict[str, str] = {}
    for indicator in submission.indicators:
        first.setdefault(indicator.goal_id, indicator.name)
    return first
