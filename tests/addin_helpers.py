"""Helpers for the add-in tests: run xlwings actions against a payload as Excel would, and read them."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

CLIENT = (Path(__file__).resolve().parents[1] / "roedtraad" / "addin" / "static" / "vendor" / "xlwings-server"
          / "1.20.0" / "js" / "custom-scripts" / "index.js")


def client_actions() -> set[str]:
    """The action names the served Office.js client implements: the keys of its `funcs` map."""
    source = CLIENT.read_text(encoding="utf-8")
    block = source[source.index("let funcs = {"):]
    block = block[:block.index("};")]
    return set(re.findall(r"^\s*(\w+):", block, re.M))


def cell_of(action: dict[str, Any], sheets: list[str]) -> tuple[str, str]:
    return (sheets[action["sheet_position"]],
            f"{get_column_letter(action['start_column'] + 1)}{action['start_row'] + 1}")


def apply(payload: dict[str, Any], actions: list[dict[str, Any]]) -> dict[str, tuple[str, str, Any]]:
    """Apply the value and sheet actions to the payload as Excel would (colours are returned, per cell)."""
    colours = {}
    sheets = payload["sheets"]
    for action in actions:
        func = action["func"]
        if func == "addSheet":
            position, name = action["args"]
            sheets.insert(position, {"name": name, "values": [[""]], "pictures": [], "shapes": [], "charts": [],
                                     "tables": [], "pivot_tables": [], "notes": [], "visibility": "Visible",
                                     "used_range_address": None, "print_area": None, "show_gridlines": True})
            continue
        sheet = sheets[action["sheet_position"]]
        if func == "sheetDelete":
            sheets.remove(sheet)
        elif func == "sheetClearContents":
            sheet["values"] = [[""]]
        elif func == "setValues":
            r0, c0 = action["start_row"], action["start_column"]
            values = sheet["values"]
            for r, row in enumerate(action["values"]):
                for c, value in enumerate(row):
                    while len(values) <= r0 + r:
                        values.append([""] * len(values[0]))
                    for line in values:
                        while len(line) <= c0 + c:
                            line.append("")
                    values[r0 + r][c0 + c] = "" if value is None else value
        elif func == "setRangeColor":
            colours[cell_of(action, [s["name"] for s in sheets])] = action["args"][0]
    for sheet in sheets:  # Office.js reports the used range with the values
        values = sheet["values"]
        width = max(len(r) for r in values)
        sheet["values"] = values = [r + [""] * (width - len(r)) for r in values]
        used = any(v != "" for r in values for v in r)
        sheet["used_range_address"] = f"A1:{get_column_letter(width)}{len(values)}" if used else None
    return colours
