"""Write roedtraad workbooks: the foundation, and pre-filled agreement templates.

Every workbook has a front sheet with parties, period and instructions, one
Excel table per spec sheet (frozen, protected header; unlocked, tinted input
cells; grey computed columns), dropdowns fed from a lookup sheet, and a hidden
stamp sheet that lets the reader recognise kind, preset and version.
"""
from __future__ import annotations

from copy import copy
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Mapping

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ..config import Settings
from ..files import write_atomically
from ..i18n import ALL, NO, YES, Lang, Text
from ..model import AgreementHeader, Foundation, Goal, Submission, TemplateStamp
from .followup_sheet import result_rows
from .normalize import dropdown_entry, excel_text
from .printing import print_landscape_fit_width
from .rollover import with_carried_column
from .spec import (CHOICES, COMPUTED_COLOUR, FOUNDATION, FRONT_SHEET, INPUT_COLOUR, LOOKUP_SHEET, POLICY_TABLE,
                   STAMP_SHEET, Column, ColumnType, TableSheet, WorkbookSpec, choice_label, foundation_table_keys,
                   workbook_specs)
from .spec import row_id as spec_row_id

INPUT_FILL = PatternFill("solid", fgColor=INPUT_COLOUR)  # pale yellow: "type here"
COMPUTED_FILL = PatternFill("solid", fgColor=COMPUTED_COLOUR)  # grey: "roedtraad writes this"
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
RowKey = tuple[str, str, str]  # (sheet key, row id, field): a cell addressed by meaning

# A parent column whose dropdown is still empty: the first institution templates are made before
# the department's committee agreement (whose goals they realise) has arrived.
NO_PARENT_LIST = Text(
    "Der er ingen rulleliste endnu: de mål, dette mål kan realisere, var ikke kendt, da skabelonen blev dannet "
    "(for en institution: afdelingens udvalgsaftale). Skriv id'et på det overordnede mål, fx SKO-1, eller "
    "markér målet som eget mål. Økonomi kan danne skabelonen igen med rullelisten ('roedtraad templates').",
    "Det finns ingen lista ännu: målen som detta mål kan förverkliga var inte kända när mallen skapades "
    "(för en verksamhet: förvaltningens nämndplan). Skriv id:t för det överordnade målet, t.ex. SKO-1, eller "
    "markera målet som eget mål. Ekonomi kan skapa mallen igen med listan ('roedtraad templates').",
    "There is no dropdown yet: the goals this goal may realise were not known when the template was made "
    "(for an institution: its department's committee agreement). Type the parent goal's id, e.g. SKO-1, or "
    "mark the goal as an own goal. Finance can make the template again with the dropdown ('roedtraad templates').")

STAMP_LABEL = Text("Denne fil er dannet af roedtraad. Slet ikke arket.",
                   "Denna fil skapades av roedtraad. Ta inte bort fliken.",
                   "This file was made by roedtraad. Do not delete this sheet.")


def _write(cell, value: Any) -> None:
    """Write a value; text is always text, never a formula."""
    if isinstance(value, str):
        cell.value = excel_text(value)  # pasted text may carry characters xlsx cannot hold
        cell.data_type = "s"
        return
    cell.value = value
    if isinstance(value, date):
        cell.number_format = "DD-MM-YYYY"


def _cell_value(column: Column, value: Any, lang: Lang, settings: Settings) -> Any:
    if value is None or value == [] or value == "":
        return None
    if column.type is ColumnType.ID_LIST and isinstance(value, (list, tuple)):
        return ", ".join(value)
    if column.type is ColumnType.YES_NO and isinstance(value, bool):
        return (YES if value else NO)(lang)
    if column.type is ColumnType.CHOICE:
        return choice_label(column.lookup, value, settings, lang)
    return value


EXAMPLE_LABEL = Text("Eksempel på en udfyldt række (læses ikke; skriv jeres egne rækker under overskrifterne):",
                     "Exempel på en ifylld rad (läses inte; skriv era egna rader under rubrikerna):",
                     "Example of a filled-in row (not read; write your own rows below the headers):")
EXAMPLE_FONT = Font(italic=True, color="7F7F7F")


def _example_rows(ws: Worksheet, table: TableSheet, lang: Lang) -> None:
    """A filled-in example above the headers, grey and italic, so nobody mistakes it for data."""
    _write(ws.cell(table.header_row - 2, 1), EXAMPLE_LABEL(lang))
    ws.cell(table.header_row - 2, 1).font = EXAMPLE_FONT
    for index, value in enumerate(table.example, start=1):
        if value is None or value == "":
            continue
        cell = ws.cell(table.header_row - 1, index)
        _write(cell, value(lang) if isinstance(value, Text) else value)
        cell.font = EXAMPLE_FONT


