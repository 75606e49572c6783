"""Raw rows -> domain records. A row lacking its identifying value is skipped:
its cell finding already says why, and half a record would only cause echoes."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Settings
from ..i18n import is_all_keyword
from .projects import PROJECT_REGISTER, projects_from
from .spec import foundation_table_keys
from ..model import (Action, AgreementHeader, Appropriation, BudgetLine, CrossCuttingDecision, Deadline, FollowUp,
                     Foundation, Frame, Goal, Indicator, IndicatorResult, Location, Party, Submission, TemplateStamp)


@dataclass
class Row:
    """One data row: clean values by field, the A1 cell of each field, the Excel row, and the
    location of its first cell (where a record made from the row points)."""

    number: int
    values: dict[str, Any]
    cells: dict[str, str]
    location: Location
    typed: dict[str, str] = field(default_factory=dict)  # ids the user typed otherwise (see cells.typed_ids)


@dataclass
class RawWorkbook:
    stamp: TemplateStamp | None = None
    front: dict[str, Any] = field(default_factory=dict)
    front_cells: dict[str, Location] = field(default_factory=dict)
    front_typed: dict[str, str] = field(default_factory=dict)
    tables: dict[str, list[Row]] = field(default_factory=dict)
    sha256: str = ""
    received: float = 0.0


def _text(row: Row, field: str) -> str:
    value = row.values.get(field)
    return "" if value is None else str(value)


def _present(row: Row, *fields: str) -> bool:
    return all(row.values.get(f) is not None for f in fields)


def _kw(row: Row) -> dict[str, Any]:
    if row.typed:
        return {"location": row.location, "cells": row.cells, "typed": row.typed}
    return {"location": row.location, "cells": row.cells}


def _rows(raw: RawWorkbook, key: str) -> list[Row]:
    return raw.tables.get(key, [])


def _owners(values: list[str], committees: list[str]) -> tuple[list[str], bool]:
    """The committees a goal belongs to; the keyword (alle/alla/all) names every committee once."""
    if any(is_all_keyword(v) for v in values):
        rest = [v for v in values if not is_all_keyword(v)]
        return list(dict.fromkeys([*committees, *rest])), True
    return values, False


def foundation_from(raw: RawWorkbook, path: Path, settings: Settings) -> Foundation:
    committees = [r.values["id"] for r in _rows(raw, "organisation")
                  if _present(r, "id") and r.values.get("kind") == "committee"]
    goals = []
    for level_key, table in foundation_table_keys(settings).items():
        for r in _rows(raw, table):
            if not _present(r, "id"):
                continue
            owners, every = _owners(r.values.get("owners") or [], committees)
            goals.append(Goal(id=r.values["id"], text=_text(r, "text"), level=level_key, policy=_text(r, "policy"),
                              description=_text(r, "description"), objective_type=r.values.get("objective_type"),
                              parents=r.values.get("parents") or [], owners=owners, all_owners=every,
                              cross_cutting=bool(r.values.get("cross_cutting")), **_kw(r)))
    return Foundation(
        path=path, sha256=raw.sha256, received=raw.received, stamp=raw.stamp,
        parties=[Party(id=r.values["id"], name=_text(r, "name"), kind=r.values["kind"], parent=r.values.get("parent"),
                       leader=_text(r, "leader"), **_kw(r))
                 for r in _rows(raw, "organisation") if _present(r, "id", "kind")],
        appropriations=[Appropriation(number=r.values["number"], name=_text(r, "name"),
                                      committee=_text(r, "committee"), **_kw(r))
                        for r in _rows(raw, "appropriations") if _present(r, "number")],
        frames=[Frame(appropriation=r.values["appropriation"], year=r.values["year"], amount=r.values["amount"],
                      **dict(_kw(r), location=r.location.at(r.cells.get("amount", ""))))
                for r in _rows(raw, "frames") if _present(r, "appropriation", "year", "amount")],
        goals=goals,
        value_markers=[_text(r, "text") for r in _rows(raw, "value_markers") if _present(r, "text")],
        deadlines=[Deadline(phase=_text(r, "phase"), deadline=r.values["deadline"], agreement=r.values.get("agreement"),
                            responsible=_text(r, "responsible"), checkpoint=bool(r.values.get("checkpoint")),
                            location=r.location.at(r.cells.get("deadline", "")))
                   for r in _rows(raw, "annual_cycle") if _present(r, "deadline")],
    )


def _header(raw: RawWorkbook) -> AgreementHeader:
    front = raw.front
    leaders = [part.strip() for part in str(front.get("leaders") or "").replace(";", ",").split(",") if part.strip()]
    return AgreementHeader(committee=front.get("committee") or "", department=front.get("department") or "",
                           head=front.get("head") or "", institutions=front.get("institutions") or [],
                           leaders=leaders, first_year=front.get("first_year"), last_year=front.get("last_year"),
                           approved=front.get("approved"), cells=raw.front_cells, typed=raw.front_typed)


def submission_from(raw: RawWorkbook, path: Path, settings: Settings) -> Submission:
    kind = raw.stamp.kind
    header = _header(raw)
    if kind == PROJECT_REGISTER:
        return Submission(path=path, sha256=raw.sha256, received=raw.received, stamp=raw.stamp, kind=kind,
                          header=header, projects=projects_from(_rows(raw, "projects"), header))
    level = settings.level_of_agreement(kind)
    owners = header.institutions or ([header.department] if header.department else [])
    first = header.first_year
    goals = []
    for r in _rows(raw, "goals"):
        if not _present(r, "id"):
            continue
        sub_goals = {}
        if first is not None:
            sub_goals = {year: r.values[f] for year, f in ((first, "sub_goal_1"), (first + 1, "sub_goal_2"))
                         if r.values.get(f)}
        goals.append(Goal(id=r.values["id"], text=_text(r, "text"), level=level.key, owners=owners,
                          parents=r.values.get("parents") or [], goal_type=r.values.get("goal_type"),
                          own_goal=bool(r.values.get("own_goal")), responsible=_text(r, "responsible"),
                          carries=r.values.get("carries") or [], sub_goals=sub_goals, **_kw(r)))
    indicators = []
    for r in _rows(raw, "indicators"):
        if not _present(r, "goal_id"):
            continue
        targets = {} if first is None else {year: r.values[f] for year, f in ((first, "target_1"),
                                                                              (first + 1, "target_2"))
                                            if r.values.get(f) is not None}
        indicators.append(Indicator(goal_id=r.values["goal_id"], name=_text(r, "name"), unit=_text(r, "unit"),
                                    baseline=r.values.get("baseline"), targets=targets,
                                    data_source=_text(r, "data_source"), frequency=_text(r, "frequency"), **_kw(r)))
    default_party = header.department if not header.institutions else (
        header.institutions[0] if len(header.institutions) == 1 else "")
    return Submission(
        path=path, sha256=raw.sha256, received=raw.received, stamp=raw.stamp, kind=kind, header=header,
        goals=goals, indicators=indicators,
        actions=[Action(id=r.values["id"], goal_id=r.values.get("goal_id") or "", text=_text(r, "text"),
                        responsible=_text(r, "responsible"), start=r.values.get("start"), end=r.values.get("end"),
                        **_kw(r))
                 for r in _rows(raw, "actions") if _present(r, "id")],
        budget=[BudgetLine(party=r.values.get("party") or default_party, appropriation=r.values["appropriation"],
                           year=r.values["year"], amount=r.values["amount"], note=_text(r, "note"), **_kw(r))
                for r in _rows(raw, "budget") if _present(r, "appropriation", "year", "amount")],
        cross_cutting=[CrossCuttingDecision(goal_id=r.values["goal_id"], relevant=r.values.get("relevant"),
                                            carried_by=r.values.get("carried_by") or [], reason=_text(r, "reason"),
                                            **_kw(r))
                       for r in _rows(raw, "cross_cutting") if _present(r, "goal_id")],
        follow_up=[FollowUp(when=_text(r, "when"), how=_text(r, "how"), reporting=_text(r, "reporting"),
                            location=r.location.at(r.cells.get("when", "")))
                   for r in _rows(raw, "follow_up") if _present(r, "when")],
        results=[_result(r) for r in _rows(raw, "results") if _present(r, "checkpoint", "goal_id")],
    )


def _result(r: Row) -> IndicatorResult:
    v = r.values
    return IndicatorResult(checkpoint=_text(r, "checkpoint"), goal_id=v["goal_id"], indicator=_text(r, "indicator"),
                           unit=_text(r, "unit"), baseline=v.get("baseline"), target=v.get("target"),
                           direction=v.get("direction"), actual=v.get("actual"), assessment=v.get("assessment"),
                           comment=_text(r, "comment"), green_from=_number(v.get("green_from")),
                           yellow_from=_number(v.get("yellow_from")), **_kw(r))


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
