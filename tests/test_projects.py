"""The strategic project register (seed 002) end to end: generate the template per department,
fill it in as a department would, validate it, and find the projects in the master under the
objectives they serve."""
from __future__ import annotations

import shutil

import openpyxl
import pytest
from click.testing import CliRunner

from roedtraad.cli import main
from roedtraad.project import Project
from roedtraad.scaffold import init_project
from roedtraad.validators.engine import validate_project
from roedtraad.workbook_templates.generate import write_foundation
from roedtraad.workbook_templates.read import read_submission

from factories import foundation

# Projekt-id, Projekt, Tjener mål, Formål, Mål, Delmål, Strategi, Organisering, Valg af værktøj, Projektejer
FILLED = [
    ["SKO-P1", "Læseløft", "M1", "Flere læser", "90 % læser sikkert", "80 % i 2027", "Læsevejledere",
     "Styregruppe", "Læseprøver", "Anne Hansen"],
    ["SKO-P2", "Ukendt mål", "M99", "Formål", "Mål", "Delmål", "Strategi", "Organisering", "Værktøj", ""],
    ["SKO-P3", "Uden mål", None, "Formål", "Mål", "Delmål", "Strategi", "Organisering", "Værktøj", ""],
    ["SKO-P4", "Uden strategi", "P1", "Formål", "Mål", "Delmål", None, "Organisering", "Værktøj", ""],
    ["SKO-P1", "Samme id igen", "M1", "Formål", "Mål", "Delmål", "Strategi", "Organisering", "Værktøj", ""],
]


@pytest.fixture
def project(tmp_path) -> Project:
    project = init_project(tmp_path / "kommune")
    write_foundation(project.foundation_path, project.settings, foundation())
    result = CliRunner().invoke(main, ["templates", "-p", str(project.root)])
    assert result.exit_code == 0, result.output
    return project


def fill(project: Project, rows: list[list]) -> str:
    """Copy the generated register into the submissions folder and type the rows into it."""
    template = project.templates_dir / "Projektregister_BUU_SKO.xlsx"
    target = project.submissions_dir / template.name
    shutil.copy(template, target)
    book = openpyxl.load_workbook(target)
    ws = book["Projekter"]
    headers = [c.value for c in ws[3]]
    assert headers == ["Projekt-id", "Projekt", "Tjener mål", "Formål", "Mål", "Delmål", "Strategi",
                       "Organisering", "Valg af værktøj", "Projektejer"]
    for r, row in enumerate(rows, start=4):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c).value = value
    book.save(target)
    return f"{project.settings.paths.submissions}/{target.name}"


def test_the_template_is_prefilled_for_its_department(project):
    book = openpyxl.load_workbook(project.templates_dir / "Projektregister_BUU_SKO.xlsx")
    front = {row[0]: row[1] for row in book["Forside"].iter_rows(values_only=True) if row and row[0]}
    assert front["Afdeling"] == "SKO" and front["Afdelingschef"] == "Anne Hansen"
    lookup = [row for row in book["Opslag"].iter_rows(values_only=True)]
    assert any("M1" in row for row in lookup) and any("P1" in row for row in lookup)


def test_register_generate_fill_validate_master(project):
    name = fill(project, FILLED)
    submission, findings = read_submission(project.submissions_dir / name.split("/", 1)[1], project.settings)
    assert submission.kind == "project_register" and submission.header.department == "SKO"
    assert [p.id for p in submission.projects] == ["SKO-P1", "SKO-P2", "SKO-P3", "SKO-P4", "SKO-P1"]
    assert submission.projects[0].tools == "Læseprøver" and submission.projects[0].serves == ["M1"]

    result = validate_project(project)
    got = sorted((f.code, f.cell) for f in result.findings if f.file == name)
    assert got == [("cell.required-empty", "G7"), ("project.duplicate-id", "A8"),
                   ("project.unknown-goal", "C5"), ("project.without-goal", "C6")]
    assert [p.id for p in result.graph.projects_serving("M1")] == ["SKO-P1", "SKO-P1"]
    assert [g.id for g in result.graph.project_objectives(submission.projects[3])] == ["M1"]  # through P1

    out = CliRunner().invoke(main, ["consolidate", "-p", str(project.root)])
    assert out.exit_code in (0, 1), out.output
    master = openpyxl.load_workbook(project.output_dir / "Konsolideret.xlsx", read_only=True)
    rows = list(master["Projekter"].iter_rows(values_only=True))
    assert rows[0][:6] == ("Projekt-id", "Projekt", "Afdeling", "Tjener mål", "Målsætning", "Målsætningens titel")
    by_name = {r[1]: r for r in rows[1:]}
    assert len(by_name) == 5
    assert by_name["Læseløft"][4] == "M1" and by_name["Læseløft"][5] == "Alle børn skal trives og lære mest muligt"
    assert by_name["Uden strategi"][3:5] == ("P1", "M1")
    assert by_name["Ukendt mål"][4] is None and "Projekt tjener et ukendt mål" in by_name["Ukendt mål"][13]
    kinds = [r[1] for r in master["Indsendelser"].iter_rows(values_only=True) if name in str(r[0])]
    assert kinds == ["Projektregister"]


def test_a_clean_register_validates_clean(project):
    name = fill(project, FILLED[:1])
    assert [f for f in validate_project(project).findings if f.file == name] == []


def test_a_committee_meeting_sees_its_departments_registers(project):
    name = fill(project, FILLED[1:2])
    result = validate_project(project, committee="BUU")
    assert [f.code for f in result.findings if f.file == name] == ["project.unknown-goal"]
    assert name in [f.path for f in result.files]
