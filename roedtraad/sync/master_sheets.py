"""The master's list sheets: Rød tråd, Handlinger, Indikatorer, Budget, Dækning, Fund, Indsendelser.

Each function streams one sheet from the records; rows are built one at a
time and handed to `TableWriter`, so the master never holds a second copy of
the input. Headers are Danish by default, Swedish and English by `lang`.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..config import Settings
from ..i18n import Lang, Text
from ..model import Goal, Location, Submission, Workbook as SourceWorkbook
from ..findings import SEVERITY_LABELS, SEVERITY_ORDER, Finding
from ..validators.context import file_label
from ..workbook_templates.projects import LABEL as PROJECT_REGISTER_LABEL, PROJECT_REGISTER
from ..workbook_templates.spec import CHOICES, COMPUTED_SUFFIX, FOUNDATION, TRACE_COLUMNS
from .master_data import (BudgetRow, Coverage, Organisation, all_goals, first_indicators, goal_owners)
from .sheet_writer import Kind, Link, OutColumn, StreamedWorkbook, link_target
from .trace import TraceTable

SHEETS = {
    "overview": Text("Overblik", "Översikt", "Overview"),
    "thread": Text("Rød tråd", "Röd tråd", "Red thread"),
    "actions": Text("Handlinger", "Aktiviteter", "Actions"),
    "indicators": Text("Indikatorer", "Nyckeltal", "Indicators"),
    "budget": Text("Budget", "Budget", "Budget"),
    "coverage": Text("Dækning", "Täckning", "Coverage"),
    "findings": Text("Fund", "Anmärkningar", "Findings"),
    "files": Text("Indsendelser", "Inlämningar", "Submissions"),
}
H = {
    "level": Text("Niveau", "Nivå", "Level"),
    "id": Text("Mål-id", "Mål-id", "Goal id"),
    "text": Text("Måltekst", "Måltext", "Goal text"),
    "owner": Text("Ejer", "Ägare", "Owner"),
    "owner_name": Text("Ejer (navn)", "Ägare (namn)", "Owner (name)"),
    "type": Text("Type", "Typ", "Type"),
    "parents": Text("Overordnet mål", "Överordnat mål", "Parent goal"),
    "first_indicator": Text("Første indikator", "Första nyckeltal", "First indicator"),
    "file": Text("Fil", "Fil", "File"),
    "source": Text("Kilde", "Källa", "Source"),
    "action_id": Text("Handlings-id", "Aktivitets-id", "Action id"),
    "description": Text("Beskrivelse", "Beskrivning", "Description"),
    "responsible": Text("Ansvarlig", "Ansvarig", "Responsible"),
    "start": Text("Start", "Start", "Start"),
    "end": Text("Slut", "Slut", "End"),
    "indicator": Text("Indikator", "Nyckeltal", "Indicator"),
    "unit": Text("Enhed", "Enhet", "Unit"),
    "baseline": Text("Baseline", "Utgångsvärde", "Baseline"),
    "target": Text("Målværdi {year}", "Målvärde {year}", "Target {year}"),
    "data_source": Text("Datakilde", "Datakälla", "Data source"),
    "frequency": Text("Opfølgningsfrekvens", "Uppföljningsfrekvens", "Follow-up frequency"),
    "committee": Text("Udvalg", "Nämnd", "Committee"),
    "appropriation": Text("Bevilling", "Anslag", "Appropriation"),
    "name": Text("Navn", "Namn", "Name"),
    "year": Text("År", "År", "Year"),
    "frame": Text("Ramme (1.000 kr.)", "Ram (tkr)", "Frame (DKK 1,000)"),
    "allocated": Text("Fordelt (1.000 kr.)", "Fördelat (tkr)", "Allocated (DKK 1,000)"),
    "deviation": Text("Afvigelse (1.000 kr.)", "Avvikelse (tkr)", "Deviation (DKK 1,000)"),
    "not_agreed": Text("ikke aftalt", "ej avtalat", "not agreed"),
    "institutions": Text("Heraf institutioner (1.000 kr.)", "Varav verksamheter (tkr)",
                         "Of which institutions (DKK 1,000)"),
    "objective": Text("Målsætning", "Övergripande mål", "Objective"),
    "title": Text("Titel", "Titel", "Title"),
    "total": Text("I alt", "Totalt", "Total"),
    "unassigned": Text("Uden udvalg", "Utan nämnd", "No committee"),
    "code": Text("Kode", "Kod", "Code"),
    "severity": Text("Alvor", "Allvarlighet", "Severity"),
    "message": Text("Besked", "Meddelande", "Message"),
    "hint": Text("Sådan retter du", "Så här rättar du", "How to fix"),
    "sheet": Text("Ark", "Flik", "Sheet"),
    "cell": Text("Celle", "Cell", "Cell"),
    "row_id": Text("Række-id", "Rad-id", "Row id"),
    "kind": Text("Aftaletype", "Plantyp", "Agreement type"),
    "party": Text("Part", "Part", "Party"),
    "received": Text("Modtaget", "Mottagen", "Received"),
    "status": Text("Status", "Status", "Status"),
    "errors": Text("Fejl", "Fel", "Errors"),
    "warnings": Text("Advarsler", "Varningar", "Warnings"),
    "infos": Text("Info", "Info", "Info"),
    "sha256": Text("Indhold (SHA-256)", "Innehåll (SHA-256)", "Content (SHA-256)"),
    "foundation": Text("Styringsgrundlag", "Styrgrund", "Governance foundation"),
}


def trace_headers(lang: Lang) -> list[OutColumn]:
    """The trace columns as in the templates, without the "(computed)" marker: all of the master is computed."""
    kinds = {"realised_by": Kind.INT}
    return [OutColumn(c.header(lang).removesuffix(COMPUTED_SUFFIX(lang)), kinds.get(c.field, Kind.TEXT), c.width)
            for c in TRACE_COLUMNS]


LINK_TARGETS_KEPT = 50_000
_LINK_TARGETS: dict[tuple[str, str], str] = {}  # (file, master's folder) -> link target, both absolute


@dataclass
class MasterContext:
    result: Any  # validators.engine.ValidationResult
    settings: Settings
    lang: Lang
    master_dir: Path
    root: Path  # the project folder: file names in findings and summaries are relative to it
    trace: TraceTable
    org: Organisation
    content_keys: Mapping[str, str] = field(default_factory=dict)  # see master.write_master
    _targets: dict[str, str] = field(default_factory=dict)
    _run_key: tuple | None = None
    _block_keys: dict[int, tuple[Any, tuple]] = field(default_factory=dict)

    def h(self, key: str, **params: object) -> str:
        return H[key](self.lang, **params)

    def target(self, path: Path | str) -> str:
        """The link target of a file, relative to the master (cached: one per file, not per row; and
        between writes, for absolute paths, whose target does not depend on the current folder)."""
        key = str(path)
        found = self._targets.get(key)
        if found is None:
            folder = str(self.master_dir)
            kept = (key, folder) if os.path.isabs(key) and os.path.isabs(folder) else None
            found = _LINK_TARGETS.get(kept) if kept else None
            if found is None:
                found = link_target(Path(path), self.master_dir)
                if kept:
                    if len(_LINK_TARGETS) >= LINK_TARGETS_KEPT:
                        _LINK_TARGETS.clear()
                    _LINK_TARGETS[kept] = found
            self._targets[key] = found
        return found

    def source_link(self, workbook: SourceWorkbook | None, location: Location | None, cell: str = "") -> Link | None:
        if workbook is None or location is None:
            return None
        cell = cell or location.cell or (f"A{location.row}" if location.row else "A1")
        return Link(self.target(workbook.path), location.sheet, cell,
                    f"{location.sheet}!{cell}" if location.sheet else Path(workbook.path).name)

    def block_key(self, submission: Submission) -> tuple | None:
        """What a submission's own rows follow from: its content and name, where the master links
        from, the run's settings and language, and the foundation (it names the parties). None when
        the record carries no content hash (built by hand, not read from a file): computed each time."""
        known = self._block_keys.get(id(submission))
        if known is not None and known[0] is submission:
            return known[1]
        content = self._content(submission)
        if not content:
            return None
        if self._run_key is None:
            foundation = self.result.foundation
            self._run_key = (hashlib.sha256(self.settings.model_dump_json().encode()).hexdigest(), self.lang,
                             str(self.master_dir), str(self.root), self._content(foundation) if foundation else "")
        key = (content, file_label(submission), str(submission.path), *self._run_key)
        self._block_keys[id(submission)] = (submission, key)  # asked once per table and level
        return key

    def _content(self, workbook: SourceWorkbook) -> str:
        return self.content_keys.get(str(workbook.path)) or workbook.sha256

    def choice(self, name: str, key: str | None) -> str:
        return CHOICES[name][key](self.lang) if key in CHOICES.get(name, {}) else (key or "")


def write_thread(book: StreamedWorkbook, ctx: MasterContext) -> None:
    """One row per goal at every level, top level first, each with its trace values and a link to its cell."""
    lang = ctx.lang
    columns = [OutColumn(ctx.h("level"), width=16), OutColumn(ctx.h("id"), width=16),
               OutColumn(ctx.h("text"), width=50), OutColumn(ctx.h("owner"), width=14),
               OutColumn(ctx.h("owner_name"), width=24), OutColumn(ctx.h("type"), width=16),
               OutColumn(ctx.h("parents"), width=16), *trace_headers(lang),
               OutColumn(ctx.h("first_indicator"), width=30), OutColumn(ctx.h("file"), width=30),
               OutColumn(ctx.h("source"), Kind.LINK, 16)]
    out = book.table(SHEETS["thread"](lang), "RedThread", columns, lang)
    foundation = ctx.result.foundation
    by_level: dict[str, list[tuple[Submission | None, list[Goal]]]] = {}
    for goal, submission in all_goals(foundation, ctx.result.submissions):  # grouped, in their order
        groups = by_level.setdefault(goal.level, [])
        if not groups or groups[-1][0] is not submission:
            groups.append((submission, []))
        groups[-1][1].append(goal)

    def rows(label: str, submission: Submission | None, goals: list[Goal], values: list) -> Iterator[list]:
        source = submission if submission is not None else foundation
        first = first_indicators(submission) if submission is not None else {}
        for goal, trace in zip(goals, values):
            owners = goal_owners(goal, submission)
            yield [label, goal.id, goal.text, ", ".join(owners), ", ".join(ctx.org.name(o) for o in owners),
                   _goal_type(ctx, goal), ", ".join(goal.parents), trace.trace_path, trace.objective_title,
                   trace.parent_text, trace.realised_by, trace.status, first.get(goal.id, ""),
                   _file_label(source, goal.location), ctx.source_link(source, goal.location, goal.cells.get("id", ""))]

    for level in ctx.settings.ordered_levels():
        label = level.labels(lang)
        for submission, goals in by_level.get(level.key, []):
            values = [ctx.trace.for_goal(goal) for goal in goals]  # the thread leans on other files: in the key
            source = submission if submission is not None else foundation
            key = ctx.block_key(source) if source is not None else None
            out.block(key and (*key, level.key, tuple(values)), partial(rows, label, submission, goals, values))
    out.close()


def _goal_type(ctx: MasterContext, goal: Goal) -> str:
    if goal.goal_type:
        return ctx.choice("goal_types", goal.goal_type)
    return ctx.choice("objective_types", getattr(goal, "objective_type", None))


def _file_label(workbook: SourceWorkbook | None, location: Location | None = None) -> str:
    """The file as findings name it (relative to the project), so the sheets filter alike."""
    if location is not None and location.file:
        return location.file
    return file_label(workbook) if workbook is not None else ""


def write_actions(book: StreamedWorkbook, ctx: MasterContext) -> None:
    columns = [OutColumn(ctx.h("owner"), width=14), OutColumn(ctx.h("action_id"), width=16),
               OutColumn(ctx.h("id"), width=16), OutColumn(ctx.h("description"), width=50),
               OutColumn(ctx.h("responsible"), width=20), OutColumn(ctx.h("start"), Kind.DATE, 12),
               OutColumn(ctx.h("end"), Kind.DATE, 12), OutColumn(ctx.h("file"), width=30),
               OutColumn(ctx.h("source"), Kind.LINK, 16)]
    out = book.table(SHEETS["actions"](ctx.lang), "Actions", columns, ctx.lang)

    def rows(submission: Submission) -> Iterator[list]:
        owner, label = submission.owner, file_label(submission)
        for action in submission.actions:
            yield [owner, action.id, action.goal_id, action.text, action.responsible, action.start, action.end,
                   label, ctx.source_link(submission, action.location)]

    for submission in ctx.result.submissions:
        out.block(ctx.block_key(submission), partial(rows, submission))
    out.close()


def write_indicators(book: StreamedWorkbook, ctx: MasterContext) -> None:
    submissions: list[Submission] = ctx.result.submissions
    years = sorted({year for s in submissions for i in s.indicators for year in i.targets})
    columns = [OutColumn(ctx.h("owner"), width=14), OutColumn(ctx.h("id"), width=16),
               OutColumn(ctx.h("indicator"), width=40), OutColumn(ctx.h("unit"), width=12),
               OutColumn(ctx.h("baseline"), Kind.NUMBER, 12),
               *(OutColumn(ctx.h("target", year=year), Kind.NUMBER, 14) for year in years),
               OutColumn(ctx.h("data_source"), width=20), OutColumn(ctx.h("frequency"), width=18),
               OutColumn(ctx.h("file"), width=30), OutColumn(ctx.h("source"), Kind.LINK, 16)]
    out = book.table(SHEETS["indicators"](ctx.lang), "Indicators", columns, ctx.lang)

    def rows(submission: Submission) -> Iterator[list]:
        owner, label = submission.owner, file_label(submission)
        for ind in submission.indicators:
            yield [owner, ind.goal_id, ind.name, ind.unit, ind.baseline, *(ind.targets.get(year) for year in years),
                   ind.data_source, ind.frequency, label, ctx.source_link(submission, ind.location)]

    for submission in submissions:
        key = ctx.block_key(submission)
        out.block(key and (*key, tuple(years)), partial(rows, submission))
    out.close()


def write_budget(book: StreamedWorkbook, ctx: MasterContext, rows: list[BudgetRow]) -> None:
    columns = [OutColumn(ctx.h("committee"), width=14), OutColumn(ctx.h("appropriation"), width=14),
               OutColumn(ctx.h("name"), width=30), OutColumn(ctx.h("year"), Kind.INT, 8),
               OutColumn(ctx.h("frame"), Kind.AMOUNT, 18), OutColumn(ctx.h("allocated"), Kind.AMOUNT, 18),
               OutColumn(ctx.h("deviation"), Kind.AMOUNT, 18), OutColumn(ctx.h("institutions"), Kind.AMOUNT, 22)]
    out = book.table(SHEETS["budget"](ctx.lang), "Budget", columns, ctx.lang)
    not_agreed = ctx.h("not_agreed")
    for row in rows:
        # A year no agreement covers (an outline year) shows its frame, not minus the frame as a deviation.
        out.append([row.committee, row.appropriation, row.name, row.year, row.frame, row.allocated,
                    row.deviation if row.agreed else not_agreed, row.institutions])
    out.close()


def write_coverage(book: StreamedWorkbook, ctx: MasterContext, coverage: Coverage) -> None:
    """Objectives x committees: how many goals of each committee's area realise each objective."""
    names, seen = [], set()
    for committee in coverage.committees:
        name = ctx.org.name(committee) if committee else ctx.h("unassigned")
        name = name if name not in seen else f"{name} ({committee})"
        seen.add(name)
        names.append(name)
    columns = [OutColumn(ctx.h("objective"), width=12), OutColumn(ctx.h("title"), width=40),
               *(OutColumn(name, Kind.INT, max(10, min(len(name) + 2, 24))) for name in names),
               OutColumn(ctx.h("total"), Kind.INT, 10)]
    out = book.table(SHEETS["coverage"](ctx.lang), "Coverage", columns, ctx.lang)
    for objective in coverage.objectives:
        counts = [coverage.counts.get((objective.id, c), 0) for c in coverage.committees]
        out.append([objective.id, objective.text, *counts, sum(counts)])
    out.close()


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.sort_key()))


