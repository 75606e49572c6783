"""Committee and quality agreements of the demo: goals, indicators, actions, budget and decisions.

`AgreementsMixin` is the part of `DemoBuilder` that writes the agreements; it
uses the organisation, goals and budgets the builder set up before, and the
builder's single random generator, so the order of calls is part of the seed.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import (Action, AgreementHeader, BudgetLine, CrossCuttingDecision, FollowUp, Goal, Indicator, Party,
                     Submission)
from . import names
from .content import EFFECT, OUTPUT, Department, Measure, Theme
from .result import daytime, with_unit

if TYPE_CHECKING:
    from random import Random

    from .locale import DemoText


@dataclass
class QualityPlan:
    """A quality agreement to be: which institutions, which years, which mistake it hosts."""

    department: Department
    institutions: list[Party]
    file: str
    years: list[int] = field(default_factory=list)
    role: str = ""


@dataclass
class CommitteeDraft:
    """A committee agreement being built, with the theme behind each goal (its institutions derive from it)."""

    department: Department
    file: str
    submission: Submission
    themes: dict[str, Theme] = field(default_factory=dict)  # goal id -> theme it was made from
    role: str = ""


class AgreementsMixin:
    """Builds `cas` (committee agreements by department) and `qas` (quality agreements by file)."""

    rng: "Random"
    text: "DemoText"

    # --- committee agreements -----------------------------------------------------------------------------------

    def committee_agreements(self) -> None:
        self.cas: dict[str, CommitteeDraft] = {}
        for d in self.present:
            self.cas[d.id] = self._committee_agreement(d)
        self._take_up_every_policy_goal()
        for ca in self.cas.values():
            ca.submission.cross_cutting = self._decisions(ca.submission.goals, self.text.words.NOT_RELEVANT_REASONS,
                                                          skip=self.undecided.id if ca.role == "cross_undecided"
                                                          else None)

    def _committee_agreement(self, d: Department) -> CommitteeDraft:
        rng = self.rng
        role = self.ca_role.get(d.id, "")
        day = self.ca_deadline - timedelta(days=rng.randint(2, 14))
        header = AgreementHeader(committee=d.committee, department=d.id, head=self.head[d.id],
                                 first_year=self.ca_years[0], last_year=self.ca_years[-1],
                                 approved=day - timedelta(days=rng.randint(1, 7)))
        submission = Submission(path=Path(self.ca_files[d.id]), kind=self.ca_kind, header=header)
        ca = CommitteeDraft(d, self.ca_files[d.id], submission, role=role)
        themes = rng.sample(d.themes, rng.randint(min(3, len(d.themes)), min(5, len(d.themes))))
        if all(t.goal_type == OUTPUT for t in themes):
            themes[0] = rng.choice([t for t in d.themes if t.goal_type == EFFECT])
        for theme in themes:
            self._add_committee_goal(ca, theme, [self._parent_for(d, theme)])
        for goal in self.cross:
            if d.committee in goal.owners or (role == "cross_undecided" and goal is self.undecided):
                continue
            if len(submission.goals) < 6 and rng.random() < 0.5:
                self._add_committee_goal(ca, self.text.cross_cutting_themes[self.cross_key[goal.id]],
                                         goal.parents[:1], carries=[goal.id])
        submission.budget = [BudgetLine(party=d.id, appropriation=number, year=year, amount=amount)
                             for number, year, amount in self.allocation[d.id]]
        submission.received = self.received[ca.file] = daytime(day, rng)
        return ca

    def _parent_for(self, d: Department, theme: Theme) -> str:
        goal = self.policy.get(theme.policy)
        if goal is not None and d.committee in goal.owners:
            return goal.id
        own = [g.id for g in self.policy.values() if d.committee in g.owners]
        return self.rng.choice(own)

    def _add_committee_goal(self, ca: CommitteeDraft, theme: Theme, parents: list[str],
                            carries: list[str] | None = None) -> Goal:
        rng, d, submission = self.rng, ca.department, ca.submission
        goal_id = f"{d.id}-{len(submission.goals) + 1:02d}"
        carries = carries if carries is not None else [p for p in parents if p in self.cross_key]
        measures = self._measures(theme.measures)
        values = self._targets(measures[0], self.ca_years)
        text = rng.choice(theme.texts).format(target=self._with_unit(values[-1], measures[0]))
        goal = Goal(id=goal_id, text=text, level=self.ca_level, owners=[d.id], parents=list(parents),
                    goal_type=theme.goal_type, carries=carries, responsible=self.head[d.id])
        submission.goals.append(goal)
        ca.themes[goal_id] = theme
        submission.indicators.extend(self._indicator(goal_id, m, self.ca_years, values if m is measures[0] else None)
                                     for m in measures)
        for text in rng.sample(theme.actions, rng.randint(1, min(3, len(theme.actions)))):
            submission.actions.append(self._action(submission, d.id, goal_id, text, self.ca_years,
                                                   rng.choice((self.head[d.id], names.person(rng, self.text.words)))))
        return goal

    def _take_up_every_policy_goal(self) -> None:
        """Every policy goal must be realised in each owning committee, also without the missing department."""
        taken = {(ca.department.committee, p) for ca in self.cas.values() for g in ca.submission.goals
                 for p in g.parents}
        for goal in self.policy.values():
            for committee in goal.owners:
                if (committee, goal.id) in taken:
                    continue
                members = [ca for ca in self.cas.values() if ca.department.committee == committee
                           and not (ca.role == "cross_undecided" and goal is self.undecided)]
                if not members:
                    continue
                ca = self.rng.choice(members)
                key = next(k for k, g in self.policy.items() if g is goal)
                themes = [t for t in ca.department.themes if t.policy == key]
                if themes:
                    self._add_committee_goal(ca, self.rng.choice(themes), [goal.id])
                else:
                    first = ca.submission.goals[0]
                    first.parents.append(goal.id)
                    if goal.cross_cutting:
                        first.carries.append(goal.id)
                taken.add((committee, goal.id))

    # --- quality agreements -------------------------------------------------------------------------------------

    def quality_agreements(self) -> None:
        self.qas: dict[str, tuple[QualityPlan, Submission]] = {}
        self.institution_amounts = self._institution_amounts()
        for plan in self.qa_plans:
            self.qas[plan.file] = (plan, self._quality_agreement(plan))

    def _institution_amounts(self) -> dict[str, dict[int, float]]:
        """Each institution's budget per year: a share of its department's own allocation, never above it."""
        amounts: dict[str, dict[int, float]] = {}
        for d_id, members in self.institutions.items():
            own = self.own_appropriation[d_id]
            allocated = {year: amount for number, year, amount in self.allocation[d_id] if number == own}
            share = self.rng.uniform(0.55, 0.8)
            weights = [self.rng.uniform(0.5, 2.0) for _ in members]
            total = sum(weights)
            for party, weight in zip(members, weights):
                amounts[party.id] = {year: float(math.floor(amount * share * weight / total))
                                     for year, amount in allocated.items()}
        return amounts

    def _quality_agreement(self, plan: QualityPlan) -> Submission:
        rng, d = self.rng, plan.department
        ca = self.cas[d.id]
        code = plan.institutions[0].id
        day = self.qa_deadline - timedelta(days=rng.randint(2, 30))
        header = AgreementHeader(department=d.id, head=self.head[d.id],
                                 institutions=[p.id for p in plan.institutions],
                                 leaders=[p.leader for p in plan.institutions], first_year=plan.years[0],
                                 last_year=plan.years[-1], approved=day - timedelta(days=rng.randint(1, 7)))
        submission = Submission(path=Path(plan.file), kind=self.qa_kind, header=header)
        pool = [g for g in ca.submission.goals]
        first = rng.choice([g for g in pool if g.goal_type == EFFECT])
        parents = [first] + rng.sample([g for g in pool if g is not first], rng.randint(1, min(3, len(pool) - 1)))
        owners = header.institutions
        for parent in parents:
            theme = ca.themes[parent.id]
            self._add_institution_goal(submission, plan, code, theme, owners, parent)
        if d.own_goals and rng.random() < 0.25:
            own = rng.choice(d.own_goals)
            self._add_institution_goal(submission, plan, code, Theme("", own.goal_type, (own.text,), (own.measure,),
                                                                     own.actions), owners, None)
        if plan.role == "output_only":
            for goal in submission.goals:
                goal.goal_type = OUTPUT
        if plan.role in ("negative", "year_outside", "wrong_type") or rng.random() < 0.7:
            own_number = self.own_appropriation[d.id]
            submission.budget = [BudgetLine(party=p.id, appropriation=own_number, year=year,
                                            amount=self.institution_amounts[p.id][year])
                                 for p in plan.institutions for year in plan.years]
        words = self.text.words
        submission.cross_cutting = self._decisions(submission.goals, words.QUALITY_NOT_RELEVANT_REASONS)
        rows = sorted(rng.sample(range(len(words.FOLLOW_UP)), rng.randint(2, 3)))
        submission.follow_up = [FollowUp(when=words.FOLLOW_UP[i][0].format(year=plan.years[0]),
                                         how=words.FOLLOW_UP[i][1], reporting=words.FOLLOW_UP[i][2]) for i in rows]
        submission.received = self.received[plan.file] = daytime(day, rng)
        return submission

    def _add_institution_goal(self, submission: Submission, plan: QualityPlan, code: str, theme: Theme,
                              owners: list[str], parent: Goal | None) -> None:
        rng = self.rng
        goal_id = f"{code}-{len(submission.goals) + 1:02d}"
        measures = self._measures(theme.local_measures or theme.measures)
        values = self._targets(measures[0], plan.years)
        texts = theme.local_texts or theme.texts
        text = rng.choice(texts).format(target=self._with_unit(values[-1], measures[0]))
        sub_goals = {}
        if len(plan.years) > 1:
            sub_goals = {year: f"{measures[0].name}: {self._with_unit(value, measures[0])}"
                         for year, value in zip(plan.years, values[1:])}
        leader = plan.institutions[0].leader
        goal = Goal(id=goal_id, text=text, level=self.qa_level, owners=list(owners),
                    parents=[parent.id] if parent else [], goal_type=theme.goal_type, own_goal=parent is None,
                    carries=list(parent.carries) if parent else [], responsible=leader, sub_goals=sub_goals)
        submission.goals.append(goal)
        submission.indicators.extend(self._indicator(goal_id, m, plan.years, values if m is measures[0] else None)
                                     for m in measures)
        actions = theme.local_actions or theme.actions
        for text in rng.sample(actions, rng.randint(1, min(3, len(actions)))):
            submission.actions.append(self._action(submission, code, goal_id, text, plan.years,
                                                   rng.choice((leader, names.person(rng, self.text.words)))))

    # --- shared pieces ------------------------------------------------------------------------------------------

    def _with_unit(self, value: float, measure: Measure) -> str:
        return with_unit(value, measure, self.text.number, self.text.unitless)

    def _measures(self, measures: tuple[Measure, ...]) -> list[Measure]:
        chosen = [measures[0]]
        chosen += [m for m in measures[1:] if self.rng.random() < 0.5]
        return chosen

    def _targets(self, measure: Measure, years: list[int]) -> list[float]:
        """Baseline first, then one target per year."""
        baseline = round(self.rng.uniform(measure.low, measure.high), measure.decimals)
        values = [baseline]
        for k in range(1, len(years) + 1):
            value = round(baseline + measure.step * k, measure.decimals)
            if measure.unit == "%":
                value = min(100.0, value)
            if baseline >= 0:
                value = max(0.0, value)
            values.append(float(value) if measure.decimals else float(round(value)))
        return values

    def _indicator(self, goal_id: str, measure: Measure, years: list[int], values: list[float] | None) -> Indicator:
        values = values or self._targets(measure, years)
        return Indicator(goal_id=goal_id, name=measure.name, unit=measure.unit, baseline=float(values[0]),
                         targets=dict(zip(years, values[1:])), data_source=measure.source,
                         frequency=measure.frequency)

    def _action(self, submission: Submission, prefix: str, goal_id: str, text: str, years: list[int],
                responsible: str) -> Action:
        rng = self.rng
        start = date(years[0], rng.randint(1, 3), 1)
        end = date(rng.choice(years), 12, 31) if rng.random() < 0.6 else date(years[0], rng.randint(6, 11), 30)
        return Action(id=f"{prefix}-H{len(submission.actions) + 1:02d}", goal_id=goal_id, text=text,
                      responsible=responsible, start=start, end=end)

    def _decisions(self, goals: list[Goal], reasons: tuple[str, ...], skip: str | None = None
                   ) -> list[CrossCuttingDecision]:
        decisions = []
        for cross in self.cross:
            carriers = [g.id for g in goals if cross.id in g.carries]
            if cross.id == skip:
                decisions.append(CrossCuttingDecision(goal_id=cross.id))
            elif carriers:
                decisions.append(CrossCuttingDecision(goal_id=cross.id, relevant=True, carried_by=carriers))
            else:
                decisions.append(CrossCuttingDecision(goal_id=cross.id, relevant=False,
                                                      reason=self.rng.choice(reasons)))
        return decisions
