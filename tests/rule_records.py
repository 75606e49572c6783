"""A small, clean municipality as records, for the rule tests.

Rows are written like spreadsheet rows: a header of field names, then one
tuple per row. Column letters follow the header (A, B, C, ...) and rows start
at the first data row (4), so a test can assert "goal DAG-1's parent is C4".

`clean()` gives a project on which no rule fires; each rule test breaks one
thing and expects exactly one finding.
"""
from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from roedtraad.config import build_settings
from roedtraad.model import (Action, AgreementHeader, Appropriation, BudgetLine, CrossCuttingDecision, Deadline,
                             Foundation, Frame, Goal, Indicator, Location, Party, Submission)
from roedtraad.validators.engine import validate_records

SETTINGS = build_settings({})
FOUNDATION_FILE = "Styringsgrundlag.xlsx"
FIRST_ROW = 4


def letter(index: int) -> str:
    return chr(ord("A") + index)


def _yearly(values: dict[str, Any], prefix: str, target: str, first_year: int = 2027) -> None:
    """Template columns 'target_1', 'target_2' (year 1, 2 of the agreement) -> {year: value}."""
    for n in (1, 2):
        value = values.pop(f"{prefix}_{n}", None)
        if value is not None:
            values.setdefault(target, {})[first_year + n - 1] = value


def table(cls: type, file: str, sheet: str, header: tuple[str, ...], *rows: tuple, **defaults: Any) -> list:
    """Records from spreadsheet-like rows, each remembering its sheet, row and cells."""
    records = []
    for offset, row in enumerate(rows):
        number = FIRST_ROW + offset
        values = dict(defaults)
        values.update(zip(header, row))
        _yearly(values, "target", "targets")
        _yearly(values, "sub_goal", "sub_goals")
        for key, value in list(values.items()):
            if key in ("parents", "owners", "carries", "carried_by") and isinstance(value, str):
                values[key] = [part.strip() for part in value.split(",") if part.strip()]
        cells = {name: f"{letter(i)}{number}" for i, name in enumerate(header)}
        location = Location(file=file, sheet=sheet, cell=cells[header[0]], row=number)
        kwargs = {"location": location}
        if "cells" in cls.model_fields:
            kwargs["cells"] = cells
        records.append(cls(**values, **kwargs))
    return records


def parties(file: str = FOUNDATION_FILE) -> list[Party]:
    return table(Party, file, "Organisation", ("kind", "id", "name", "parent", "leader"),
                 ("committee", "BUU", "Børne- og Ungeudvalget", None, ""),
                 ("committee", "SOU", "Social- og Sundhedsudvalget", None, ""),
                 ("department", "DAG", "Dagtilbud", "BUU", "Anna Holm"),
                 ("department", "SKO", "Skoler", "BUU", "Bo Berg"),
                 ("department", "SUN", "Sundhed", "SOU", "Carl Dahl"),
                 ("institution", "BH1", "Børnehuset Solsikken", "DAG", "Dorte Eriksen"),
                 ("institution", "SK1", "Skovbo Skole", "SKO", "Eva Frost"),
                 ("institution", "PL1", "Plejecenter Lyngbo", "SUN", "Finn Gade"))


def foundation(**changes: Any) -> Foundation:
    f = FOUNDATION_FILE
    goals = table(Goal, f, "Målsætninger", ("id", "text"), ("M1", "Børn trives"), ("M2", "Ældre er raske"),
                  level="objective")
    goals += table(Goal, f, "Politikker og mål", ("policy", "id", "text", "parents", "owners", "cross_cutting"),
                   ("Børnepolitik", "P1", "Flere børn læser", "M1", "BUU", False),
                   ("Sundhedspolitik", "P2", "Færre fald", "M2", "SOU", False),
                   ("Klimapolitik", "PX", "Mindre CO2", "M1", "BUU, SOU", True),
                   level="policy_goal")
    values = dict(
        path=f, parties=parties(),
        appropriations=table(Appropriation, f, "Bevillinger", ("number", "name", "committee"),
                             ("BUU-1", "Børn og unge", "BUU"), ("SOU-1", "Sundhed", "SOU")),
        frames=table(Frame, f, "Rammer", ("appropriation", "year", "amount"),
                     ("BUU-1", 2027, 1000.0), ("SOU-1", 2027, 500.0), ("BUU-1", 2028, 1000.0)),
        goals=goals,
        deadlines=table(Deadline, f, "Årshjul", ("phase", "agreement", "deadline"),
                        ("Udvalgsaftaler", "committee_agreement", "2027-06-01"),
                        ("Kvalitetsaftaler", "quality_agreement", "2027-10-15")),
    )
    values.update(changes)
    return Foundation(**values)


def header(file: str, **values: Any) -> AgreementHeader:
    fields = ("committee", "department", "head", "institutions", "leaders", "first_year", "last_year")
    values.setdefault("first_year", 2027)
    values.setdefault("last_year", 2027)
    cells = {name: Location(file=file, sheet="Forside", cell=f"B{4 + i}", row=4 + i) for i, name in enumerate(fields)}
    return AgreementHeader(cells=cells, **values)


