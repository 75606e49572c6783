"""The Swedish se-styrsystem preset (seed 004) end to end: the demo validated and consolidated
in Swedish only, with the same deliberate mistakes as the Danish demo; åtaganden for 'alla'
nämnder written once; a shared åtagande counted once for each nämnd that carries it."""
from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from roedtraad.cli import main
from roedtraad.config import build_settings
from roedtraad.demo import MISTAKE_CODES, build_demo
from roedtraad.project import Project
from roedtraad.sync.master_projects import goals_per_committee
from roedtraad.validators.engine import validate_project
from roedtraad.workbook_templates.read import read_foundation
from roedtraad.workbook_templates.spec import workbook_specs

SCALE = 12
# Danish words that a Swedish text never has; and the letters æ and ø, which Swedish does not use.
DANISH_WORDS = ("udvalg", "afdeling", "fejl", "målsætning", "bevilling", "skabelon", "indsendelse", "beløb",
                "styringsgrundlag", "opfølgning", "tværgående", "overordnet", "ikke", "advarsel", "handlinger",
                "institutionsleder", "kvalitetsaftale", "byråd", "kommune ", "findes")
DANISH = re.compile(r"\b(" + "|".join(DANISH_WORDS) + r")|[æøÆØ]", re.IGNORECASE)


@pytest.fixture(scope="module")
def swedish(tmp_path_factory) -> tuple[Project, str]:
    """`roedtraad demo --preset se-styrsystem`, its console output kept."""
    root = tmp_path_factory.mktemp("sv") / "kommun"
    result = CliRunner().invoke(main, ["demo", "--preset", "se-styrsystem", "--dir", str(root),
                                       "--scale", str(SCALE), "--seed", "2"])
    assert result.exit_code == 0, result.output
    return Project.open(root), result.output


