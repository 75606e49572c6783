"""Reading the sheets of a workbook: the front sheet's labelled fields and each table's rows and cells.

`read` opens the file (or takes the add-in's grids), checks it is a roedtraad
template and hands every sheet's values here. Headers are matched in any
language, each cell is cleaned by its column's type, and every problem is a
finding at its cell. What reading needs from the settings (specs, dropdown
lookups, column plans, header rows seen) is worked out once per Settings in
`Plan`, since one validation run reads thousands of files with one Settings.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..config import Settings
from ..findings import Finding
from ..i18n import Text
from ..model import Location, shared_cells
from . import structure
from .cells import CONVERTERS, FormulaWithoutValue, id_findings, number_as_text, parse_cell, typed_ids
from .normalize import clean_text
from .records import RawWorkbook, Row
from .sources import Source
from .spec import (FRONT_SHEET, STAMP_SHEET, Column, ColumnType, FrontField, TableSheet, WorkbookSpec,
                   choice_lookup, header_key, workbook_specs)
from .spec import row_id as spec_row_id

HEADER_SEARCH_ROWS = 10


@lru_cache(maxsize=1024)
def get_column_letter(index: int) -> str:
    """1 -> "A", 28 -> "AB". Kept here so reading never imports openpyxl (and numpy):
    that import alone took longer than reading a hundred submissions."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters

def sheet_index(names: list[str]) -> dict[str, str]:
    return {header_key(n): n for n in names}


def find_sheet(index: dict[str, str], name: Text) -> str | None:
    return next((index[header_key(n)] for n in name if header_key(n) in index), None)

_HEADER_FIELDS: dict[int, tuple[TableSheet, dict[str, tuple[str, ...]]]] = {}


def _header_fields(table: TableSheet) -> dict[str, tuple[str, ...]]:
    """Header key (any language) -> the fields it names, per table, built once."""
    known = _HEADER_FIELDS.get(id(table))
    if known is not None and known[0] is table:
        return known[1]
    fields: dict[str, tuple[str, ...]] = {}
    for column in table.columns:
        for key in column.headers():
            fields[key] = (*fields.get(key, ()), column.field)
    if len(_HEADER_FIELDS) > 256:
        _HEADER_FIELDS.clear()
    _HEADER_FIELDS[id(table)] = (table, fields)
    return fields


def find_header_row(grid: list[list[Any]], table: TableSheet) -> tuple[int, dict[str, int]]:
    """Find the header row (the one matching most spec headers) and map field -> column index.

    A field's column is the leftmost cell holding one of its headers; among rows
    matching equally many fields the first wins.
    """
    lookup = _header_fields(table)
    best_row, best = 0, {}
    for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        hits: dict[str, int] = {}
        for i, value in enumerate(row):
            if isinstance(value, str) and value:
                for name in lookup.get(header_key(value), ()):
                    hits.setdefault(name, i)
        if len(hits) > len(best):
            best_row, best = r, {c.field: hits[c.field] for c in table.columns if c.field in hits}
            if len(best) == len(table.columns):
                break  # no later row can match more
    return best_row, best