def _validation(column: Column, lang: Lang, formula: str | None) -> DataValidation | None:
    """One validation per column: the dropdown (if any) and the input message a selected cell shows."""
    if formula is None and column.note is None:
        return None
    strict = column.type is ColumnType.CHOICE or column.type is ColumnType.YES_NO
    # A foundation cell listing several ids ("M2, M3") is never one entry of its dropdown: no alert for it.
    alert = formula is not None and not (column.source and column.type is ColumnType.ID_LIST)
    validation = DataValidation(type="list" if formula else None, formula1=formula, allow_blank=True,
                                showErrorMessage=alert, errorStyle="stop" if strict else "warning")
    if column.note is not None:
        validation.showInputMessage = True
        validation.promptTitle = column.header(lang)[:32]  # Excel's limits: 32 and 255 characters
        validation.prompt = column.note(lang)[:255]
    return validation


def _table_sheet(wb: Workbook, table: TableSheet, rows: list[dict[str, Any]], settings: Settings, lang: Lang,
                 overrides: Mapping[RowKey, Any], lookup_names: set[str]) -> None:
    ws = wb.create_sheet(table.name(lang))
    ws["A1"] = table.name(lang)
    ws["A1"].font = Font(bold=True, size=14)
    no_parents = any(c.lookup == "parents" and c.lookup not in lookup_names for c in table.input_columns)
    _write(ws["A2"], table.instruction(lang) + (f" {NO_PARENT_LIST(lang)}" if no_parents else ""))
    ws["A2"].alignment = Alignment(wrap_text=False)
    if table.example:
        _example_rows(ws, table, lang)
    header_row, first_row = table.header_row, table.first_data_row
    last_row = header_row + max(len(rows) + table.capacity, 1)
    for index, column in enumerate(table.columns, start=1):
        letter = get_column_letter(index)
        head = ws.cell(header_row, index)
        _write(head, column.header(lang))
        head.font = HEADER_FONT
        note = NO_PARENT_LIST if column.lookup == "parents" and no_parents else column.note
        if note is not None:
            head.comment = Comment(note(lang), "roedtraad")
        if column.computed:
            head.fill = COMPUTED_FILL
        ws.column_dimensions[letter].width = column.width
        first = ws.cell(first_row, index)
        first.fill = COMPUTED_FILL if column.computed else INPUT_FILL
        if not column.computed:
            first.protection = Protection(locked=False)
        if column.type is ColumnType.NUMBER:
            first.number_format = "#,##0.0##"
        elif column.type is ColumnType.DATE:
            first.number_format = "DD-MM-YYYY"
        # Goal texts and descriptions read better wrapped. Not computed cells: their text is written back
        # after the row heights are set, and LibreOffice keeps those heights, so wrapped lines spilled.
        if column.width >= 30 and not column.computed:
            first.alignment = WRAP
        for row_number in range(first_row + 1, last_row + 1):
            # The same style for the whole column: copying the first cell's style array is a hundred times
            # cheaper than setting each attribute on each of the foundation's thousands of input cells.
            ws.cell(row_number, index)._style = copy(first._style)
        if column.computed:
            continue
        name = _source_name(column.source) if column.source else (
            _list_name(column.lookup) if column.lookup in lookup_names else None)
        validation = _validation(column, lang, f"={name}" if name and name in wb.defined_names else None)
        if validation is not None:
            validation.add(f"{letter}{first_row}:{letter}{last_row}")
            ws.add_data_validation(validation)
    for offset, row in enumerate(rows):
        row_number = first_row + offset
        row_id = spec_row_id(table.key, row)
        for index, column in enumerate(table.columns, start=1):
            key = (table.key, row_id, column.field)
            value = overrides[key] if key in overrides else _cell_value(column, row.get(column.field), lang, settings)
            if value is not None:
                _write(ws.cell(row_number, index), value)
    ref = f"A{header_row}:{get_column_letter(len(table.columns))}{last_row}"
    excel_table = Table(displayName=f"tbl_{table.key}", ref=ref)
    excel_table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(excel_table)
    ws.freeze_panes = f"A{first_row}"
    _protect(ws, header_row)


def _source_name(source: str) -> str:
    return "rt_col_" + source.replace(".", "_")


