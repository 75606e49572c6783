"""The follow-up sheet (målopfølgning) of every agreement: per indicator and checkpoint the actual
value, the party's own assessment and a comment, pre-filled with the indicator's baseline and target.

Declared once here; `spec.workbook_specs` adds it to every agreement, so the generator writes it,
the reader reads it and write-back can add it to a workbook sent before follow-up began.
The quality agreement already has a sheet "Opfølgning" (how the agreement is followed up, seed
003), so this one is called "Målopfølgning".
"""
from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from ..i18n import Text
from ..model import Deadline, Foundation, Indicator, IndicatorResult, Submission
from .columns import COMPUTED_SUFFIX, C, Column, TableSheet

# The quality agreement already has a sheet "Opfølgning" (how the agreement is followed up), so
# this one is "Målopfølgning".
RESULTS = "results"  # the table key
RESULTS_SHEET_NAME = Text("Målopfølgning", "Måluppföljning", "Goal follow-up")
STATUS_HEADER = Text("Status", "Status", "Status")


def results_table() -> TableSheet:
    return TableSheet(RESULTS, RESULTS_SHEET_NAME, (
        Column("checkpoint", Text("Opfølgningspunkt", "Uppföljningstillfälle", "Checkpoint"), required=True,
               width=26),
        Column("goal_id", Text("Mål-id", "Mål-id", "Goal id"), C.ID, required=True, width=14),
        Column("indicator", Text("Indikator", "Nyckeltal", "Indicator"), required=True, width=36),
        Column("unit", Text("Enhed", "Enhet", "Unit"), width=10),
        Column("baseline", Text("Baseline", "Utgångsvärde", "Baseline"), C.NUMBER, width=12),
        Column("target", Text("Målværdi", "Målvärde", "Target"), C.NUMBER, width=12),
        Column("direction", Text("Retning", "Riktning", "Direction"), C.CHOICE, lookup="directions", width=18,
               note=Text("Tom: lavere er bedre, når målværdien er under baseline.",
                         "Tom: lägre är bättre när målvärdet är under utgångsvärdet.",
                         "Empty: lower is better when the target is below the baseline.")),
        Column("actual", Text("Faktisk værdi", "Utfall", "Actual"), C.NUMBER, width=14),
        Column("assessment", Text("Egen vurdering", "Egen bedömning", "Own assessment"), C.CHOICE,
               lookup="traffic_lights", width=14),
        Column("comment", Text("Kommentar", "Kommentar", "Comment"), width=40),
        Column("green_from", Text("Grøn fra (%)", "Grön från (%)", "Green from (%)"), C.NUMBER, width=12,
               note=Text("Valgfrit: hvor stor en del af vejen fra baseline til målværdi giver grøn.",
                         "Valfritt: hur stor del av vägen från utgångsvärde till målvärde som ger grönt.",
                         "Optional: the share of the way from baseline to target that is green.")),
        Column("yellow_from", Text("Gul fra (%)", "Gul från (%)", "Yellow from (%)"), C.NUMBER, width=12),
        Column("status", Text(*(h + s for h, s in zip(STATUS_HEADER, COMPUTED_SUFFIX))), computed=True, width=16),
    ), Text("Udfyld faktisk værdi pr. indikator og opfølgningspunkt; vurder gerne selv (grøn/gul/rød) og kommentér.",
            "Fyll i utfall per nyckeltal och uppföljningstillfälle; bedöm gärna själv (grön/gul/röd) och kommentera.",
            "Fill in the actual value per indicator and checkpoint; add your own assessment (green/yellow/red) "
            "and a comment."), required=False)

def checkpoints(foundation: Foundation | None) -> list[Deadline]:
    """The årshjul's follow-up checkpoints, by date (then name)."""
    found = [d for d in (foundation.deadlines if foundation else []) if d.checkpoint and d.phase]
    return sorted(found, key=lambda d: (d.deadline, d.phase))


def target_at(indicator: Indicator, when: date) -> float | str | None:
    """The indicator's target for the checkpoint's year, else the latest target before it, else the first."""
    if not indicator.targets:
        return None
    years = sorted(indicator.targets)
    before = [y for y in years if y <= when.year]
    return indicator.targets[before[-1] if before else years[0]]


def planned_results(indicators: Iterable[Indicator], points: Iterable[Deadline],
                    years: tuple[int | None, int | None] = (None, None)) -> list[IndicatorResult]:
    """One empty row per checkpoint and indicator, pre-filled from the indicator.

    Only checkpoints within the agreement's budget years (`years`, inclusive) when they are known."""
    first, last = years
    rows = []
    for point in points:
        if (first is not None and point.deadline.year < first) or (last is not None and point.deadline.year > last):
            continue
        for indicator in indicators:
            rows.append(IndicatorResult(checkpoint=point.phase, goal_id=indicator.goal_id, indicator=indicator.name,
                                        unit=indicator.unit, baseline=indicator.baseline,
                                        target=target_at(indicator, point.deadline)))
    return rows


def result_rows(submission: Submission, foundation: Foundation | None) -> list[dict[str, Any]]:
    """The follow-up sheet's rows: what the party reported, else the planned empty rows."""
    results = submission.results or planned_results(
        submission.indicators, checkpoints(foundation),
        (submission.header.first_year, submission.header.last_year))
    fields = {"checkpoint", "goal_id", "indicator", "unit", "baseline", "target", "direction", "actual",
              "assessment", "comment", "green_from", "yellow_from"}
    return [r.model_dump(include=fields) for r in results]
