"""The demo's deliberate mistakes: one per finding code, each in a file of its own.

Each mistake is placed so that it causes its own finding and nothing else:
budget mistakes sit where no other sum depends on them, the missing
department has neither institutions nor a budget share, and a goal that loses
its actions keeps its indicators (and the other way round).
"""
from __future__ import annotations

from datetime import timedelta

from ..model import Action, BudgetLine, Submission
from .build import DemoBuilder
from .result import DeliberateMistake, daytime

UNKNOWN_PARENT = "thread.unknown-parent"
UNMARKED_OWN_GOAL = "thread.unmarked-own-goal"  # an institution goal without parent, not marked as own goal
DUPLICATE_ACROSS_FILES = "thread.duplicate-id-across-files"
GOAL_WITHOUT_INDICATOR = "thread.goal-without-indicator"
GOAL_WITHOUT_ACTION = "thread.goal-without-action"
ACTION_WITHOUT_GOAL = "thread.action-without-goal"
ONLY_OUTPUT_GOALS = "coverage.only-output-goals"
CROSS_CUTTING_UNDECIDED = "coverage.cross-cutting-undecided"
ABOVE_FRAME = "budget.above-frame"
NEGATIVE_AMOUNT = "budget.negative-amount"
UNKNOWN_APPROPRIATION = "budget.unknown-appropriation"
BUDGET_YEAR_OUTSIDE = "period.budget-year-outside"
WRONG_HEAD = "party.wrong-head"
MISSING_SUBMISSION = "completeness.missing-submission"
LATE = "completeness.late"
WRONG_TYPE = "cell.wrong-type"  # only visible once written: the reader finds it in the cell

MISTAKE_CODES = (UNKNOWN_PARENT, UNMARKED_OWN_GOAL, DUPLICATE_ACROSS_FILES, GOAL_WITHOUT_INDICATOR,
                 GOAL_WITHOUT_ACTION, ACTION_WITHOUT_GOAL, ONLY_OUTPUT_GOALS, CROSS_CUTTING_UNDECIDED, ABOVE_FRAME,
                 NEGATIVE_AMOUNT, UNKNOWN_APPROPRIATION, BUDGET_YEAR_OUTSIDE, WRONG_HEAD, MISSING_SUBMISSION, LATE,
                 WRONG_TYPE)
CELL_CODES = (WRONG_TYPE,)  # found when reading a workbook, not when validating records

UNKNOWN_APPROPRIATION_NUMBER = "98"  # committees number their appropriations from 11 to 79


def apply_mistakes(b: DemoBuilder) -> None:
    for ca in b.cas.values():
        if ca.role:
            _COMMITTEE[ca.role](b, ca.department.id, ca.file, ca.submission)
    qas = {plan.role: (plan, submission) for plan, submission in b.qas.values() if plan.role}
    for role, (plan, submission) in qas.items():
        if role == "duplicate":
            _duplicate(b, plan.file, submission, qas["duplicate_original"][1])
        elif role in _QUALITY:
            _QUALITY[role](b, plan.department.id, plan.file, submission)
    b.mistakes.append(DeliberateMistake(MISSING_SUBMISSION, b.settings.paths.foundation, "organisation",
                                        b.missing.id, "id"))
    b.mistakes.sort(key=lambda m: MISTAKE_CODES.index(m.code))


def _record(b: DemoBuilder, code: str, file: str, sheet_key: str, row_id: str, field: str) -> None:
    b.mistakes.append(DeliberateMistake(code, file, sheet_key, row_id, field))


# --- committee agreements ---------------------------------------------------------------------------------------


def _late(b: DemoBuilder, department: str, file: str, submission: Submission) -> None:
    day = b.ca_deadline + timedelta(days=b.rng.randint(4, 9))
    submission.received = b.received[file] = daytime(day, b.rng)
    _record(b, LATE, file, "front", "", "approved")  # the finding points at the approval date


def _above_frame(b: DemoBuilder, department: str, file: str, submission: Submission) -> None:
    # The department's own appropriation: its line is the only one in the sum, so the finding points here.
    own = b.own_appropriation[department]
    line = next(x for x in submission.budget if x.appropriation == own and x.year == b.budget_year)
    line.amount += float(max(500, round(line.amount * 0.02)))
    _record(b, ABOVE_FRAME, file, "budget", line.row_id, "amount")


def _unknown_appropriation(b: DemoBuilder, department: str, file: str, submission: Submission) -> None:
    line = BudgetLine(party=department, appropriation=UNKNOWN_APPROPRIATION_NUMBER, year=b.budget_year,
                      amount=float(b.rng.randint(5, 30) * 100), note=b.text.unknown_appropriation_note)
    submission.budget.append(line)
    _record(b, UNKNOWN_APPROPRIATION, file, "budget", line.row_id, "appropriation")


def _cross_undecided(b: DemoBuilder, department: str, file: str, submission: Submission) -> None:
    # Built undecided: the decision row is there, with neither yes nor no, and no goal carries the goal.
    _record(b, CROSS_CUTTING_UNDECIDED, file, "cross_cutting", b.undecided.id, "relevant")