def _source_names(wb: Workbook, spec: WorkbookSpec, rows: Mapping[str, list], lang: Lang) -> None:
    """Defined names over the input cells of the columns other columns take their dropdowns from
    (the Organisation sheet's ids for "Hører under"): the dropdown lists whatever has been typed there."""
    wanted = {c.source for t in spec.tables for c in t.columns if c.source}
    for table in spec.tables:
        for index, column in enumerate(table.columns, start=1):
            if f"{table.key}.{column.field}" not in wanted:
                continue
            letter = get_column_letter(index)
            last = table.header_row + len(rows.get(table.key, [])) + table.capacity
            ref = f"{quote_sheetname(table.name(lang))}!${letter}${table.first_data_row}:${letter}${last}"
            name = _source_name(f"{table.key}.{column.field}")
            wb.defined_names[name] = DefinedName(name, attr_text=ref)


def _print_one_page_wide(ws: Worksheet, header_row: int | None = None) -> None:
    """Agreements get printed for signing: landscape, every column on the page; a table's header on every page."""
    print_landscape_fit_width(ws, header_row)


def _protect(ws: Worksheet, header_row: int | None = None) -> None:
    """Protect headers and computed cells, without a password, leaving users free to work."""
    _print_one_page_wide(ws, header_row)
    protection = ws.protection
    protection.sheet = True
    for option in ("formatCells", "formatColumns", "formatRows", "insertRows", "deleteRows", "sort", "autoFilter"):
        setattr(protection, option, False)  # False = allowed


def _list_name(lookup: str) -> str:
    return f"rt_{lookup}"


def _lookup_sheet(wb: Workbook, lists: Mapping[str, list[tuple[str, str]]], lang: Lang) -> set[str]:
    """One column per dropdown list, each behind a workbook-level defined name."""
    ws = wb.create_sheet(LOOKUP_SHEET(lang))
    written = set()
    column = 1
    for name, options in lists.items():
        if not options:
            continue
        letter, text_letter = get_column_letter(column), get_column_letter(column + 1)
        _write(ws.cell(1, column), name)
        ws.cell(1, column).font = HEADER_FONT
        for row, (value, text) in enumerate(options, start=2):
            _write(ws.cell(row, column), dropdown_entry(value, text))  # "P2 – Flere børn …": see what you pick
            if text:
                _write(ws.cell(row, column + 1), text)
        ws.column_dimensions[letter].width = 16
        ws.column_dimensions[text_letter].width = 50
        ref = f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${len(options) + 1}"
        wb.defined_names[_list_name(name)] = DefinedName(_list_name(name), attr_text=ref)
        written.add(name)
        column += 2
    _protect(ws)
    return written


def _front_sheet(wb: Workbook, spec: WorkbookSpec, settings: Settings, lang: Lang, values: Mapping[str, Any],
                 names: Mapping[str, str], value_markers: Iterable[str], overrides: Mapping[RowKey, Any]) -> None:
    ws = wb.active
    ws.title = FRONT_SHEET(lang)
    ws["A1"] = f"{spec.title(lang)} – {settings.municipality}"
    ws["A1"].font = Font(bold=True, size=16)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["C"].width = 50
    row = 3
    for front in spec.front_fields:
        _write(ws.cell(row, 1), front.label(lang))
        ws.cell(row, 1).font = HEADER_FONT
        value = values.get(front.field)
        if isinstance(value, list):
            value = ", ".join(value)
        key = ("front", "", front.field)
        value = overrides.get(key, value)
        cell = ws.cell(row, 2)
        if value not in (None, ""):
            _write(cell, value)
        cell.fill = INPUT_FILL
        cell.protection = Protection(locked=False)
        if names.get(front.field):
            _write(ws.cell(row, 3), names[front.field])
        row += 1
    row += 1
    _write(ws.cell(row, 1), Text("Vejledning", "Instruktioner", "Instructions")(lang))
    ws.cell(row, 1).font = Font(bold=True, size=12)
    for text in spec.instructions:
        row += 1
        _write(ws.cell(row, 1), f"• {text(lang)}")
    markers = list(value_markers)
    if markers:
        row += 2
        _write(ws.cell(row, 1), Text("Værdimarkører", "Värdeord", "Value markers")(lang))
        ws.cell(row, 1).font = Font(bold=True, size=12)
        for marker in markers:
            row += 1
            _write(ws.cell(row, 1), f"• {marker}")
    _protect(ws)


