"""The master workbook: contents, totals, text safety, determinism, and that LibreOffice opens it."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from factories import committee_agreement, foundation, quality_agreement, settings

from roedtraad.cascade import CascadeGraph
from roedtraad.model import Location
from roedtraad.sync.master import MasterLocked, write_master
from roedtraad.validators.engine import FileSummary, ValidationResult
from roedtraad.findings import Finding, Severity

EVIL = ["=HYPERLINK(\"http://x\")", "+45 12 34 56 78", "-5 % fravær", "@SUM(A1)", "=1+1"]


def fake_result(tmp_path: Path, evil: bool = False):
    """A validation result by hand: foundation, one committee agreement, one quality agreement."""
    f, ua, kua = foundation(), committee_agreement(), quality_agreement()
    f.path, ua.path, kua.path = (tmp_path / "Styringsgrundlag.xlsx", tmp_path / "indsendelser" / "ua.xlsx",
                                 tmp_path / "indsendelser" / "kua.xlsx")
    for workbook, sheet in ((f, "Målsætninger"), (ua, "Mål"), (kua, "Mål")):
        for row, goal in enumerate(workbook.goals, start=4):
            goal.location = Location(file=name(workbook, tmp_path), sheet=sheet, cell=f"A{row}", row=row)
        workbook.received = 1_780_000_000.0
    if evil:
        ua.goals[0].text = EVIL[0]
        ua.actions[0].text = EVIL[1]
        ua.indicators[0].name = EVIL[2]
        kua.goals[1].text = EVIL[3]
        kua.indicators[1].unit = EVIL[4]
    findings = [Finding(code="thread.goal-without-action", severity=Severity.WARNING, file="indsendelser/kua.xlsx",
                        sheet="Mål",
                        cell="A5", row_id="ALL-02")]
    files = [FileSummary(path=name(w, tmp_path), kind=k, party=p, sha256="0" * 64, received=w.received,
                         status="warnings" if k == "quality_agreement" else "ok", warnings=int(k == "quality_agreement"))
             for w, k, p in ((f, "foundation", ""), (ua, "committee_agreement", "SKO"),
                             (kua, "quality_agreement", "SKO-ALL"))]
    graph = CascadeGraph.build(settings(), f, [ua, kua])
    return ValidationResult(foundation=f, submissions=[ua, kua], findings=findings, graph=graph, files=files)


def name(workbook, root: Path) -> str:
    """Files are named relative to the project folder, as the engine does."""
    return Path(workbook.path).relative_to(root).as_posix()


def write(tmp_path: Path, result=None, lang: str = "da", path: Path | None = None) -> Path:
    return write_master(path or tmp_path / "output" / "Konsolideret.xlsx", result or fake_result(tmp_path),
                        settings(), lang, root=tmp_path)


def rows(ws) -> list[tuple]:
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def as_dicts(ws) -> list[dict]:
    header, *body = rows(ws)
    return [dict(zip(header, r)) for r in body]


@pytest.fixture
def master(tmp_path):
    return openpyxl.load_workbook(write(tmp_path))


def test_sheets_in_danish_with_a_table_each(master):
    assert master.sheetnames == ["Overblik", "Rød tråd", "Handlinger", "Indikatorer", "Budget", "Dækning",
                                 "Politikmål pr. udvalg", "Projekter", "Fund", "Indsendelser"]
    for ws in master.worksheets[1:]:
        assert len(ws.tables) == 1 and ws.freeze_panes == "A2"
        table = next(iter(ws.tables.values()))
        assert table.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{max(ws.max_row, 2)}"
        assert table.autoFilter is not None


@pytest.mark.parametrize("lang, names", [("sv", ["Översikt", "Röd tråd", "Aktiviteter", "Nyckeltal", "Budget",
                                                 "Täckning", "Resultatmål per nämnd", "Projekt", "Anmärkningar",
                                                 "Inlämningar"]),
                                         ("en", ["Overview", "Red thread", "Actions", "Indicators", "Budget",
                                                 "Coverage", "Policy goal per committee", "Projects", "Findings",
                                                 "Submissions"])])
def test_sheet_names_follow_the_language(tmp_path, lang, names):
    path = write(tmp_path, lang=lang)
    assert openpyxl.load_workbook(path, read_only=True).sheetnames == names


def test_red_thread_has_every_goal_at_every_level_with_its_trace(master):
    got = [(r["Niveau"], r["Mål-id"], r["Rød tråd"], r["Realiseres af (antal)"], r["Status"])
           for r in as_dicts(master["Rød tråd"])]
    assert got == [
        ("Målsætning", "M1", "M1", 2, "OK"),
        ("Politikmål", "P1", "M1 › P1", 1, "OK"),
        ("Politikmål", "P9", "M1 › P9", 0, "OK"),
        ("Udvalgsmål", "SKO-01", "M1 › P1 › SKO-01", 1, "OK"),
        ("Institutionsmål", "ALL-01", "M1 › P1 › SKO-01 › ALL-01", 0, "OK"),
        ("Institutionsmål", "ALL-02", "ALL-02", 0, "Advarsel: Mål uden handling"),
    ]
    sko = as_dicts(master["Rød tråd"])[3]
    assert sko["Første indikator"] == "Andel sikre læsere" and sko["Ejer (navn)"] == "Skoler"
    assert sko["Fil"] == "indsendelser/ua.xlsx"
    assert sko["Kilde"] == '=HYPERLINK("../indsendelser/ua.xlsx#\'Mål\'!A4","Mål!A4")'


def test_inventory_links_every_file(master):
    got = [(r["Fil"], r["Aftaletype"], r["Status"], r["Advarsler"]) for r in as_dicts(master["Indsendelser"])]
    assert got == [
        ('=HYPERLINK("../Styringsgrundlag.xlsx","Styringsgrundlag.xlsx")', "Styringsgrundlag", "OK", 0),
        ('=HYPERLINK("../indsendelser/ua.xlsx","indsendelser/ua.xlsx")', "Udvalgsaftale", "OK", 0),
        ('=HYPERLINK("../indsendelser/kua.xlsx","indsendelser/kua.xlsx")', "Kvalitets- og udviklingsaftale",
         "Advarsler", 1),
    ]


def test_budget_totals_equal_the_inputs(master, tmp_path):
    budget = as_dicts(master["Budget"])
    result = fake_result(tmp_path)
    committee_lines = [b.amount for b in result.submissions[0].budget]
    institution_lines = [b.amount for b in result.submissions[1].budget]
    assert sum(r["Ramme (1.000 kr.)"] for r in budget) == sum(f.amount for f in result.foundation.frames)
    assert sum(r["Fordelt (1.000 kr.)"] for r in budget) == sum(committee_lines)
    assert sum(r["Heraf institutioner (1.000 kr.)"] for r in budget) == sum(institution_lines)
    assert all(r["Afvigelse (1.000 kr.)"] == r["Fordelt (1.000 kr.)"] - r["Ramme (1.000 kr.)"] for r in budget)
    assert master["Budget"]["E2"].number_format == "#,##0"


def test_coverage_counts_goals_per_objective_and_committee(master):
    assert as_dicts(master["Dækning"]) == [{"Målsætning": "M1", "Titel": "Alle børn skal trives og lære mest muligt",
                                            "Børne- og Ungeudvalget": 4, "I alt": 4}]


def test_overview_counts_and_charts(tmp_path):
    path = write(tmp_path)
    overview = {r[0]: r[1:] for r in rows(openpyxl.load_workbook(path)["Overblik"]) if r and r[0]}
    assert overview["Udvalgsaftale"][:2] == (1, 1)
    assert overview["Kvalitets- og udviklingsaftale"][:2] == (1, 2)  # received 1 of 2 institutions
    assert overview["Advarsel"][0] == 1 and overview["Fejl"][0] == 0
    assert overview["Politikmål"][0] == 1.0
    assert overview["Rammer"][0] == 1000 and overview["Fordelt"][0] == 1000
    with zipfile.ZipFile(path) as zf:
        assert {"xl/charts/chart1.xml", "xl/charts/chart2.xml"} <= set(zf.namelist())


def test_formula_looking_text_stays_text(tmp_path):
    path = write(tmp_path, fake_result(tmp_path, evil=True))
    wb = openpyxl.load_workbook(path)
    found = {c.value: c.data_type for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if c.value in EVIL}
    assert found == {text: "s" for text in EVIL}
    # The parent text of ALL-01 repeats the evil goal text, also as text.
    assert [c.data_type for c in wb["Rød tråd"]["J"] if c.value == EVIL[0]] == ["s"]


def test_illegal_xml_characters_are_dropped(tmp_path):
    result = fake_result(tmp_path)
    result.submissions[0].goals[0].text = "Læsning\x0bfor alle\x00"
    path = write(tmp_path, result)
    texts = [r["Måltekst"] for r in as_dicts(openpyxl.load_workbook(path)["Rød tråd"])]
    assert "Læsningfor alle" in texts


def test_same_input_gives_the_same_bytes_and_leaves_the_file_alone(tmp_path):
    path = write(tmp_path)
    first = path.read_bytes()
    os.utime(path, (1_000_000_000, 1_000_000_000))
    write(tmp_path)
    assert path.read_bytes() == first
    assert path.stat().st_mtime == 1_000_000_000
    other = write(tmp_path, path=tmp_path / "output" / "other.xlsx")
    assert other.read_bytes() == first


def test_properties_are_the_newest_inputs_time(tmp_path):
    path = write(tmp_path)
    props = openpyxl.load_workbook(path).properties
    assert props.created == props.modified
    assert props.modified.timestamp() == pytest.approx(1_780_000_000, abs=86_400)


def test_master_open_in_excel_is_refused(tmp_path):
    path = tmp_path / "Konsolideret.xlsx"
    (tmp_path / "~$Konsolideret.xlsx").write_bytes(b"lock")
    with pytest.raises(MasterLocked):
        write_master(path, fake_result(tmp_path), settings(), "da")
    assert not path.exists()


def test_empty_project_still_gives_a_valid_master(tmp_path):
    result = ValidationResult(graph=CascadeGraph.build(settings(), None, []))
    path = write(tmp_path, result)
    wb = openpyxl.load_workbook(path)
    assert wb["Fund"].tables["Findings"].ref == "A1:H2"  # Excel wants one (blank) data row


def test_libreoffice_opens_the_master(tmp_path, convert_with_soffice):
    path = write(tmp_path, fake_result(tmp_path, evil=True))
    converted = convert_with_soffice(path, "ods")
    assert converted.stat().st_size > 0
