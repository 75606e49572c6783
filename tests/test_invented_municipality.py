"""A finance officer's first season on a municipality of their own (issue 16, "Done when").

Fjordby Kommune: two committees, two departments and two institutions, three appropriations, three council
objectives. The foundation is filled in the way its own guidance says (ids in "Hører under", ids separated by
commas, the frames' years as listed), templates are generated with the command, three of them are filled in and
one of those has three deliberate mistakes. Every mistake is reported at its cell, nothing else is reported
about a correct file, and every message is Danish.
"""
from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from roedtraad.cli import main
from roedtraad.project import Project
from roedtraad.scaffold import init_project
from roedtraad.validators.engine import validate_project

ORGANISATION = [("Udvalg", "BUU", "Børne- og Ungeudvalget", None, None),
                ("Udvalg", "SSU", "Social- og Sundhedsudvalget", None, None),
                ("Afdeling", "DAG", "Dagtilbud og Skole", "BUU", "Mette Lund"),
                ("Afdeling", "SUN", "Sundhed og Omsorg", "SSU", "Jens Bro"),
                ("Institution", "SOL", "Børnehuset Solen", "DAG", "Lise Vang"),
                ("Institution", "PLE", "Plejecenter Engen", "SUN", "Ole Krog")]
APPROPRIATIONS = [("20", "Dagtilbud og skoler", "BUU"), ("30", "Sundhed", "SSU"), ("31", "Ældreomsorg", "SSU")]
FRAMES = [(number, year, amount) for number, amount in (("20", 1000), ("30", 500), ("31", 400))
          for year in (2027, 2028)]
OBJECTIVES = [("M1", "Alle børn lærer og trives", "", "Udvikling"),
              ("M2", "Borgerne lever sundt", "", "Drift"),
              ("M3", "Ældre klarer sig selv længere", "", "Udvikling")]
POLICIES = [("Børnepolitik", "P1", "Flere børn læser alderssvarende", "M1", "BUU", "Nej"),
            ("Sundhedspolitik", "P2", "Flere borgere er aktive hele livet", "M2, M3", "SSU", "Nej"),
            ("Personalepolitik", "PX", "Sygefraværet falder", "M1", "BUU, SSU", "Ja")]
ENGLISH = re.compile(r"\b(the|is|not|error|errors|warning|warnings|file|files|submissions?|goal|committee|"
                     r"missing|unknown|Error)\b")


def header_row(ws) -> int:
    """The row holding the headers, found as a user finds it: the row with the most column names on it."""
    names = {"Id", "Type", "Bevilling", "Mål-id", "Politik", "Fase", "Handlings-id", "Indikator", "År",
             "Tværgående mål-id", "Måltekst", "Navn", "Titel", "Hvornår"}
    return max(range(1, 11), key=lambda r: sum(1 for c in ws[r] if c.value in names))


def fill(ws, rows: list[dict], start: int | None = None) -> None:
    """Type rows under the headers, by header name, as a user would."""
    row = header_row(ws)
    columns = {c.value: c.column for c in ws[row] if c.value}
    for offset, values in enumerate(rows):
        for name, value in values.items():
            ws.cell((start or row + 1) + offset, columns[name]).value = value


def by_header(ws, headers: tuple[str, ...], rows: list[tuple]) -> None:
    fill(ws, [dict(zip(headers, row)) for row in rows])


