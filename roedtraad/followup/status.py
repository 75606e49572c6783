"""The traffic light of one indicator at one checkpoint, from baseline, target and actual.

Progress is the share of the planned change reached: (actual - baseline) / (target - baseline),
the same formula whichever direction is better, because target - baseline carries the sign.
At least `green_from` is green, at least `yellow_from` yellow, below is red; both bounds belong
to the better colour. Without a baseline, or when the target asks for no change (or a change the
wrong way), the target itself is the bar: reached is green, missed is red.
"""
from __future__ import annotations

from enum import StrEnum

from ..config import FollowUpSettings
from ..i18n import Text
from ..model import Direction, IndicatorResult

EPSILON = 1e-9  # 85 of 80 -> 90 is exactly one half, not 0.4999999


class Status(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
    NOT_MEASURED = "not_measured"


# Worst first: the order the "worst child" rule and every table use.
SEVERITY = (Status.RED, Status.YELLOW, Status.GREEN, Status.NOT_MEASURED)
LABELS = {
    Status.GREEN: Text("Grøn", "Grön", "Green"),
    Status.YELLOW: Text("Gul", "Gul", "Yellow"),
    Status.RED: Text("Rød", "Röd", "Red"),
    Status.NOT_MEASURED: Text("Ikke målt", "Ej mätt", "Not measured"),
}
COLOURS = {Status.GREEN: "C6EFCE", Status.YELLOW: "FFEB9C", Status.RED: "FFC7CE", Status.NOT_MEASURED: "E7E6E6"}


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def direction_of(direction: Direction | None, baseline: float | None, target: float) -> Direction:
    """The stated direction, else lower is better exactly when the target is below the baseline."""
    if direction is not None:
        return direction
    return "lower" if baseline is not None and target < baseline else "higher"


def indicator_status(baseline: object, target: object, actual: object, direction: Direction | None = None, *,
                     green_from: float = 1.0, yellow_from: float = 0.5) -> Status:
    """Green, yellow or red; not measured without a numeric actual and target."""
    actual_value, target_value, base = _number(actual), _number(target), _number(baseline)
    if actual_value is None or target_value is None:
        return Status.NOT_MEASURED
    better = direction_of(direction, base, target_value)
    sign = 1.0 if better == "higher" else -1.0
    planned = None if base is None else (target_value - base) * sign
    if planned is None or planned <= 0:
        return Status.GREEN if (actual_value - target_value) * sign >= -EPSILON else Status.RED
    progress = (actual_value - base) * sign / planned
    if progress >= green_from - EPSILON:
        return Status.GREEN
    if progress >= yellow_from - EPSILON:
        return Status.YELLOW
    return Status.RED


def result_status(result: IndicatorResult, settings: FollowUpSettings) -> Status:
    """A follow-up row's status; its own thresholds (in percent) win over the preset's."""
    green = settings.green_from if result.green_from is None else result.green_from / 100
    yellow = settings.yellow_from if result.yellow_from is None else result.yellow_from / 100
    return indicator_status(result.baseline, result.target, result.actual, result.direction,
                            green_from=green, yellow_from=min(yellow, green))


def worst(statuses: list[Status]) -> Status:
    """The worst measured status; not measured when nothing was."""
    for status in SEVERITY:
        if status in statuses:
            return status
    return Status.NOT_MEASURED
