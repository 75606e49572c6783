"""The next round starts from this one: last round's accepted agreements as next round's templates.

`roll_over` turns one accepted submission into next round's content: the budget years moved on
by one, goals, actions and cross-cutting decisions as they were, each indicator's latest
follow-up actual as its new baseline, budget lines carried to the new years. Each carried row
gets a note in a "carried over" column, so a department edits rather than retypes. A party that
sent nothing gets the blank template (`templates.generate_templates` decides who is who).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from ..i18n import Lang, Text
from ..model import AgreementHeader, BudgetLine, Deadline, Foundation, Indicator, Submission
from .followup_sheet import checkpoints
from .columns import Column, WorkbookSpec

CARRIED = Column("carried", Text("Overført fra sidste runde", "Överfört från förra omgången",
                                 "Carried over from last round"), width=40,
                 note=Text("Skrevet af roedtraad: hvad der er overført. Ret frit i rækken.",
                           "Skrivet av roedtraad: vad som har förts över. Ändra fritt i raden.",
                           "Written by roedtraad: what was carried over. Edit the row freely."))
CARRIED_TABLES = ("goals", "indicators", "actions", "budget", "cross_cutting")
NOTE = {
    "row": Text("Fra aftalen {years}", "Från planen {years}", "From the agreement {years}"),
    "baseline": Text("Fra aftalen {years}; baseline = faktisk værdi ved {checkpoint} (før {old})",
                     "Från planen {years}; utgångsvärde = utfall vid {checkpoint} (förut {old})",
                     "From the agreement {years}; baseline = actual at {checkpoint} (was {old})"),
    "budget_same": Text("Beløbet for {year} fra aftalen {years}", "Beloppet för {year} från planen {years}",
                        "The amount for {year} from the agreement {years}"),
    "budget_moved": Text("Beløbet for {source} flyttet til {year}", "Beloppet för {source} flyttat till {year}",
                         "The amount for {source} moved on to {year}"),
}


@dataclass
class Rollover:
    """Next round's content for one agreement, and a note per carried row (per table, in record order)."""

    submission: Submission
    notes: dict[str, list[str]] = field(default_factory=dict)


def with_carried_column(spec: WorkbookSpec) -> WorkbookSpec:
    """The spec with a "carried over" column at the right of each carried table. Written, never read."""
    tables = tuple(replace(t, columns=t.columns + (CARRIED,)) if t.key in CARRIED_TABLES else t for t in spec.tables)
    return replace(spec, tables=tables)


def _years(header: AgreementHeader) -> str:
    first, last = header.first_year, header.last_year
    return str(first) if first == last or last is None else f"{first}-{last}"


def latest_actuals(submission: Submission, points: list[Deadline]) -> dict[tuple[str, str], tuple[float, str]]:
    """(goal id, folded indicator name) -> (the latest numeric actual, its checkpoint), by checkpoint
    date; a checkpoint no årshjul dates counts by its row (a later row is later)."""
    dated = {" ".join(p.phase.split()).casefold(): p.deadline for p in points}
    found: dict[tuple[str, str], tuple[date, float, str]] = {}
    for result in sorted(submission.results, key=lambda r: r.location.row if r.location and r.location.row else 0):
        if not isinstance(result.actual, (int, float)) or isinstance(result.actual, bool):
            continue
        when = dated.get(" ".join(result.checkpoint.split()).casefold(), date.min)
        key = (result.goal_id, " ".join(result.indicator.split()).casefold())
        if key not in found or when >= found[key][0]:
            found[key] = (when, float(result.actual), result.checkpoint)
    return {key: (value, checkpoint) for key, (_, value, checkpoint) in found.items()}


def _budget(lines: list[BudgetLine], years: list[int], lang: Lang, old_years: str) -> tuple[list[BudgetLine],
                                                                                            list[str]]:
    """Per (party, appropriation): each new year's amount is last round's for that year, else its latest."""
    out, notes = [], []
    groups: dict[tuple[str, str], dict[int, BudgetLine]] = {}
    for line in lines:
        groups.setdefault((line.party, line.appropriation), {})[line.year] = line
    for (party, appropriation), by_year in groups.items():
        for year in years:
            source = by_year.get(year) or by_year[max(by_year)]
            out.append(BudgetLine(party=party, appropriation=appropriation, year=year, amount=source.amount,
                                  note=source.note))
            notes.append(NOTE["budget_same"](lang, year=year, years=old_years) if source.year == year
                         else NOTE["budget_moved"](lang, source=source.year, year=year))
    return out, notes


def roll_over(previous: Submission, foundation: Foundation | None, lang: Lang, shift: int = 1,
              points: list[Deadline] = ()) -> Rollover:
    """Next round's agreement from last round's: years on by `shift`, actuals as baselines.
    `points` are last round's checkpoints (to find the latest actual) when the foundation has moved on."""
    old = previous.header
    years_text = _years(old)
    first = None if old.first_year is None else old.first_year + shift
    last = None if old.last_year is None else old.last_year + shift
    parties = {p.id: p for p in (foundation.parties if foundation else [])}
    head = parties[old.department].leader if old.department in parties and parties[old.department].leader \
        else old.head
    leaders = [parties[i].leader for i in old.institutions if i in parties and parties[i].leader] or old.leaders
    header = AgreementHeader(committee=old.committee, department=old.department, head=head,
                             institutions=old.institutions, leaders=leaders, first_year=first, last_year=last)
    new_years = list(range(first, last + 1)) if first is not None and last is not None else []
    row_note = NOTE["row"](lang, years=years_text)
    goals = [g.model_copy(update={"sub_goals": {y: t for y, t in g.sub_goals.items() if y in new_years},
                                  "location": None, "cells": {}}) for g in previous.goals]
    actuals = latest_actuals(previous, [*points, *checkpoints(foundation)])
    indicators: list[Indicator] = []
    indicator_notes = []
    for ind in previous.indicators:
        carried = actuals.get((ind.goal_id, " ".join(ind.name.split()).casefold()))
        targets = {y: v for y, v in ind.targets.items() if y in new_years}
        if carried is not None:
            indicators.append(ind.model_copy(update={"baseline": carried[0], "targets": targets, "location": None,
                                                     "cells": {}}))
            indicator_notes.append(NOTE["baseline"](lang, years=years_text, checkpoint=carried[1],
                                                    old="-" if ind.baseline is None else f"{ind.baseline:g}"
                                                    if isinstance(ind.baseline, float) else ind.baseline))
        else:
            indicators.append(ind.model_copy(update={"targets": targets, "location": None, "cells": {}}))
            indicator_notes.append(row_note)
    budget, budget_notes = _budget(previous.budget, new_years, lang, years_text) if new_years else ([], [])
    submission = Submission(path=previous.path, kind=previous.kind, header=header, goals=goals,
                            indicators=indicators,
                            actions=[a.model_copy(update={"location": None, "cells": {}}) for a in previous.actions],
                            budget=budget,
                            cross_cutting=[d.model_copy(update={"location": None, "cells": {}})
                                           for d in previous.cross_cutting],
                            follow_up=[f.model_copy(update={"location": None}) for f in previous.follow_up])
    notes = {"goals": [row_note] * len(goals), "indicators": indicator_notes,
             "actions": [row_note] * len(submission.actions), "budget": budget_notes,
             "cross_cutting": [row_note] * len(submission.cross_cutting)}
    return Rollover(submission, notes)
