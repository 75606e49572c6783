"""Follow-up data for the demo: two checkpoints in the årshjul and, for every indicator of every
agreement, an actual value at each checkpoint, with the party's own assessment on some rows.

Drawn from a random stream of its own (seeded from the demo's seed), so the rest of the demo is
the same with or without follow-up. Own assessments always agree with the computed status: the
demo's deliberate mistakes are listed in `mistakes.py`, and this adds none.
"""
from __future__ import annotations

from datetime import date
from random import Random

from ..config import Settings
from ..i18n import Lang, Text
from ..model import Deadline, IndicatorResult, Submission
from ..followup.status import Status, result_status
from ..workbook_templates.followup_sheet import planned_results

COMMENTS = {
    Status.GREEN: (Text("Indsatsen virker efter planen.", "Insatsen fungerar enligt plan.", "On plan."),
                   Text("Målet er nået før tid.", "Målet är nått före tid.", "Reached ahead of time."), None),
    Status.YELLOW: (Text("Fremgang, men langsommere end planlagt.", "Framsteg, men långsammare än planerat.",
                         "Progress, but slower than planned."),
                    Text("Personaleskift har forsinket indsatsen.", "Personalbyten har försenat insatsen.",
                         "Staff changes delayed the work."), None),
    Status.RED: (Text("Ingen fremgang endnu; indsatsen justeres.", "Inga framsteg ännu; insatsen justeras.",
                      "No progress yet; the plan is being adjusted."),
                 Text("Målingen er påvirket af få besvarelser.", "Mätningen påverkas av få svar.",
                      "Few responses affect the measurement."), None),
}
# Seed 003 agrees a follow-up and a final report; seed 004 follows up in delårsrapport and årsredovisning.
HALF_YEAR = Text("Halvårsopfølgning {year}", "Delårsrapport {year}", "Half-year follow-up {year}")
YEAR_END = Text("Årsopfølgning {year}", "Årsredovisning {year}", "Annual follow-up {year}")
RESPONSIBLE = Text("Afdelingscheferne", "Förvaltningscheferna", "The heads of department")


def checkpoints(budget_year: int, lang: Lang = "da") -> list[Deadline]:
    """Two checkpoints in the budget year, named in the project's language."""
    return [Deadline(phase=HALF_YEAR(lang, year=budget_year), deadline=date(budget_year, 6, 30),
                     responsible=RESPONSIBLE(lang), checkpoint=True),
            Deadline(phase=YEAR_END(lang, year=budget_year), deadline=date(budget_year, 12, 31),
                     responsible=RESPONSIBLE(lang), checkpoint=True)]


def _actual(rng: Random, baseline: float, target: float, decimals: int) -> float:
    """Half the indicators on target, three in ten on the way, the rest behind; in the measure's precision."""
    draw = rng.random()
    progress = rng.uniform(1.0, 1.25) if draw < 0.5 else rng.uniform(0.55, 0.95) if draw < 0.8 \
        else rng.uniform(-0.2, 0.4)
    if target == baseline:  # hold the level: on it, or a little off
        return round(baseline * (1 if draw < 0.7 else 0.95), decimals)
    return round(baseline + (target - baseline) * progress, decimals)


def add_follow_up(submissions: list[tuple[str, Submission]], points: list[Deadline], settings: Settings,
                  seed: int) -> None:
    """Fill every submission's follow-up sheet: an actual per indicator and checkpoint."""
    rng = Random(f"follow-up-{seed}")
    for _, submission in submissions:
        header = submission.header
        rows: list[IndicatorResult] = []
        for point in points:
            for row in planned_results(submission.indicators, [point], (header.first_year, header.last_year)):
                if not isinstance(row.baseline, float) or not isinstance(row.target, float):
                    rows.append(row)
                    continue
                decimals = 1 if any(v != int(v) for v in (row.baseline, row.target)) else 0
                row = row.model_copy(update={"actual": _actual(rng, row.baseline, row.target, decimals)})
                status = result_status(row, settings.follow_up)
                if rng.random() < 0.4:
                    comment = rng.choice(COMMENTS[status])
                    row = row.model_copy(update={"assessment": status.value,
                                                 "comment": comment(settings.language) if comment else ""})
                rows.append(row)
        submission.results = rows