def _stamp_sheet(wb: Workbook, stamp: TemplateStamp, lang: Lang) -> None:
    ws = wb.create_sheet(STAMP_SHEET)
    for row, (key, value) in enumerate((("kind", stamp.kind), ("preset", stamp.preset),
                                        ("template_version", stamp.template_version),
                                        ("parties", ", ".join(stamp.parties)), ("note", STAMP_LABEL(lang))), 1):
        _write(ws.cell(row, 1), key)
        _write(ws.cell(row, 2), value)
    ws.sheet_state = "veryHidden"


def _save(wb: Workbook, path: Path) -> Path:
    """Save whole or not at all: a crash never leaves half a workbook behind."""
    write_atomically(path, wb.save)
    return path


def _fixed_properties(wb: Workbook, title: str) -> None:
    # Fixed timestamps keep regenerated templates byte-stable when nothing changed.
    stamp = datetime(2000, 1, 1)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "roedtraad"
    wb.properties.title = title


def write_workbook(path: Path, spec: WorkbookSpec, settings: Settings, *, lang: Lang, front: Mapping[str, Any],
                   names: Mapping[str, str], rows: Mapping[str, list[dict[str, Any]]],
                   lists: Mapping[str, list[tuple[str, str]]], parties: list[str], value_markers: Iterable[str] = (),
                   raw_overrides: Mapping[RowKey, Any] | None = None) -> Path:
    overrides = raw_overrides or {}
    wb = Workbook()
    _fixed_properties(wb, spec.title(lang))
    _front_sheet(wb, spec, settings, lang, front, names, value_markers, overrides)
    lookup_lists = dict(lists)
    for name in CHOICES:
        lookup_lists.setdefault(name, [(text(lang), "") for text in CHOICES[name].values()])
    lookup_lists.setdefault("yes_no", [(YES(lang), ""), (NO(lang), "")])
    lookup_lists.setdefault("agreement_kinds", [(a.labels(lang), "") for a in settings.agreements.values()])
    lookup_names = _lookup_sheet(wb, lookup_lists, lang)
    _source_names(wb, spec, rows, lang)
    for table in spec.tables:
        _table_sheet(wb, table, rows.get(table.key, []), settings, lang, overrides, lookup_names)
    wb.move_sheet(LOOKUP_SHEET(lang), offset=len(spec.tables))
    _stamp_sheet(wb, TemplateStamp(kind=spec.kind, preset=settings.name, template_version=settings.template_version,
                                   parties=parties), lang)
    wb.active = 0
    return _save(wb, path)


# --- records -> rows ----------------------------------------------------------------------------


def _goal_row(goal: Goal, first_year: int | None) -> dict[str, Any]:
    row = goal.model_dump(include={"id", "text", "parents", "goal_type", "carries", "responsible", "own_goal",
                                   "description", "objective_type", "policy", "owners", "cross_cutting"})
    if first_year is not None:
        row["sub_goal_1"] = goal.sub_goals.get(first_year)
        row["sub_goal_2"] = goal.sub_goals.get(first_year + 1)
    return row


def submission_rows(submission: Submission, foundation: Foundation) -> dict[str, list[dict[str, Any]]]:
    first = submission.header.first_year
    texts = {g.id: g.text for g in foundation.goals}
    rows: dict[str, list[dict[str, Any]]] = {"goals": [_goal_row(g, first) for g in submission.goals]}
    rows["indicators"] = []
    for ind in submission.indicators:
        row = ind.model_dump(include={"goal_id", "name", "unit", "baseline", "data_source", "frequency"})
        if first is not None:
            row["target_1"], row["target_2"] = ind.targets.get(first), ind.targets.get(first + 1)
        rows["indicators"].append(row)
    rows["actions"] = [a.model_dump(include={"id", "goal_id", "text", "responsible", "start", "end"})
                       for a in submission.actions]
    rows["budget"] = [b.model_dump(include={"party", "appropriation", "year", "amount", "note"})
                      for b in submission.budget]
    rows["cross_cutting"] = [dict(d.model_dump(include={"goal_id", "relevant", "carried_by", "reason"}),
                                  goal_text=texts.get(d.goal_id, "")) for d in submission.cross_cutting]
    rows["follow_up"] = [f.model_dump(include={"when", "how", "reporting"}) for f in submission.follow_up]
    rows["results"] = result_rows(submission, foundation)
    return rows


def cross_cutting_rows(foundation: Foundation) -> list[dict[str, Any]]:
    """A fresh template lists every cross-cutting goal, waiting for a decision."""
    return [{"goal_id": g.id, "goal_text": g.text} for g in foundation.goals if g.cross_cutting]