class NotRead(Exception):
    """The file cannot be read safely as a whole: its one finding, and nothing else is said."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.code)
        self.finding = finding


def _merged_in_table(merged_ranges: Any, header_index: int, columns: dict[str, int]) -> str | None:
    """A merged range that reaches into the table (header row and below, the table's columns):
    calamine shows its value in the first cell only, so rows would be read wrong without a word."""
    # No header found (a merge may be what hides it): any merge from the header rows down counts.
    first, last = (min(columns.values()), max(columns.values())) if columns else (0, 1 << 14)
    for (top, left), (bottom, right) in merged_ranges or ():
        if bottom >= header_index and right >= first and left <= last:
            return f"{get_column_letter(left + 1)}{top + 1}:{get_column_letter(right + 1)}{bottom + 1}"
    return None


def read_table(ctx: "SheetContext", sheet: str, table: TableSheet, uncached: set[str]) -> list[Row]:
    sheet = sys.intern(sheet)  # every location of every file names it: one string, not one per file
    grid = ctx.source.grid(sheet)
    header_index, columns = ctx.plan.header_row(grid, table)
    merged_ranges = ctx.source.merged_ranges(sheet)
    if merged_ranges:
        merged = _merged_in_table(merged_ranges, header_index, columns)
        if merged is not None:
            raise NotRead(structure.MergedCells.at(Location(file=ctx.name, sheet=sheet, cell=merged.split(":")[0]),
                                                    cells=merged, sheet_name=sheet))
    for column in table.input_columns:
        if column.field not in columns:
            kind = structure.MissingColumn if column.required else structure.MissingOptionalColumn
            ctx.findings.append(kind.at(Location(file=ctx.name, sheet=sheet, cell=f"A{header_index + 1}"),
                                        column=column.header(ctx.lang)))
    present = ctx.plan.columns(table, columns)
    if not present:
        return []
    fields = [c.field for c, *_ in present]
    indices = [i for _, i, *_ in present]
    letters = [(c.field, letter) for c, _, letter, *_ in present]
    rows = []
    for r in range(header_index + 1, len(grid)):
        raw = grid[r]
        width = len(raw)
        found = [raw[i] if i < width else None for i in indices]
        number = r + 1
        digits = str(number)
        cells = shared_cells({field_name: letter + digits for field_name, letter in letters})
        has_formula = bool(uncached) and any(cell in uncached for cell in cells.values())
        if not has_formula and all(v is None or (v.__class__ is str and not v.strip()) for v in found):
            continue  # the template's empty input rows
        typed: dict[str, str] = {}
        values = _row_values(ctx, table, present, fields, found, cells, sheet, number, uncached, typed)
        location = Location(file=ctx.name, sheet=sheet, cell=cells[fields[0]], row=number)
        rows.append(Row(number, values, cells, location, typed))
    return rows


_PROBLEM = object()  # a converter's "let parse_cell say what is wrong"


def _fast_converter(column: Column, max_text: int):
    """The clean value of a non-blank cell in the common case, or _PROBLEM; None for CHOICE columns."""
    if column.type is ColumnType.TEXT:
        def text(value: object) -> object:
            cleaned = clean_text(value)
            return cleaned if len(cleaned) <= max_text else _PROBLEM
        return text
    return CONVERTERS.get(column.type)


def _row_values(ctx: "SheetContext", table: TableSheet, present: list, fields: list[str], found: list,
                cells: dict[str, str], sheet: str, number: int, uncached: set[str],
                typed: dict[str, str]) -> dict[str, Any]:
    """Clean values by field. The fast path converts directly; a cell with a problem (or a
    required blank, or a formula without a value) is named with its row id and its cell."""
    values: dict[str, Any] = {}
    for (column, _, _, header, choices, convert), value in zip(present, found):
        cell = cells[column.field]
        without_value = bool(uncached) and cell in uncached  # a formula nobody computed
        if without_value:
            pass
        elif value is None or (value.__class__ is str and not value.strip()):
            if not column.required:
                values[column.field] = None
                continue
        elif convert is not None:
            try:
                clean = convert(value)
            except ValueError:
                clean = _PROBLEM
            if clean is not _PROBLEM:
                values[column.field] = clean
                if value.__class__ is str:
                    if column.type is ColumnType.NUMBER:  # read, but Excel will not add it up
                        where = Location(file=ctx.name, sheet=sheet, cell=cell, row=number)
                        ctx.findings.append(number_as_text(value, clean, where, header,
                                                           spec_row_id(table.key, dict(zip(fields, found)))))
                    elif " " in value:  # an id typed with spaces inside: matched without, shown as typed
                        changed = typed_ids(column.type, value, clean)
                        if changed:
                            typed.update(changed)
                            where = Location(file=ctx.name, sheet=sheet, cell=cell, row=number)
                            ctx.findings += id_findings(changed, where,
                                                        spec_row_id(table.key, dict(zip(fields, found))))
                continue
        elif choices is not None:
            key = choices.get(clean_text(value).casefold())
            if key is not None:
                values[column.field] = key
                continue
        where = Location(file=ctx.name, sheet=sheet, cell=cell, row=number)
        row_id = spec_row_id(table.key, dict(zip(fields, found)))
        if without_value:
            values[column.field], finding = None, FormulaWithoutValue.at(where, row_id=row_id)
        else:
            values[column.field], finding = parse_cell(column, value, where, header, row_id=row_id,
                                                       choices=choices, max_text=ctx.settings.limits.max_text_length)
        if finding is not None:
            ctx.findings.append(finding)
    return values


class Plan:
    """What reading needs from the settings, worked out once per Settings rather than once
    per file (a validation run reads thousands of files with one Settings): the workbook
    specs, the dropdown lookups, each table's column plan, and the header rows seen."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.specs = workbook_specs(settings)
        self._choices: dict[str, dict[str, str]] = {}
        self._columns: dict[tuple, list[tuple]] = {}
        self._front_labels: dict[int, dict[str, tuple[FrontField, Column, str]]] = {}
        self._headers: dict[tuple, tuple[int, dict[str, int]]] = {}
        self._header_depths: dict[int, set[int]] = {}
        # Sheet names (folded, any language) the reader parses: stamp, front page, every table.
        names = [STAMP_SHEET, *FRONT_SHEET, *(n for spec in self.specs.values() for t in spec.tables for n in t.name)]
        self.parsed_sheets = {header_key(n) for n in names}

    def choices(self, column: Column) -> dict[str, str] | None:
        if column.type is not ColumnType.CHOICE:
            return None
        if column.lookup not in self._choices:
            self._choices[column.lookup] = choice_lookup(column.lookup, self.settings)
        return self._choices[column.lookup]

    def columns(self, table: TableSheet, found: dict[str, int]) -> list[tuple]:
        """Per input column found: (column, index, letter, header in the user's language,
        dropdown choices, fast converter)."""
        key = (id(table), tuple(found.items()))
        plan = self._columns.get(key)
        if plan is None:
            lang, max_text = self.settings.language, self.settings.limits.max_text_length
            plan = [(c, found[c.field], get_column_letter(found[c.field] + 1), c.header(lang), self.choices(c),
                     _fast_converter(c, max_text)) for c in table.input_columns if c.field in found]
            self._columns[key] = plan
        return plan

    def header_row(self, grid: list[list[Any]], table: TableSheet) -> tuple[int, dict[str, int]]:
        """find_header_row, remembered: when every header matched in row n, the answer depends
        on rows 1..n only, and those are the same in every file made from one template."""
        for depth in self._header_depths.get(id(table), ()):
            known = self._headers.get((id(table), tuple(map(tuple, grid[:depth]))))
            if known is not None:
                return known[0], dict(known[1])
        index, columns = find_header_row(grid, table)
        if len(columns) == len(table.columns) and len(self._headers) < 4096:
            self._headers[(id(table), tuple(map(tuple, grid[:index + 1])))] = (index, dict(columns))
            self._header_depths.setdefault(id(table), set()).add(index + 1)
        return index, columns

    def front_labels(self, spec: WorkbookSpec) -> dict[str, tuple[FrontField, Column, str]]:
        """Folded front-sheet label (any language) -> (its field, the field as a column to parse
        its value with, its label in the user's language)."""
        labels = self._front_labels.get(id(spec))
        if labels is None:
            lang = self.settings.language
            labels = self._front_labels[id(spec)] = {
                header_key(label): (f, Column(f.field, f.label, f.type, required=f.required), f.label(lang))
                for f in spec.front_fields for label in f.label}
        return labels


_PLANS: list[Plan] = []


def plan_for(settings: Settings) -> Plan:
    for plan in _PLANS:
        if plan.settings is settings:
            return plan
    plan = Plan(settings)
    _PLANS[:] = [plan, *_PLANS[:3]]
    return plan


@dataclass
class SheetContext:
    plan: Plan
    source: Source
    name: str
    lang: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def settings(self) -> Settings:
        return self.plan.settings


def read_front(ctx: SheetContext, spec: WorkbookSpec, index: dict[str, str], raw: RawWorkbook) -> None:
    sheet = find_sheet(index, FRONT_SHEET)
    if sheet is None:
        ctx.findings.append(structure.MissingSheet.at(Location(file=ctx.name), sheet_name=FRONT_SHEET(ctx.lang)))
        return
    grid = ctx.source.grid(sheet)
    labels = ctx.plan.front_labels(spec)
    for r, row in enumerate(grid):
        if not row or not isinstance(row[0], str) or header_key(row[0]) not in labels:
            continue
        front, column, label = labels[header_key(row[0])]
        if front.field in raw.front:
            continue
        here = Location(file=ctx.name, sheet=sheet, cell=f"B{r + 1}", row=r + 1)
        typed_value = row[1] if len(row) > 1 else None
        value, finding = parse_cell(column, typed_value, here, label)
        raw.front[front.field] = value
        raw.front_cells[front.field] = here
        if finding is None and value is not None:
            # Front sheet parties may be named by id or by name: keep what was typed for messages, but a
            # name is not an id "read without spaces", so say nothing about it here.
            raw.front_typed.update(typed_ids(column.type, typed_value, value))
        if finding is not None:
            ctx.findings.append(finding)
    for front in spec.front_fields:
        if front.field not in raw.front_cells and front.required:
            ctx.findings.append(structure.MissingFrontField.at(Location(file=ctx.name, sheet=sheet),
                                                               field=front.label(ctx.lang)))