def write_findings(book: StreamedWorkbook, ctx: MasterContext, findings: list[Finding]) -> None:
    columns = [OutColumn(ctx.h(key), width=width) for key, width in (
        ("code", 26), ("severity", 10), ("message", 60), ("hint", 50), ("file", 30), ("sheet", 16),
        ("cell", 8), ("row_id", 16))]
    out = book.table(SHEETS["findings"](ctx.lang), "Findings", columns, ctx.lang)
    for finding in sorted_findings(findings):
        out.append([finding.code, SEVERITY_LABELS[finding.severity](ctx.lang), finding.message(ctx.lang),
                    finding.hint(ctx.lang), finding.file, finding.sheet, finding.cell, finding.row_id])
    out.close()


FILE_STATUS = {"ok": Text("OK", "OK", "OK"), "warnings": Text("Advarsler", "Varningar", "Warnings"),
               "errors": Text("Fejl", "Fel", "Errors")}


def write_files(book: StreamedWorkbook, ctx: MasterContext) -> None:
    """The inventory: every file read, what it is, whose it is, its content hash and what was found."""
    columns = [OutColumn(ctx.h("file"), Kind.LINK, 40), OutColumn(ctx.h("kind"), width=28),
               OutColumn(ctx.h("party"), width=16), OutColumn(ctx.h("received"), Kind.DATETIME, 18),
               OutColumn(ctx.h("status"), width=14), OutColumn(ctx.h("errors"), Kind.INT, 8),
               OutColumn(ctx.h("warnings"), Kind.INT, 10), OutColumn(ctx.h("infos"), Kind.INT, 8),
               OutColumn(ctx.h("sha256"), width=66)]
    out = book.table(SHEETS["files"](ctx.lang), "Submissions", columns, ctx.lang)
    agreements = ctx.settings.agreements
    for summary in ctx.result.files:
        kind = summary.kind
        label = (agreements[kind].labels(ctx.lang) if kind in agreements
                 else H["foundation"](ctx.lang) if kind == FOUNDATION
                 else PROJECT_REGISTER_LABEL(ctx.lang) if kind == PROJECT_REGISTER else kind)
        # On the municipality's clock (settings.timezone), so a rebuilt master is the same anywhere.
        received = (ctx.settings.local_time(summary.received).replace(tzinfo=None) if summary.received
                    else None)
        status = FILE_STATUS[summary.status](ctx.lang) if summary.status in FILE_STATUS else summary.status
        out.append([Link(ctx.target(os.path.join(ctx.root, summary.path)), "", "", summary.path), label,
                    summary.party, received, status, summary.errors, summary.warnings, summary.infos, summary.sha256])
    out.close()