def write_foundation(path: Path, settings: Settings, foundation: Foundation, lang: Lang = "da") -> Path:
    spec = workbook_specs(settings)[FOUNDATION]
    tables = foundation_table_keys(settings)
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table in tables.values()}
    for goal in foundation.goals:
        row = _goal_row(goal, None)
        if goal.all_owners:
            row["owners"] = [ALL(lang)]
        rows.setdefault(tables.get(goal.level, POLICY_TABLE), []).append(row)
    rows.update({
        "organisation": [p.model_dump(include={"kind", "id", "name", "parent", "leader"}) for p in foundation.parties],
        "appropriations": [a.model_dump(include={"number", "name", "committee"}) for a in foundation.appropriations],
        "frames": [f.model_dump(include={"appropriation", "year", "amount"}) for f in foundation.frames],
        "value_markers": [{"text": text} for text in foundation.value_markers],
        "annual_cycle": [d.model_dump(include={"phase", "agreement", "deadline", "responsible", "checkpoint"})
                         for d in foundation.deadlines],
    })
    committees = [(p.id, p.name) for p in foundation.parties if p.kind == "committee"]
    by = settings.period.budget_year
    years = sorted(set(settings.years()) | set(range(by, by + 4)))  # the term, and the frames' outline years
    return write_workbook(path, spec, settings, lang=lang, front={}, names={}, rows=rows,
                          lists={"committees": committees, "years": [(year, "") for year in years]}, parties=[],
                          value_markers=foundation.value_markers)


def _committee_of(header: AgreementHeader, parties: Mapping[str, Any]) -> str:
    if header.committee:
        return header.committee
    department = parties.get(header.department)
    return department.parent if department else ""


def parent_options(settings: Settings, kind: str, foundation: Foundation, header: AgreementHeader,
                   committee_goals: Iterable[Goal] = ()) -> list[tuple[str, str]]:
    """The goals this party may realise: the dropdown of valid parents."""
    parent_levels = set(settings.level_of_agreement(kind).parents)
    # Council objectives have no committee owner; policy goals only count for their own committees.
    from_foundation = [(g.id, g.text) for g in foundation.goals if g.level in parent_levels
                       and (not g.owners or header.committee in g.owners)]
    from_agreements = [(g.id, g.text) for g in committee_goals if g.level in parent_levels]
    return from_foundation + from_agreements


def write_agreement(path: Path, settings: Settings, kind: str, foundation: Foundation, header: AgreementHeader,
                    submission: Submission | None = None, lang: Lang = "da",
                    raw_overrides: Mapping[RowKey, Any] | None = None,
                    parent_goals: Iterable[Goal] = (), carried: Mapping[str, list[str]] | None = None) -> Path:
    """Write one agreement workbook, pre-filled for its parties (and with content, if given).

    `parent_goals` are the goals of the level above when that level lives in
    other agreements (a department's udvalgsmål for its institutions).
    `carried` (a rollover: table key -> a note per row) adds a "carried over" column.
    """
    spec = workbook_specs(settings)[kind]
    if carried is not None:
        spec = with_carried_column(spec)
    parties = {p.id: p for p in foundation.parties}
    front = header.model_dump(exclude={"cells"})
    names = {field: parties[front[field]].name for field in ("committee", "department")
             if front.get(field) in parties}
    if header.institutions:
        names["institutions"] = ", ".join(parties[i].name for i in header.institutions if i in parties)
    rows = submission_rows(submission, foundation) if submission else {"cross_cutting": cross_cutting_rows(foundation)}
    for table_key, notes in (carried or {}).items():
        for row, note in zip(rows.get(table_key, []), notes):
            row["carried"] = note
    own_goals = [(g.id, g.text) for g in (submission.goals if submission else [])]
    lists = {
        "parents": parent_options(settings, kind, foundation, header, parent_goals),
        "own_goals": own_goals,
        "appropriations": [(a.number, a.name) for a in foundation.appropriations
                           if a.committee == _committee_of(header, parties)],
        "institutions": [(i, parties[i].name if i in parties else "") for i in header.institutions],
    }
    party_ids = [p for p in (header.committee, header.department, *header.institutions) if p]
    return write_workbook(path, spec, settings, lang=lang, front=front, names=names, rows=rows, lists=lists,
                          parties=party_ids, value_markers=foundation.value_markers, raw_overrides=raw_overrides)
