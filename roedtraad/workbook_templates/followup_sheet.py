"""The follow-up sheet (målopfølgning) of every agreement: per indicator and checkpoint the actual
value, the party's own assessment and a comment, pre-filled with the indicator's baseline and target.

Its columns are declared in `spec.results_table` (beside the other sheets; `workbook_specs` adds
it to every agreement), so the generator writes it, the reader reads it and write-back can add it
to a workbook sent before follow-up began. Here: the checkpoints and the pre-filled rows.
The quality agreement already has a sheet "Opfølgning" (how the agreement is followed up, seed
003), so this one is called "Målopfølgning".
"""
from __future__ import annotations

from datetime import date
from typing import Any, Iterable

from ..i18n import Text
from ..model import Deadline, Foundation, Indicator, IndicatorResult, Submission
from .spec import RESULTS, RESULTS_SHEET_NAME, results_table  # noqa: F401 - the sheet's declaration, re-exported

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
