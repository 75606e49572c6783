"""The strategic project register (seed 002, Sorø): one workbook per department.

Sorø registers every project that springs from the strategic work "in a fixed
template": formål, mål, delmål, strategi, organisering and valg af værktøj, each
project linked to the focus area or objective it serves. The register is one
more workbook kind beside the agreements: declared once here, generated,
read and validated by the same machinery, and carried as a `Submission` whose
`projects` hold the rows (it has no goals, budget or decisions of its own).
"""
from __future__ import annotations

from typing import Any

from ..config import Settings
from ..i18n import Lang, Text
from ..model import AgreementHeader, Foundation, StrategicProject, Submission
from .columns import DEPARTMENT_FIELDS, Column, ColumnType, TableSheet, WorkbookSpec

PROJECT_REGISTER = "project_register"
LABEL = Text("Projektregister", "Projektregister", "Project register")
FILE_LABEL = Text("Projektregister", "Projektregister", "ProjectRegister")
C = ColumnType

# The fixed parts of a project description; each must be filled in.
PARTS = (
    ("purpose", Text("Formål", "Syfte", "Purpose")),
    ("goal", Text("Mål", "Mål", "Goal")),
    ("sub_goals", Text("Delmål", "Delmål", "Sub-goals")),
    ("strategy", Text("Strategi", "Strategi", "Strategy")),
    ("organisation", Text("Organisering", "Organisering", "Organisation")),
    ("tools", Text("Valg af værktøj", "Val av verktyg", "Choice of tools")),
)


def project_register_spec(settings: Settings) -> WorkbookSpec:
    top = settings.ordered_levels()[0].labels
    projects = TableSheet("projects", Text("Projekter", "Projekt", "Projects"), (
        Column("id", Text("Projekt-id", "Projekt-id", "Project id"), C.ID, required=True, width=14,
               note=Text("Entydigt id, fx PRJ-01.", "Unikt id, t.ex. PRJ-01.", "Unique id, e.g. PRJ-01.")),
        Column("name", Text("Projekt", "Projekt", "Project"), required=True, width=32),
        Column("serves", Text("Tjener mål", "Tjänar mål", "Serves goal"), C.ID_LIST, lookup="served", width=16,
               note=Text(f"Den {top.da.lower()} (eller det mål), projektet tjener; vælg i listen.",
                         f"Det {top.sv.lower()} (eller det mål) som projektet tjänar; välj i listan.",
                         f"The {top.en.lower()} (or goal) the project serves; pick from the list.")),
        *(Column(field, header, required=True, width=36) for field, header in PARTS),
        Column("responsible", Text("Projektejer", "Projektägare", "Project owner"), width=22),
    ), Text("Ét projekt pr. række. Beskriv formål, mål, delmål, strategi, organisering og valg af værktøj, "
            "og vælg det mål, projektet tjener.",
            "Ett projekt per rad. Beskriv syfte, mål, delmål, strategi, organisering och val av verktyg, "
            "och välj det mål som projektet tjänar.",
            "One project per row. Describe purpose, goal, sub-goals, strategy, organisation and choice of "
            "tools, and pick the goal the project serves."))
    return WorkbookSpec(PROJECT_REGISTER, LABEL, DEPARTMENT_FIELDS, (
        Text("Registrér afdelingens strategiske projekter i den faste skabelon.",
             "Registrera förvaltningens strategiska projekt i den fasta mallen.",
             "Register the department's strategic projects in the fixed template."),
        Text("Hvert projekt skal tjene et mål i styringsgrundlaget (den røde tråd).",
             "Varje projekt ska tjäna ett mål i styrgrunden (den röda tråden).",
             "Every project must serve a goal of the governance foundation (the red thread)."),
    ), (projects,))


def delivered_by(kind: str, settings: Settings) -> str | None:
    """The kind of party that delivers a workbook of `kind`: an agreement's lower party, a project
    register's department; None for any other workbook (the foundation, an unknown kind)."""
    if kind == PROJECT_REGISTER:
        return "department"
    agreement = settings.agreements.get(kind)
    return agreement.between[1] if agreement is not None else None


def kind_file_label(kind: str, settings: Settings, lang: Lang) -> str:
    """The file name part of a workbook kind the parties deliver ("Udvalgsaftale", "Projektregister")."""
    return FILE_LABEL(lang) if kind == PROJECT_REGISTER else settings.agreements[kind].file_label(lang)


def projects_from(rows: list, header: AgreementHeader) -> list[StrategicProject]:
    """Rows of the projects sheet -> records; a row without its id is skipped (its cell finding says why)."""
    projects = []
    for row in rows:
        values = row.values
        if values.get("id") is None:
            continue
        text = {field: "" if values.get(field) is None else str(values[field])
                for field in ("name", "responsible", *(f for f, _ in PARTS))}
        projects.append(StrategicProject(id=values["id"], department=header.department,
                                         serves=values.get("serves") or [], **text, location=row.location,
                                         cells=row.cells))
    return projects


def served_options(foundation: Foundation) -> list[tuple[str, str]]:
    """The dropdown: every goal of the foundation, objectives first (the order finance wrote them)."""
    return [(g.id, g.text) for g in foundation.goals]


def register_name(settings: Settings, committee: str, department: str, lang: Lang) -> str:
    return f"{FILE_LABEL(lang)}_{committee}_{department}.xlsx".replace("/", "-")


def register_rows(submission: Submission) -> dict[str, list[dict[str, Any]]]:
    return {"projects": [p.model_dump(include={"id", "name", "serves", "responsible", *(f for f, _ in PARTS)})
                         for p in submission.projects]}