def fill_foundation(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    by_header(wb["Organisation"], ("Type", "Id", "Navn", "Hører under", "Leder"), ORGANISATION)
    by_header(wb["Bevillinger"], ("Bevilling", "Navn", "Udvalg"), APPROPRIATIONS)
    by_header(wb["Rammer"], ("Bevilling", "År", "Ramme (1.000 kr.)"), FRAMES)
    by_header(wb["Målsætninger"], ("Id", "Titel", "Beskrivelse", "Type"), OBJECTIVES)
    by_header(wb["Politikker og mål"], ("Politik", "Mål-id", "Måltekst", "Målsætninger", "Udvalg", "Tværgående"),
              POLICIES)
    by_header(wb["Årshjul"], ("Fase", "Frist", "Ansvarlig"), [("Budgetforslag", date(2026, 9, 1), "Økonomi")])
    wb.save(path)


def fill_agreement(template: Path, target: Path, goals: list[tuple], indicators: list[tuple], actions: list[tuple],
                   budget: list[tuple], cross: tuple, *, institution: bool = False) -> Path:
    wb = openpyxl.load_workbook(template)
    goal_headers = ("Mål-id", "Måltekst", "Overordnet mål", "Måltype") + (("Eget mål",) if institution else ())
    by_header(wb["Mål"], goal_headers, goals)
    by_header(wb["Indikatorer"], ("Mål-id", "Indikator", "Enhed", "Baseline", "Målværdi år 1"), indicators)
    by_header(wb["Handlinger"], ("Handlings-id", "Mål-id", "Beskrivelse", "Ansvarlig"), actions)
    budget_headers = (("Institution",) if institution else ()) + ("Bevilling", "År", "Beløb (1.000 kr.)")
    by_header(wb["Budget"], budget_headers, budget)
    by_header(wb["Tværgående mål"], ("Tværgående mål-id", "Relevant", "Bæres af mål-id",
                                     "Begrundelse, hvis ikke relevant"), [cross])
    if institution:
        by_header(wb["Opfølgning"], ("Hvornår", "Hvordan"), [("Juni og december", "Dialogmøde")])
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


@pytest.fixture(scope="module")
def fjordby(tmp_path_factory) -> Project:
    project = init_project(tmp_path_factory.mktemp("fjordby") / "fjordby", municipality="Fjordby Kommune")
    fill_foundation(project.foundation_path)
    assert CliRunner().invoke(main, ["templates", "-p", str(project.root)]).exit_code == 0
    templates, sent = project.templates_dir, project.submissions_dir
    fill_agreement(templates / "Udvalgsaftale_BUU_DAG.xlsx", sent / "Udvalgsaftale_BUU_DAG.xlsx",
                   [("DAG-01", "Flere børn læser med glæde", "P1", "Effektmål")],
                   [("DAG-01", "Andel læseglade børn", "%", 70, 75)],
                   [("DAG-H1", "DAG-01", "Læsekampagne i alle institutioner", "Mette Lund")],
                   [("20", 2027, 1000), ("20", 2028, 1000)], ("PX", "Ja", "DAG-01", None))
    # Three deliberate mistakes: a parent typed wrong, a number typed as text with unit and thousands separator,
    # and a budget line typed twice (its amounts still add up to the frame).
    fill_agreement(templates / "Udvalgsaftale_SSU_SUN.xlsx", sent / "Udvalgsaftale_SSU_SUN.xlsx",
                   [("SUN-01", "Flere ældre træner hver uge", "P2", "Effektmål"),
                    ("SUN-02", "Færre fald i eget hjem", "P7", "Effektmål")],
                   [("SUN-01", "Andel der træner", "%", 40, 45),
                    ("SUN-02", "Antal fald", "antal", "1.200,5 kr.", 1000)],
                   [("SUN-H1", "SUN-01", "Træningshold i alle lokalområder", "Jens Bro"),
                    ("SUN-H2", "SUN-02", "Hjemmebesøg med faldscreening", "Jens Bro")],
                   [("30", 2027, 250), ("30", 2027, 250), ("30", 2028, 500), ("31", 2027, 400), ("31", 2028, 400)],
                   ("PX", "Ja", "SUN-01", None))
    # The institution's template is generated again once its department's agreement is in (the README's season).
    assert CliRunner().invoke(main, ["templates", "-p", str(project.root)]).exit_code == 0
    fill_agreement(templates / "KUA_DAG_SOL.xlsx", sent / "KUA_DAG_SOL.xlsx",
                   [("SOL-01", "Børnene læser højt hver dag", "DAG-01", "Effektmål", "Nej")],
                   [("SOL-01", "Dage med højtlæsning", "dage", 150, 200)],
                   [("SOL-H1", "SOL-01", "Fast læsestund efter frokost", "Lise Vang")],
                   [("SOL", "20", 2027, 300)], ("PX", "Nej", None, "Indgår i afdelingens indsats"), institution=True)
    return project


SUN = "indsendelser/Udvalgsaftale_SSU_SUN.xlsx"


def test_every_mistake_is_reported_at_its_cell_and_nothing_else(fjordby):
    result = validate_project(fjordby)
    got = sorted((f.code, f.file, f.sheet, f.cell) for f in result.findings)
    foundation_row = next(p.location.row for p in result.foundation.parties if p.id == "PLE")
    assert got == sorted([
        ("thread.unknown-parent", SUN, "Mål", "C5"),
        ("cell.number-as-text", SUN, "Indikatorer", "D5"),
        ("budget.duplicate-line", SUN, "Budget", "A5"),
        # PLE sent nothing: said at PLE's row of the foundation, not blamed on anyone's file.
        ("completeness.missing-submission", "Styringsgrundlag.xlsx", "Organisation", f"A{foundation_row}"),
    ])


def test_every_message_is_danish(fjordby):
    result = CliRunner().invoke(main, ["validate", "-p", str(fjordby.root), "--format", "json"])
    findings = json.loads(result.output)["findings"]
    assert findings
    for finding in findings:
        for text in (finding["message"], finding["hint"]):
            assert not ENGLISH.search(text), text
    printed = CliRunner().invoke(main, ["validate", "-p", str(fjordby.root)]).output
    words = re.sub(r"\((?:[a-z]+\.[a-z-]+)\)", "", printed)  # the stable codes stay English
    assert not ENGLISH.search(words), printed


def test_a_department_named_where_its_id_belongs_is_the_foundations_finding(fjordby, tmp_path):
    project_dir = tmp_path / "fjordby"
    shutil.copytree(fjordby.root, project_dir)
    project = Project.open(project_dir)
    wb = openpyxl.load_workbook(project.foundation_path)
    ws = wb["Organisation"]
    row = next(c.row for c in ws["B"] if c.value == "SOL")
    column = next(c.column_letter for c in ws[header_row(ws)] if c.value == "Hører under")
    ws[f"{column}{row}"] = "Dagtilbud og Skole"
    wb.save(project.foundation_path)
    shutil.rmtree(project.templates_dir)
    assert CliRunner().invoke(main, ["templates", "-p", str(project.root)]).exit_code == 0
    assert (project.templates_dir / "KUA_DAG_SOL.xlsx").is_file()  # the template still names the department by id
    result = validate_project(project)
    kua = [f for f in result.findings if f.file == "indsendelser/KUA_DAG_SOL.xlsx"]
    assert kua == []  # the correct submission is not blamed
    named = [f for f in result.findings if f.code == "foundation.name-instead-of-id"]
    assert [(f.sheet, f.cell) for f in named] == [("Organisation", f"{column}{row}")]
    assert named[0].message("da") == ("'Dagtilbud og Skole' er navnet på afdeling DAG; kolonnen 'Hører under' "
                                      "tager id'et. roedtraad bruger DAG.")
    assert [f for f in result.findings if f.code == "cell.id-normalised"] == []  # the name's warning says it all
