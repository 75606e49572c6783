"""Build the demo municipality "Eksempel Kommune" as records, deterministically from a seed.

The demo is clean except for one deliberate mistake per finding code in
`mistakes.MISTAKE_CODES`, each in its own file and recorded in
`DemoMunicipality.mistakes`, so validating the demo must list exactly those.
Everything random comes from one `random.Random(seed)`; nothing depends on
the clock, and the work is linear in the number of institutions.
"""
from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path, PurePosixPath
from random import Random

from ..config import Settings
from ..model import Appropriation, Deadline, Foundation, Frame, Goal, Party, Submission
from . import names
from .agreements import AgreementsMixin, QualityPlan
from .content import Department
from .locale import demo_text
from .result import DeliberateMistake, RawKey
OUTLINE_YEARS = 3  # overslagsår after the budget year that get a frame
QA_ROLES = ("unknown_parent", "orphan", "duplicate_original", "duplicate", "output_only", "negative",
            "year_outside", "wrong_type", "wrong_signatory")
CA_ROLES = ("late", "above_frame", "unknown_appropriation", "cross_undecided", "goal_without_action",
            "goal_without_indicator", "action_without_goal")
MIN_SCALE = len(QA_ROLES)  # every quality-agreement mistake needs an agreement of its own


class DemoBuilder(AgreementsMixin):
    """One build; `mistakes.apply_mistakes` finishes it."""

    def __init__(self, settings: Settings, scale: int, seed: int) -> None:
        if scale < MIN_SCALE:
            raise ValueError(f"the demo needs at least {MIN_SCALE} institutions (scale), got {scale}")
        self.settings = settings
        self.scale = scale
        self.rng = Random(seed)
        self.seed = seed
        self.text = demo_text(settings)
        self.ca_kind, self.qa_kind = self._agreement_kinds(settings)
        levels = settings.foundation_levels()
        if len(levels) < 2:
            raise ValueError("the demo needs a preset with objectives and policy goals in the foundation")
        # The lowest foundation level holds the committees' goals (politikmål, åtaganden); levels
        # between it and the top (Swedish resultatmål) get one goal per objective.
        self.objective_level, self.policy_level = levels[0].key, levels[-1].key
        self.between_levels = [lvl.key for lvl in levels[1:-1]]
        self.ca_level = settings.agreements[self.ca_kind].level
        self.qa_level = settings.agreements[self.qa_kind].level
        self.budget_year = by = settings.period.budget_year
        term_end = settings.period.council_term[1]
        max_years = settings.agreements[self.ca_kind].max_years
        self.ca_years = [y for y in range(by, by + max_years) if y <= max(term_end, by)][:2]
        self.qa_max_years = min(2, settings.agreements[self.qa_kind].max_years, len(self.ca_years))
        self.mistakes: list[DeliberateMistake] = []
        self.raw_overrides: dict[str, dict[RawKey, object]] = {}
        self.received: dict[str, float] = {}

    @staticmethod
    def _agreement_kinds(settings: Settings) -> tuple[str, str]:
        committee = [k for k, a in settings.agreements.items() if tuple(a.between) == ("committee", "department")]
        quality = [k for k, a in settings.agreements.items() if tuple(a.between) == ("department", "institution")]
        if not committee or not quality:
            raise ValueError("the demo needs a preset with committee-department and department-institution "
                             "agreements (dk-aftalestyring)")
        return committee[0], quality[0]

    # --- organisation -------------------------------------------------------------------------------------------

    def organisation(self) -> None:
        rng = self.rng
        words = self.text.words
        self.departments = [d for d in self.text.departments if not d.optional or rng.random() < 0.75]
        self.missing = rng.choice([d for d in self.departments if d.may_be_missing])
        self.present = [d for d in self.departments if d is not self.missing]
        taken: set[str] = set()
        self.parties: list[Party] = [Party(id=c.id, name=c.name, kind="committee", leader=names.person(rng, words))
                                     for c in self.text.committees]
        self.head: dict[str, str] = {}
        for d in self.departments:
            self.head[d.id] = names.unique_person(rng, taken, words)
            self.parties.append(Party(id=d.id, name=d.name, kind="department", parent=d.committee,
                                      leader=self.head[d.id]))
        self.institutions: dict[str, list[Party]] = {}
        for d, count in self._institution_counts():
            namer = names.InstitutionNamer(rng, d.patterns, words)
            width = max(3, len(str(count)))
            parties = [Party(id=f"{d.id}{i:0{width}d}", name=namer.next(), kind="institution", parent=d.id,
                             leader=names.person(rng, words)) for i in range(1, count + 1)]
            self.institutions[d.id] = parties
            self.parties.extend(parties)

    def _institution_counts(self) -> list[tuple[Department, int]]:
        hosts = [d for d in self.present if d.institution_weight > 0]
        counts = {d.id: 0 for d in hosts}
        for d in sorted(hosts, key=lambda d: -d.institution_weight)[:self.scale]:
            counts[d.id] += 1
        rest = self.scale - sum(counts.values())
        for d in self.rng.choices(hosts, weights=[d.institution_weight for d in hosts], k=rest):
            counts[d.id] += 1
        return [(d, counts[d.id]) for d in hosts if counts[d.id]]

    # --- goals of the foundation --------------------------------------------------------------------------------

    def council_goals(self) -> None:
        rng = self.rng
        objectives = [o for o in self.text.objectives if o.core or rng.random() < 0.6]
        self.objective_id = {o.key: f"M{i}" for i, o in enumerate(objectives, 1)}
        self.goals: list[Goal] = [Goal(id=self.objective_id[o.key], text=o.title, level=self.objective_level,
                                       description=o.description, objective_type=o.objective_type, policy=o.area)
                                  for o in objectives]
        parent_id = self._between_goals(objectives)
        candidates = [p for p in self.text.policy_goals if p.cross_cutting_candidate]
        cross_keys = {p.key for p in rng.sample(candidates, rng.choice((2, 3)))}
        values = {"sickness": self.text.number(rng.choice((4.5, 4.8, 5.0, 5.2)), 1), "co2": rng.choice((50, 60, 70)),
                  "co2_year": rng.choice((2030, 2035)), "last": self.settings.period.council_term[1]}
        self.policy: dict[str, Goal] = {}
        every = [c.id for c in self.text.committees]
        for i, p in enumerate(self.text.policy_goals, 1):
            parents = [parent_id[k] for k in p.objectives if k in parent_id]
            for_all = "*" in p.owners  # written once with the keyword, carried by every committee
            goal = Goal(id=f"P{i}", text=p.text.format(**values), level=self.policy_level,
                        owners=every if for_all else list(p.owners), all_owners=for_all, parents=parents,
                        policy=p.policy, description=p.measure, cross_cutting=p.key in cross_keys)
            self.policy[p.key] = goal
            self.goals.append(goal)
        self.cross = [g for g in self.policy.values() if g.cross_cutting]
        self.cross_key = {g.id: key for key, g in self.policy.items() if g.cross_cutting}

    def _between_goals(self, objectives: list) -> dict[str, str]:
        """Goals of the levels between the objectives and the policy level (Swedish resultatmål), one per
        objective and level; returns objective key -> id of the goal the policy goals name as parent."""
        parent_id = dict(self.objective_id)
        for depth, level in enumerate(self.between_levels, 1):
            prefix = "R" if depth == 1 else f"R{depth}"
            for i, o in enumerate(objectives, 1):
                goal = Goal(id=f"{prefix}{i}", text=self.text.result_goals.get(o.key, o.title), level=level,
                            parents=[parent_id[o.key]], policy=o.area)
                self.goals.append(goal)
                parent_id[o.key] = goal.id
        return parent_id

    # --- appropriations and frames ------------------------------------------------------------------------------

    def budgets(self) -> None:
        rng = self.rng
        years = list(range(self.budget_year, self.budget_year + OUTLINE_YEARS + 1))
        self.appropriations: list[Appropriation] = []
        self.frames: list[Frame] = []
        self.own_appropriation: dict[str, str] = {}
        # department -> [(appropriation, year, amount)] for the committee agreement's years
        self.allocation: dict[str, list[tuple[str, int, float]]] = {d.id: [] for d in self.present}
        for committee in self.text.committees:
            members = [d for d in self.departments if d.committee == committee.id]
            present = [d for d in members if d is not self.missing]
            number = committee.base + 1
            for d in present:
                amounts = self._frame(str(number), d.name, committee.id, d.budget, years)
                self.own_appropriation[d.id] = str(number)
                for year in self.ca_years:
                    self.allocation[d.id].append((str(number), year, amounts[year]))
                number += 1
            if len(members) >= 2 and present:
                amounts = self._frame(str(number), committee.shared, committee.id, committee.shared_budget, years)
                weights = [rng.uniform(0.5, 1.5) for _ in present]
                for year in self.ca_years:
                    for d, share in zip(present, _split(amounts[year], weights)):
                        self.allocation[d.id].append((str(number), year, share))

    def _frame(self, number: str, name: str, committee: str, budget: int, years: list[int]) -> dict[int, float]:
        self.appropriations.append(Appropriation(number=number, name=name, committee=committee))
        amount = round(budget * self.rng.uniform(0.9, 1.1))
        amounts = {}
        for year in years:
            amounts[year] = float(amount)
            self.frames.append(Frame(appropriation=number, year=year, amount=float(amount)))
            amount = round(amount * (1 + self.rng.uniform(-0.01, 0.03)))
        return amounts

    # --- annual cycle -------------------------------------------------------------------------------------------

    def annual_cycle(self) -> None:
        rng, before = self.rng, self.budget_year - 1
        self.ca_deadline = date(before, 6, rng.randint(3, 7))
        self.qa_deadline = date(before, 11, 25) + timedelta(days=rng.randint(0, 10))
        lang = self.settings.language
        labels = {"ca": self.settings.agreements[self.ca_kind].labels(lang),
                  "qa": self.settings.agreements[self.qa_kind].labels(lang)}
        dates = [(date(before, 1, rng.randint(15, 28)), None), (date(before, 2, rng.randint(5, 25)), None),
                 (date(before, 3, rng.randint(20, 31)), None), (self.ca_deadline, self.ca_kind),
                 (date(before, 8, rng.randint(20, 31)), None), (date(before, 10, rng.randint(8, 14)), None),
                 (self.qa_deadline, self.qa_kind)]
        self.deadlines = [Deadline(phase=phase.format(**labels), deadline=day, agreement=kind, responsible=who)
                          for (phase, who), (day, kind) in zip(self.text.cycle, dates)]
        # Follow-up in the budget year (delårsrapport, årsredovisning): fixed dates, no draws from the seed.
        self.deadlines += [Deadline(phase=phase.format(year=self.budget_year),
                                    deadline=date(self.budget_year + later, month, day), responsible=who)
                           for phase, month, day, later, who in self.text.follow_up_cycle]

    # --- mistake hosts ------------------------------------------------------------------------------------------

    def plans(self) -> None:
        """Group institutions into quality agreements and pick which agreements host which mistake."""
        rng = self.rng
        lang = self.settings.language
        label = self.settings.agreements[self.qa_kind].file_label(lang)
        ca_folder, qa_folder, _ = self.text.folders
        self.qa_plans: list[QualityPlan] = []
        for d in self.present:
            members = self.institutions.get(d.id, [])
            i = 0
            while i < len(members):
                group = members[i:i + 2] if self.scale >= 20 and i + 1 < len(members) and rng.random() < 0.08 \
                    else members[i:i + 1]
                i += len(group)
                ids = "_".join(p.id for p in group)
                self.qa_plans.append(QualityPlan(d, group, f"{qa_folder}/{d.id}/{label}_{d.id}_{ids}.xlsx"))
        if len(self.qa_plans) < len(QA_ROLES):
            raise ValueError(f"the demo needs at least {len(QA_ROLES)} quality agreements; raise the scale")
        hosts = rng.sample(range(len(self.qa_plans)), len(QA_ROLES))
        for role, index in zip(QA_ROLES, hosts):
            self.qa_plans[index].role = role
        self._order_duplicate_pair()
        for plan in self.qa_plans:
            two_years = self.qa_max_years == 2 and not plan.role and rng.random() < 0.15
            plan.years = self.ca_years[:2] if two_years else self.ca_years[:1]
        # Committee agreements: the undecided cross-cutting goal must not belong to the host's committee,
        # or the host would have to take it up as a parent.
        self.undecided = rng.choice(self.cross)
        ca_label = self.settings.agreements[self.ca_kind].file_label(lang)
        self.ca_files = {d.id: f"{ca_folder}/{ca_label}_{d.committee}_{d.id}.xlsx" for d in self.present}
        eligible = [d for d in self.present if d.committee not in self.undecided.owners]
        undecided_host = rng.choice(eligible)
        others = rng.sample([d for d in self.present if d is not undecided_host], len(CA_ROLES) - 1)
        self.ca_role = {undecided_host.id: "cross_undecided"}
        self.ca_role.update({d.id: role for d, role in zip(others, [r for r in CA_ROLES if r != "cross_undecided"])})

    def _order_duplicate_pair(self) -> None:
        """The validator reports the second use of an id, in file order: the host must sort after the original."""
        original = next(p for p in self.qa_plans if p.role == "duplicate_original")
        host = next(p for p in self.qa_plans if p.role == "duplicate")
        if PurePosixPath(host.file) < PurePosixPath(original.file):
            original.role, host.role = "duplicate", "duplicate_original"

    # --- the result ---------------------------------------------------------------------------------------------

    def foundation(self) -> Foundation:
        value_markers = self.text.words.VALUE_MARKERS
        markers = sorted(self.rng.sample(range(len(value_markers)), self.rng.randint(3, 5)))
        return Foundation(path=Path(self.settings.paths.foundation), parties=self.parties,
                          appropriations=self.appropriations, frames=self.frames, goals=self.goals,
                          value_markers=[value_markers[i] for i in markers], deadlines=self.deadlines)

    def submissions(self) -> list[tuple[str, Submission]]:
        """Committee and quality agreements in the order a folder listing gives them."""
        found = [(ca.file, ca.submission) for ca in self.cas.values()]
        found += [(file, submission) for file, (_, submission) in self.qas.items()]
        return sorted(found, key=lambda item: PurePosixPath(item[0]))


def _split(total: float, weights: list[float]) -> list[float]:
    """Split a whole amount by weights into whole amounts that add up to it exactly."""
    whole = int(total)
    parts = [math.floor(whole * w / sum(weights)) for w in weights]
    parts[-1] = whole - sum(parts[:-1])
    return [float(p) for p in parts]