def xlsx_text(path: Path) -> str:
    """Every piece of text a user can see in a workbook: cells, sheet names, comments, properties."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(re.sub(r"<[^>]+>", " ", archive.read(name).decode("utf-8"))
                         for name in archive.namelist() if name.endswith(".xml") and "styles" not in name)


def danish_in(text: str) -> list[str]:
    return sorted({match.group(0).casefold() for match in DANISH.finditer(text)})


def test_swedish_demo_has_the_deliberate_mistakes_and_nothing_else(swedish):
    project, _ = swedish
    assert project.settings.language == "sv" and project.settings.paths.submissions == "inlamningar"
    result = validate_project(project)
    assert sorted(f.code for f in result.findings) == sorted(MISTAKE_CODES)
    demo = build_demo(project.settings, scale=SCALE, seed=2)
    assert sorted(m.code for m in demo.mistakes) == sorted(MISTAKE_CODES)


def test_swedish_outputs_have_no_danish_word(swedish):
    project, output = swedish
    assert danish_in(output) == [], output
    workbooks = sorted(project.root.rglob("*.xlsx"))
    # foundation, templates, submissions (nämndplaner, verksamhetsplaner, projektregister), master, report
    assert {p.parent.name for p in workbooks} >= {"kommun", "mallar", "namndplaner", "projektregister", "resultat"}
    for path in workbooks:
        text = xlsx_text(path)
        assert "Mål" in text or "mål" in text, path  # the text was really read
        assert danish_in(text) == [], path
    report = project.output_dir / "Valideringsrapport.html"
    assert danish_in(report.read_text(encoding="utf-8")) == []
    for name in ("Styrgrund.xlsx", "Konsoliderad.xlsx"):
        assert any(p.name == name for p in workbooks)


def test_the_telltale_check_would_catch_danish():
    assert danish_in("Udvalgsaftale med fejl i Mål!C5") == ["fejl", "udvalg"]
    assert danish_in("Økonomi") == ["ø"]
    assert danish_in("Nämndplan med fel i Mål!C5; förvaltning, måltext, åtagande") == []


def test_the_styrgrund_holds_the_swedish_cascade(swedish):
    project, _ = swedish
    foundation, findings = read_foundation(project.foundation_path, project.settings)
    assert findings == []
    levels = {g.level for g in foundation.goals}
    assert levels == {"objective", "result_goal", "commitment"}
    book = openpyxl.load_workbook(project.foundation_path, read_only=True)
    assert {"Kommunplan", "Resultatmål", "Åtaganden", "Årscykel"} <= set(book.sheetnames)
    commitments = [g for g in foundation.goals if g.level == "commitment"]
    # Åtaganden formulated as nyckeltal, within a målområde, under a resultatmål
    assert all(g.description and g.policy for g in commitments)
    result_ids = {g.id for g in foundation.goals if g.level == "result_goal"}
    assert all(set(g.parents) <= result_ids and g.parents for g in commitments)
    # uppföljning in delårsrapport and årsredovisning are rows of the årscykel
    phases = [d.phase for d in foundation.deadlines]
    assert any(p.startswith("Delårsrapport") for p in phases) and any(p.startswith("Årsredovisning") for p in phases)


def test_alla_is_written_once_and_carried_by_every_namnd(swedish):
    project, _ = swedish
    foundation, _ = read_foundation(project.foundation_path, project.settings)
    committees = [p.id for p in foundation.parties if p.kind == "committee"]
    for_all = [g for g in foundation.goals if g.all_owners]
    assert len(for_all) == 2 and all(g.owners == committees for g in for_all)
    ws = openpyxl.load_workbook(project.foundation_path, read_only=True)["Åtaganden"]
    rows = list(ws.iter_rows(values_only=True))
    header = list(next(r for r in rows if "Mål-id" in r))
    column = header.index("Nämnder")
    cells = {row[1]: row[column] for row in rows[rows.index(tuple(header)) + 1:] if row[1]}
    assert [cells[g.id] for g in for_all] == ["alla", "alla"]


def test_a_shared_atagande_counts_once_for_each_namnd(swedish):
    project, _ = swedish
    foundation, _ = read_foundation(project.foundation_path, project.settings)
    per_committee = dict(goals_per_committee(foundation, project.settings))
    commitments = [g for g in foundation.goals if g.level == "commitment"]
    for committee, goals in per_committee.items():
        assert [g.id for g in goals] == [g.id for g in commitments if committee in g.owners]
    shared = next(g for g in commitments if sorted(g.owners) == ["BIN", "SOC"])
    assert sum(shared in goals for goals in per_committee.values()) == 2
    # the total counts every åtagande once per nämnd carrying it
    assert sum(len(goals) for goals in per_committee.values()) == sum(len(set(g.owners)) for g in commitments)
    master = openpyxl.load_workbook(project.output_dir / "Konsoliderad.xlsx", read_only=True)
    rows = list(master["Åtagande per nämnd"].iter_rows(values_only=True))
    assert rows[0][:5] == ("Nämnd", "Namn", "Antal", "Varav gemensamma med andra", "Varav för alla")
    counts = {r[0]: (r[2], r[4]) for r in rows[1:]}
    assert counts == {c: (len(goals), 2) for c, goals in per_committee.items()}


def test_the_master_places_the_projects_under_their_objectives(swedish):
    project, _ = swedish
    result = validate_project(project)
    registers = [s for s in result.submissions if s.projects]
    assert registers and all(s.kind == "project_register" for s in registers)
    objectives = {g.id: g for g in result.foundation.goals if g.level == "objective"}
    for submission in registers:
        for p in submission.projects:
            assert [o.id for o in result.graph.project_objectives(p)] == p.serves
            assert p in result.graph.projects_serving(p.serves[0])
            assert p.serves[0] in objectives
    master = openpyxl.load_workbook(project.output_dir / "Konsoliderad.xlsx", read_only=True)
    rows = list(master["Projekt"].iter_rows(values_only=True))
    assert rows[0][:6] == ("Projekt-id", "Projekt", "Förvaltning", "Tjänar mål", "Övergripande mål",
                           "Det övergripande målets titel")
    assert len(rows) - 1 == sum(len(s.projects) for s in registers)
    assert all(r[5] == objectives[r[4]].text for r in rows[1:])


def test_init_with_the_swedish_preset_and_demo(tmp_path):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "k"), "--preset", "se-styrsystem", "--demo",
                                       "--scale", "9"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Projekt skapat i")
    text = (tmp_path / "k" / "roedtraad.toml").read_text(encoding="utf-8")
    assert 'language = "sv"' in text and 'municipality = "Exempel kommun"' in text
    assert (tmp_path / "k" / "Styrgrund.xlsx").is_file()
    assert sorted(f.code for f in validate_project(Project.open(tmp_path / "k")).findings) == sorted(MISTAKE_CODES)


def test_swedish_workbooks_open_in_libreoffice(swedish, soffice, tmp_path):
    project, _ = swedish
    paths = [project.foundation_path, project.output_dir / "Konsoliderad.xlsx",
             next((project.submissions_dir / "namndplaner").glob("*.xlsx")),
             next((project.submissions_dir / "projektregister").glob("*.xlsx")),
             next(project.templates_dir.glob("Projektregister_*.xlsx"))]
    proc = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                           "--convert-to", "csv", "--outdir", str(tmp_path / "csv"), *map(str, paths)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert {p.stem for p in (tmp_path / "csv").glob("*.csv")} == {p.stem for p in paths}, proc.stderr


def test_namndplaner_carry_an_internbudget_within_the_ram(swedish):
    project, _ = swedish
    plan = next((project.submissions_dir / "namndplaner").glob("*.xlsx"))
    sheets = openpyxl.load_workbook(plan, read_only=True).sheetnames
    assert sheets[:6] == ["Försättsblad", "Mål", "Nyckeltal", "Aktiviteter", "Internbudget", "Gemensamma mål"]
    result = validate_project(project)
    above = next(f for f in result.findings if f.code == "budget.above-frame")
    assert above.sheet == "Internbudget" and "ram" in above.message("sv")


@pytest.mark.parametrize("lang", ["da", "sv", "en"])
def test_swedish_input_messages_fit_excels_limits(lang):
    settings = build_settings({"preset": "se-styrsystem"})
    for spec in workbook_specs(settings).values():
        for table in spec.tables:
            assert len(table.name(lang)) <= 31, table.key
            for column in table.columns:
                if column.note is not None:
                    assert len(column.note(lang)) <= 255 and len(column.header(lang)) <= 32, (table.key, column.field)


def test_an_atagande_picks_its_resultatmal_from_a_dropdown(swedish):
    project, _ = swedish
    book = openpyxl.load_workbook(project.foundation_path)
    ws = book["Åtaganden"]
    header = next(r for r in range(1, 11) if ws.cell(r, 2).value == "Mål-id")
    column = next(c for c in range(1, ws.max_column + 1) if ws.cell(header, c).value == "Resultatmål")
    cell = f"{ws.cell(header + 1, column).column_letter}{header + 1}"
    found = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref and dv.type == "list"]
    assert len(found) == 1
    ref = book.defined_names[found[0].formula1.lstrip("=")].attr_text
    assert ref.split("!")[0].strip("'") == "Resultatmål"


def test_each_preset_keeps_its_municipalitys_clock_and_a_wrong_zone_is_a_settings_error():
    from roedtraad.config import ConfigError

    assert build_settings({"preset": "se-styrsystem"}).timezone == "Europe/Stockholm"
    assert build_settings({}).timezone == "Europe/Copenhagen"
    assert build_settings({"timezone": "Europe/Oslo"}).local_time(0).isoformat() == "1970-01-01T01:00:00+01:00"
    with pytest.raises(ConfigError) as error:
        build_settings({"timezone": "Europe/Sorø"})
    assert "Europe/Sorø" in error.value.message("da") and "kan ikke bruges" in error.value.message("da")
