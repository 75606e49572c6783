"""The master's sheets for the strategic project register and the committees' shared goals.

`Projekter`: every registered project with the goal it serves and the council
objective above it, so finance reads the projects under the objectives.
`<policy level> pr. udvalg`: how many of the foundation's committee goals
(politikmål / åtaganden) each committee carries; a goal shared by several
committees, or written once for all of them, counts once for each.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..config import Settings
from ..i18n import Text
from ..model import Foundation, Goal
from ..validators.context import file_label
from ..workbook_templates.projects import PARTS
from .master_sheets import MasterContext
from .sheet_writer import Kind, OutColumn, StreamedWorkbook

PROJECTS_SHEET = Text("Projekter", "Projekt", "Projects")
H = {
    "project_id": Text("Projekt-id", "Projekt-id", "Project id"),
    "project": Text("Projekt", "Projekt", "Project"),
    "department": Text("Afdeling", "Förvaltning", "Department"),
    "serves": Text("Tjener mål", "Tjänar mål", "Serves goal"),
    "objective": Text("Målsætning", "Övergripande mål", "Objective"),
    "objective_title": Text("Målsætningens titel", "Det övergripande målets titel", "Objective title"),
    "responsible": Text("Projektejer", "Projektägare", "Project owner"),
    "status": Text("Status", "Status", "Status"),
    "file": Text("Fil", "Fil", "File"),
    "source": Text("Kilde", "Källa", "Source"),
    "committee": Text("Udvalg", "Nämnd", "Committee"),
    "name": Text("Navn", "Namn", "Name"),
    "count": Text("Antal", "Antal", "Count"),
    "shared": Text("Heraf delt med andre", "Varav gemensamma med andra", "Of which shared"),
    "for_all": Text("Heraf for alle", "Varav för alla", "Of which for all"),
    "ids": Text("Mål-id", "Mål-id", "Goal ids"),
}
PER_COMMITTEE = Text("{level} pr. udvalg", "{level} per nämnd", "{level} per committee")


def goals_per_committee(foundation: Foundation | None, settings: Settings) -> list[tuple[str, list[Goal]]]:
    """(committee id, its committee-owned foundation goals), committees in register order.

    A goal shared by several committees (or by all, with the keyword) is listed under
    each of them once, however often its owners column names the same committee.
    """
    if foundation is None:
        return []
    levels = {lvl.key for lvl in settings.committee_levels()}
    committees = [p.id for p in foundation.parties if p.kind == "committee"]
    carried: dict[str, list[Goal]] = {c: [] for c in committees}
    for goal in foundation.goals:
        if goal.level in levels:
            for owner in dict.fromkeys(goal.owners):
                carried.setdefault(owner, []).append(goal)
    return list(carried.items())


def write_committee_goals(book: StreamedWorkbook, ctx: MasterContext) -> None:
    levels = ctx.settings.committee_levels()
    if not levels:
        return
    lang = ctx.lang
    columns = [OutColumn(H["committee"](lang), width=12), OutColumn(H["name"](lang), width=32),
               OutColumn(H["count"](lang), Kind.INT, 10), OutColumn(H["shared"](lang), Kind.INT, 14),
               OutColumn(H["for_all"](lang), Kind.INT, 12), OutColumn(H["ids"](lang), width=60)]
    title = PER_COMMITTEE(lang, level=levels[-1].labels(lang))[:31]
    out = book.table(title, "GoalsPerCommittee", columns, lang)
    for committee, goals in goals_per_committee(ctx.result.foundation, ctx.settings):
        out.append([committee, ctx.org.name(committee), len(goals), sum(1 for g in goals if len(set(g.owners)) > 1),
                    sum(1 for g in goals if g.all_owners), ", ".join(g.id for g in goals)])
    out.close()


def _projects(ctx: MasterContext) -> Iterator[tuple]:
    for submission in ctx.result.submissions:
        for project in submission.projects:
            yield submission, project


def write_projects(book: StreamedWorkbook, ctx: MasterContext) -> None:
    """One row per registered project, with the objectives it serves (through the cascade graph)."""
    lang = ctx.lang
    columns = [OutColumn(H["project_id"](lang), width=14), OutColumn(H["project"](lang), width=32),
               OutColumn(H["department"](lang), width=14), OutColumn(H["serves"](lang), width=14),
               OutColumn(H["objective"](lang), width=14), OutColumn(H["objective_title"](lang), width=32),
               *(OutColumn(header(lang), width=36) for _, header in PARTS),
               OutColumn(H["responsible"](lang), width=20), OutColumn(H["status"](lang), width=24),
               OutColumn(H["file"](lang), width=30), OutColumn(H["source"](lang), Kind.LINK, 16)]
    out = book.table(PROJECTS_SHEET(lang), "Projects", columns, lang)
    graph = ctx.result.graph
    for submission, project in _projects(ctx):
        objectives = graph.project_objectives(project)
        location = project.location
        status = ctx.trace.status(location.file, location.sheet, location.row, project.id) if location else ""
        out.append([project.id, project.name, project.department, ", ".join(project.serves),
                    ", ".join(o.id for o in objectives), "; ".join(o.text for o in objectives),
                    *(getattr(project, field) for field, _ in PARTS), project.responsible, status,
                    location.file if location else file_label(submission),
                    ctx.source_link(submission, location, project.cells.get("id", ""))])
    out.close()