def agreement(kind: str, file: str, head: AgreementHeader, goals: list[tuple], budget: list[tuple],
              decisions: list[tuple] | None = None, **changes: Any) -> Submission:
    """An agreement whose goals each get one indicator and one action."""
    owners = head.institutions or [head.department]
    level = SETTINGS.agreements[kind].level
    goal_header = ("id", "text", "parents", "goal_type", "own_goal")
    budget_header = ("party", "appropriation", "year", "amount")
    values = dict(
        path=file, kind=kind, header=head,
        goals=table(Goal, file, "Mål", goal_header, *goals, level=level, owners=owners),
        indicators=table(Indicator, file, "Indikatorer", ("goal_id", "name", "target_1"),
                         *[(g[0], f"Indikator for {g[0]}", 1.0) for g in goals]),
        actions=table(Action, file, "Handlinger", ("id", "goal_id", "text"),
                      *[(f"H-{g[0]}", g[0], "Gør noget") for g in goals]),
        budget=table(BudgetLine, file, "Budget", budget_header, *budget),
        cross_cutting=table(CrossCuttingDecision, file, "Tværgående mål", ("goal_id", "relevant", "carried_by", "reason"),
                            *(decisions if decisions is not None else [("PX", False, "", "Ikke relevant for os")])),
    )
    values.update(changes)
    return Submission(**values)


def committee_agreement(department: str, committee: str, head_name: str, goals: list[tuple], budget: list[tuple],
                        **changes: Any) -> Submission:
    file = f"indsendelser/Udvalgsaftale-{department}.xlsx"
    head = header(file, committee=committee, department=department, head=head_name)
    return agreement("committee_agreement", file, head, goals, budget, **changes)


def quality_agreement(department: str, institution: str, head_name: str, leader: str, goals: list[tuple],
                      budget: list[tuple], **changes: Any) -> Submission:
    file = f"indsendelser/KUA-{institution}.xlsx"
    head = header(file, department=department, head=head_name, institutions=[institution], leaders=[leader])
    return agreement("quality_agreement", file, head, goals, budget, **changes)


def submissions() -> list[Submission]:
    return [
        committee_agreement("DAG", "BUU", "Anna Holm", [("DAG-1", "Læselyst", "P1", "effect", False)],
                            [("DAG", "BUU-1", 2027, 600.0)]),
        committee_agreement("SKO", "BUU", "Bo Berg", [("SKO-1", "Læsning", "P1", "effect", False)],
                            [("SKO", "BUU-1", 2027, 400.0)],
                            decisions=[("PX", True, "SKO-1", "")]),
        committee_agreement("SUN", "SOU", "Carl Dahl", [("SUN-1", "Faldforebyggelse", "P2", "effect", False)],
                            [("SUN", "SOU-1", 2027, 500.0)],
                            decisions=[("PX", True, "SUN-1", "")]),
        quality_agreement("DAG", "BH1", "Anna Holm", "Dorte Eriksen",
                          [("BH1-1", "Højtlæsning", "DAG-1", "effect", False)], [("BH1", "BUU-1", 2027, 300.0)]),
        quality_agreement("SKO", "SK1", "Bo Berg", "Eva Frost",
                          [("SK1-1", "Læsebånd", "SKO-1", "output", False),
                           ("SK1-2", "Trivsel", "", "effect", True)], []),
        quality_agreement("SUN", "PL1", "Carl Dahl", "Finn Gade",
                          [("PL1-1", "Træning", "SUN-1", "effect", False)], []),
    ]


def clean() -> tuple[Foundation, list[Submission]]:
    return foundation(), submissions()


def validate(found: Foundation | None, subs: list[Submission], **kwargs: Any):
    return validate_records(SETTINGS, found, subs, [], **kwargs)


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


def only(result, code: str):
    """The single finding with this code (fails when there are none or several)."""
    found = [f for f in result.findings if f.code == code]
    assert len(found) == 1, f"expected one {code}, got {[(f.code, f.file, f.cell) for f in result.findings]}"
    return found[0]


def replace(subs: list[Submission], index: int, **changes: Any) -> list[Submission]:
    subs = list(subs)
    subs[index] = subs[index].model_copy(update=changes)
    return subs


def write_project(root, found: Foundation | None = None, subs: list[Submission] | None = None, *,
                  received: float = datetime(2027, 5, 1).timestamp()):
    """Write a real project folder (roedtraad.toml, foundation, submissions) with the template generator.

    Files get a fixed modification time, so deadline checks do not depend on today's date.
    """
    from roedtraad.project import Project
    from roedtraad.workbook_templates.generate import write_agreement, write_foundation

    root.mkdir(parents=True, exist_ok=True)
    (root / "roedtraad.toml").write_text('preset = "dk-aftalestyring"\n', encoding="utf-8")
    found = found or foundation()
    subs = submissions() if subs is None else subs
    write_foundation(root / FOUNDATION_FILE, SETTINGS, found)
    committee_goals = [g for s in subs if s.kind == "committee_agreement" for g in s.goals]
    for sub in subs:
        path = root / str(sub.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_agreement(path, SETTINGS, sub.kind, found, sub.header, sub, parent_goals=committee_goals)
    for path in [root / FOUNDATION_FILE, *(root / str(s.path) for s in subs)]:
        os.utime(path, (received, received))
    return Project.open(root)
