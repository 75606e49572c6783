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
from . import content, names
from .agreements import AgreementsMixin, QualityPlan
from .content import Department
from .departments import DEPARTMENTS
from .result import DeliberateMistake, RawKey, da_number
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
        self.ca_kind, self.qa_kind = self._agreement_kinds(settings)
        levels = settings.foundation_levels()
        if len(levels) < 2:
            raise ValueError("the demo needs a preset with objectives and policy goals in the foundation")
        self.objective_level, self.policy_level = levels[0].key, levels[1].key
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
        self.departments = [d for d in DEPARTMENTS if not d.optional or rng.random() < 0.75]
        self.missing = rng.choice([d for d in self.departments if d.may_be_missing])
        self.present = [d for d in self.departments if d is not self.missing]
        taken: set[str] = set()
        self.parties: list[Party] = [Party(id=c.id, name=c.name, kind="committee", leader=names.person(rng))
                                     for c in content.COMMITTEES]
        self.head: dict[str, str] = {}
        for d in self.departments:
            self.head[d.id] = names.unique_person(rng, taken)
            self.parties.append(Party(id=d.id, name=d.name, kind="department", parent=d.committee,
                                      leader=self.head[d.id]))
        self.institutions: dict[str, list[Party]] = {}
        for d, count in self._institution_counts():
            namer = names.InstitutionNamer(rng, d.patterns)
            width = max(3, len(str(count)))
            parties = [Party(id=f"{d.id}{i:0{width}d}", name=namer.next(), kind="institution", parent=d.id,
                             leader=names.person(rng)) for i in range(1, count + 1)]
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
        objectives = [o for o in content.OBJECTIVES if o.core or rng.random() < 0.6]
        self.objective_id = {o.key: f"M{i}" for i, o in enumerate(objectives, 1)}
        self.goals: list[Goal] = [Goal(id=self.objective_id[o.key], text=o.title, level=self.objective_level,
                                       description=o.description, objective_type=o.objective_type)
                                  for o in objectives]
        candidates = [p for p in content.POLICY_GOALS if p.cross_cutting_candidate]
        cross_keys = {p.key for p in rng.sample(candidates, rng.choice((2, 3)))}
        values = {"sickness": da_number(rng.choice((4.5, 4.8, 5.0, 5.2)), 1), "co2": rng.choice((50, 60, 70)),
                  "co2_year": rng.choice((2030, 2035)), "last": self.settings.period.council_term[1]}
        self.policy: dict[str, Goal] = {}
        for i, p in enumerate(content.POLICY_GOALS, 1):
            parents = [self.objective_id[k] for k in p.objectives if k in self.objective_id]
            goal = Goal(id=f"P{i}", text=p.text.format(**values), level=self.policy_level, owners=list(p.owners),
                        parents=parents, policy=p.policy, cross_cutting=p.key in cross_keys)
            self.policy[p.key] = goal
            self.goals.append(goal)
        self.cross = [g for g in self.policy.values() if g.cross_cutting]
        self.cross_key = {g.id: key for key, g in self.policy.items() if g.cross_cutting}

    # --- appropriations and frames ------------------------------------------------------------------------------

    def budgets(self) -> None:
        rng = self.rng
        years = list(range(self.budget_year, self.budget_year + OUTLINE_YEARS + 1))
        self.appropriations: list[Appropriation] = []
        self.frames: list[Frame] = []
        self.own_appropriation: dict[str, str] = {}
        # department -> [(appropriation, year, amount)] for the committee agreement's years
        self.allocation: dict[str, list[tuple[str, int, float]]] = {d.id: [] for d in self.present}
        for committee in content.COMMITTEES:
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
        ca_label = self.settings.agreements[self.ca_kind].labels.da
        qa_label = self.settings.agreements[self.qa_kind].labels.da
        self.deadlines = [
            Deadline(phase="Temadrøftelse i Økonomi- og Erhvervsudvalget",
                     deadline=date(before, 1, rng.randint(15, 28)),
                     responsible="Økonomi- og Erhvervsudvalget"),
            Deadline(phase="Byrådets målseminar", deadline=date(before, 2, rng.randint(5, 25)),
                     responsible="Byrådet"),
            Deadline(phase="Målaftale med rammer vedtages", deadline=date(before, 3, rng.randint(20, 31)),
                     responsible="Økonomi- og Erhvervsudvalget"),
            Deadline(phase=f"{ca_label}r godkendt i fagudvalgene", deadline=self.ca_deadline, agreement=self.ca_kind,
                     responsible="Fagudvalgene og afdelingscheferne"),
            Deadline(phase="Byrådets budgetseminar", deadline=date(before, 8, rng.randint(20, 31)),
                     responsible="Byrådet"),
            Deadline(phase="Budgettet vedtages (2. behandling)", deadline=date(before, 10, rng.randint(8, 14)),
                     responsible="Byrådet"),
            Deadline(phase=f"{qa_label}r indgået", deadline=self.qa_deadline, agreement=self.qa_kind,
                     responsible="Afdelingscheferne og institutionslederne"),
        ]

    # --- mistake hosts ------------------------------------------------------------------------------------------

    def plans(self) -> None:
        """Group institutions into quality agreements and pick which agreements host which mistake."""
        rng = self.rng
        label = self.settings.agreements[self.qa_kind].file_label.da
        self.qa_plans: list[QualityPlan] = []
        for d in self.present:
            members = self.institutions.get(d.id, [])
            i = 0
            while i < len(members):
                group = members[i:i + 2] if self.scale >= 20 and i + 1 < len(members) and rng.random() < 0.08 \
                    else members[i:i + 1]
                i += len(group)
                ids = "_".join(p.id for p in group)
                self.qa_plans.append(QualityPlan(d, group, f"kvalitetsaftaler/{d.id}/{label}_{d.id}_{ids}.xlsx"))
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
        ca_label = self.settings.agreements[self.ca_kind].file_label.da
        self.ca_files = {d.id: f"udvalgsaftaler/{ca_label}_{d.committee}_{d.id}.xlsx" for d in self.present}
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
        markers = sorted(self.rng.sample(range(len(names.VALUE_MARKERS)), self.rng.randint(3, 5)))
        return Foundation(path=Path(self.settings.paths.foundation), parties=self.parties,
                          appropriations=self.appropriations, frames=self.frames, goals=self.goals,
                          value_markers=[names.VALUE_MARKERS[i] for i in markers], deadlines=self.deadlines)

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
