"""What the demo builder hands back, and the small formatting helpers it shares with the mistakes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from random import Random
from typing import Callable

from ..model import Foundation, Submission
from .content import Measure

RawKey = tuple[str, str, str]  # (sheet key, row id, field), as the workbook writer addresses a cell


@dataclass(frozen=True)
class DeliberateMistake:
    code: str  # the finding code the validator must report
    file: str  # relative file name (or the foundation file name)
    sheet_key: str  # table key in the spec ("goals", "budget", ...) or "front"
    row_id: str  # goal/action id, budget row id ("party:appropriation:year") or ""
    field: str  # the column (or front) field whose cell carries the mistake


@dataclass
class DemoMunicipality:
    foundation: Foundation
    submissions: list[tuple[str, Submission]]  # (file name relative to the submissions folder, records)
    mistakes: list[DeliberateMistake]
    received: dict[str, float]  # relative file name -> mtime (epoch seconds) for the written file
    # file -> (sheet key, row id, field) -> raw cell value written instead of the record's value
    raw_overrides: dict[str, dict[RawKey, object]] = field(default_factory=dict)
    # the departments' strategic project registers (seed 002), beside the agreements: clean, no mistakes
    project_registers: list[tuple[str, Submission]] = field(default_factory=list)


def da_number(value: float, decimals: int) -> str:
    """1234.5 -> '1.234,5' (Danish separators)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def with_unit(value: float, measure: Measure, number_format: Callable[[float, int], str] = da_number,
              unitless: tuple[str, ...] = ("antal", "karakter", "point")) -> str:
    number = number_format(value, measure.decimals)
    if measure.unit == "%":
        return f"{number} %"
    if measure.unit in unitless:
        return number
    return f"{number} {measure.unit}"


def daytime(day: date, rng: Random) -> float:
    """A time on `day` that is the same calendar day in every European time zone."""
    moment = datetime(day.year, day.month, day.day, 10, tzinfo=timezone.utc)
    return moment.timestamp() + rng.randint(0, 4 * 3600)