def _goal_without_action(b: DemoBuilder, department: str, file: str, submission: Submission) -> None:
    goal = b.rng.choice(submission.goals)
    submission.actions = [a for a in submission.actions if a.goal_id != goal.id]
    _record(b, GOAL_WITHOUT_ACTION, file, "goals", goal.id, "id")


def _goal_without_indicator(b: DemoBuilder, department: str, file: str, submission: Submission) -> None:
    goal = b.rng.choice(submission.goals)
    submission.indicators = [i for i in submission.indicators if i.goal_id != goal.id]
    _record(b, GOAL_WITHOUT_INDICATOR, file, "goals", goal.id, "id")


def _action_without_goal(b: DemoBuilder, department: str, file: str, submission: Submission) -> None:
    # A goal that was deleted while its action stayed behind: the next id after the last goal.
    missing_goal = f"{department}-{len(submission.goals) + 1:02d}"
    template = b.rng.choice(submission.actions)
    action = Action(id=f"{department}-H{len(submission.actions) + 1:02d}", goal_id=missing_goal,
                    text=b.text.orphan_action,
                    responsible=template.responsible, start=template.start, end=template.end)
    submission.actions.append(action)
    _record(b, ACTION_WITHOUT_GOAL, file, "actions", action.id, "goal_id")


_COMMITTEE = {"late": _late, "above_frame": _above_frame, "unknown_appropriation": _unknown_appropriation,
              "cross_undecided": _cross_undecided, "goal_without_action": _goal_without_action,
              "goal_without_indicator": _goal_without_indicator, "action_without_goal": _action_without_goal}


# --- quality agreements -----------------------------------------------------------------------------------------


def _unknown_parent(b: DemoBuilder, department: str, file: str, submission: Submission) -> None:
    goal = next(g for g in submission.goals if g.parents)
    committee_goals = len(b.cas[department].submission.goals)
    goal.parents = [f"{department}-{committee_goals + b.rng.randint(3, 6):02d}"]
    _record(b, UNKNOWN_PARENT, file, "goals", goal.id, "parents")


def _orphan(b: DemoBuilder, department: str, file: str, submission: Submission) -> None:
    goal = [g for g in submission.goals if g.parents][-1]
    goal.parents = []
    goal.own_goal = False
    _record(b, UNMARKED_OWN_GOAL, file, "goals", goal.id, "parents")


def _duplicate(b: DemoBuilder, file: str, submission: Submission, original: Submission) -> None:
    """Reuse the original agreement's first goal id for this agreement's first goal (a copy-paste slip)."""
    goal, new_id = submission.goals[0], original.goals[0].id
    old_id = goal.id
    goal.id = new_id
    for record in (*submission.indicators, *submission.actions):
        if record.goal_id == old_id:
            record.goal_id = new_id
    for decision in submission.cross_cutting:
        decision.carried_by = [new_id if c == old_id else c for c in decision.carried_by]
    _record(b, DUPLICATE_ACROSS_FILES, file, "goals", new_id, "id")


def _output_only(b: DemoBuilder, department: str, file: str, submission: Submission) -> None:
    # Built with output goals only.
    _record(b, ONLY_OUTPUT_GOALS, file, "goals", submission.goals[0].id, "goal_type")


def _negative(b: DemoBuilder, department: str, file: str, submission: Submission) -> None:
    line = submission.budget[0]
    line.amount = -(line.amount or 25.0)
    _record(b, NEGATIVE_AMOUNT, file, "budget", line.row_id, "amount")


def _year_outside(b: DemoBuilder, department: str, file: str, submission: Submission) -> None:
    # A one-year agreement budgeting the next year too; the department has an allocation that year.
    line = submission.budget[0]
    line.year = b.ca_years[-1] if b.ca_years[-1] != line.year else line.year + 1
    _record(b, BUDGET_YEAR_OUTSIDE, file, "budget", line.row_id, "year")


def _wrong_type(b: DemoBuilder, department: str, file: str, submission: Submission) -> None:
    line = submission.budget[0]
    key = ("budget", line.row_id, "amount")
    b.raw_overrides.setdefault(file, {})[key] = b.rng.choice(b.text.not_a_number)
    _record(b, WRONG_TYPE, file, *key)


def _wrong_signatory(b: DemoBuilder, department: str, file: str, submission: Submission) -> None:
    # Signed by the head of another department (a known person, so not an unknown party).
    other = b.rng.choice([d for d in b.present if d.id != department])
    submission.header.head = b.head[other.id]
    _record(b, WRONG_HEAD, file, "front", "", "head")


_QUALITY = {"unknown_parent": _unknown_parent, "orphan": _orphan, "output_only": _output_only,
            "negative": _negative, "year_outside": _year_outside, "wrong_type": _wrong_type,
            "wrong_signatory": _wrong_signatory}
