"""xlwings' remote Book from the Office.js client's payload, and its values as sheet grids.

The remote interpreter is part of xlwings PRO, free for noncommercial use under
the PolyForm Noncommercial licence (government institutions count as
noncommercial organisations); `XLWINGS_LICENSE_KEY=noncommercial` enables it
with no network access. Without xlwings, or with a key xlwings refuses, the
add-in's endpoints answer `XlwingsUnavailable`'s message and the rest of
roedtraad is unaffected: nothing else imports this module.
"""
from __future__ import annotations

import copy
import hashlib
import json
import os
import re
from typing import Any

from ..i18n import Lang, Text
from ..workbook_templates.read import GridWorkbook

LICENSE_ENV = "XLWINGS_LICENSE_KEY"
NONCOMMERCIAL = "noncommercial"

NOT_INSTALLED = Text("Excel-tilføjelsesprogrammet kræver xlwings, som ikke er installeret på serveren.",
                     "Excel-tillägget kräver xlwings, som inte är installerat på servern.",
                     "The Excel add-in needs xlwings, which is not installed on the server.")
UNLICENSED = Text("Excel-tilføjelsesprogrammet kræver xlwings PRO's fortolker, men licensnøglen blev afvist "
                  "(XLWINGS_LICENSE_KEY). Brug 'noncommercial' for kommuner og regioner.",
                  "Excel-tillägget kräver xlwings PRO:s tolk, men licensnyckeln avvisades (XLWINGS_LICENSE_KEY). "
                  "Använd 'noncommercial' för kommuner och regioner.",
                  "The Excel add-in needs xlwings PRO's interpreter, but the licence key was refused "
                  "(XLWINGS_LICENSE_KEY). Use 'noncommercial' for municipalities and regions.")


class XlwingsUnavailable(RuntimeError):
    """xlwings is missing or unlicensed: the add-in cannot work, the rest of roedtraad can."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text

    def message(self, lang: Lang) -> str:
        return self.text(lang)


class LiveBookError(ValueError):
    """The payload cannot be made into a Book (a bug or limit of xlwings, or not a payload at all)."""


def enable_remote_interpreter(default_key: str | None = NONCOMMERCIAL) -> Any:
    """Make xlwings' remote engine available and return the xlwings module.

    xlwings registers its engines when it is first imported, so a key set
    afterwards needs the engine registered here. A key already in the
    environment (a commercial one) is kept.
    """
    if default_key and not os.environ.get(LICENSE_ENV):
        os.environ[LICENSE_ENV] = default_key
    try:
        import xlwings
    except ImportError as exc:
        raise XlwingsUnavailable(NOT_INSTALLED) from exc
    try:
        xlwings.engines["remote"]
        return xlwings
    except Exception:  # noqa: BLE001 - xlwings raises LicenseError or KeyError for a missing engine
        pass
    try:
        from xlwings.main import Engine
        from xlwings.pro import _xlremote
        xlwings.engines.add(Engine(impl=_xlremote.engine))
        xlwings.engines["remote"]
    except Exception as exc:  # noqa: BLE001 - LicenseError, ImportError: xlwings says no in several ways
        raise XlwingsUnavailable(UNLICENSED) from exc
    return xlwings


# What xlwings' remote Book takes for a date-time: it then drops the last character, assuming a
# "Z". A text cell that only looks like one (no "Z") makes every read of its range raise ValueError.
_XLWINGS_DATETIME = re.compile(
    r"^(-?(?:[1-9][0-9]*)?[0-9]{4})-(1[0-2]|0[1-9])-(3[01]|0[1-9]|[12][0-9])T(2[0-3]|[01][0-9]):([0-5][0-9]):"
    r"([0-5][0-9])(\.[0-9]+)?(Z|[+-](?:2[0-3]|[01][0-9]):[0-5][0-9])?$")


def _check_shape(payload: Any) -> list[dict[str, Any]]:
    if not isinstance(payload, dict) or not isinstance(payload.get("sheets"), list):
        raise LiveBookError("no sheets in the payload")
    for sheet in payload["sheets"]:
        if not isinstance(sheet, dict) or not isinstance(sheet.get("name"), str) \
                or not isinstance(sheet.get("values"), list) or not all(isinstance(r, list) for r in sheet["values"]):
            raise LiveBookError("a sheet without a name or values")
    return payload["sheets"]


def _set_aside_iso_lookalikes(sheets: list[dict[str, Any]]) -> dict[tuple[int, int, int], str]:
    """Blank the text cells xlwings would misread as date-times, and return them to put back
    after reading: Office.js sends real dates with a "Z", so these are text a user typed."""
    aside = {}
    for s, sheet in enumerate(sheets):
        for r, row in enumerate(sheet["values"]):
            for c, value in enumerate(row):
                if isinstance(value, str) and not value.endswith("Z") and _XLWINGS_DATETIME.match(value):
                    aside[(s, r, c)] = value
                    row[c] = ""
    return aside


def open_book(payload: dict[str, Any]) -> tuple[Any, GridWorkbook]:
    """The remote Book for `payload` (actions are recorded on it) and its values as a GridWorkbook.

    Raises XlwingsUnavailable, or LiveBookError when xlwings cannot make a Book of it.
    """
    xlwings = enable_remote_interpreter()
    sheets = _check_shape(copy.deepcopy(payload)).copy()
    safe = {**payload, "sheets": sheets}
    aside = _set_aside_iso_lookalikes(sheets)
    try:
        book = xlwings.Book(json=safe)
        grids = book_grids(book)
    except Exception as exc:  # noqa: BLE001 - any failure of xlwings on a user's workbook becomes a finding
        raise LiveBookError(f"{type(exc).__name__}: {exc}"[:200]) from exc
    names = list(grids)
    for (s, r, c), text in aside.items():
        grid = grids[names[s]]
        if r < len(grid) and c < len(grid[r]):
            grid[r][c] = text
    name = str(payload.get("book", {}).get("name") or "Excel")
    digest = hashlib.sha256(json.dumps([s["values"] for s in payload["sheets"]], default=str).encode()).hexdigest()
    return book, GridWorkbook(name=name, sheets=grids, sha256=digest)


def book_grids(book: Any) -> dict[str, list[list[Any]]]:
    """Every sheet's values from A1 to its last used cell, read through xlwings (which turns the
    client's ISO date strings into datetimes and empty cells into None). Also used by the Lite script."""
    grids = {}
    for sheet in book.sheets:
        last = sheet.used_range.last_cell
        grids[sheet.name] = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value
    return grids
