"""Workbooks that can be read, but not as they came: each variant replaces one valid
submission, and gets exactly its finding; write-back touches only what was read whole."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook
from rule_records import write_project
from test_sniff import cfb_with_stream

import corpus
from roedtraad.project import Project
from roedtraad.sync.consolidate import consolidate

DAG = "indsendelser/Udvalgsaftale-DAG.xlsx"


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return write_project(tmp_path_factory.mktemp("variants") / "kommune")


def _project(tmp_path: Path, clean, edit=None, data: bytes | None = None, name: str = DAG) -> tuple[Project, Path]:
    root = tmp_path / "kommune"
    shutil.copytree(clean.root, root)
    path = root / DAG
    if edit is not None:
        book = openpyxl.load_workbook(path)
        edit(book)
        book.save(path)
    if data is not None:
        path.write_bytes(data)
    if name != DAG:
        path = path.rename(root / name)
    return Project.open(root), path


def _run(project: Project, path: Path):
    """Consolidate with write-back; (findings of the file as (code, cell), whether it was written)."""
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = consolidate(project, "en", write_back=True)
    key = path.relative_to(project.root).as_posix()
    found = sorted((f.code, f.cell) for f in result.findings if f.file == key)
    return found, hashlib.sha256(path.read_bytes()).hexdigest() != before, result


def _sheet_state(state: str):
    def edit(book):
        book["Mål"].sheet_state = state
    return edit


def test_a_hidden_goals_sheet_is_read_with_a_warning_and_written_back(tmp_path, clean):
    found, written, _ = _run(*_project(tmp_path, clean, _sheet_state("hidden")))
    assert found == [("structure.sheet-hidden", "")] and written


def test_a_very_hidden_goals_sheet_is_not_read_and_not_written(tmp_path, clean):
    found, written, _ = _run(*_project(tmp_path, clean, _sheet_state("veryHidden")))
    assert found == [("structure.sheet-very-hidden", "")] and not written


def test_a_goals_sheet_merged_into_one_cell_is_not_read_and_not_written(tmp_path, clean):
    found, written, _ = _run(*_project(tmp_path, clean, lambda book: book["Mål"].merge_cells("A1:K20")))
    assert found == [("structure.merged-cells", "A1")] and not written


def test_a_merged_title_above_the_table_is_harmless(tmp_path, clean):
    found, written, _ = _run(*_project(tmp_path, clean, lambda book: book["Mål"].merge_cells("A1:F1")))
    assert found == [] and written


@pytest.mark.parametrize("edit", [lambda book: book["Mål"].__setitem__("A3", "Id"),
                                  lambda book: book["Mål"].delete_cols(1)], ids=["renamed", "deleted"])
def test_a_renamed_or_deleted_id_column_gives_one_finding_in_its_file(tmp_path, clean, edit):
    found, written, _ = _run(*_project(tmp_path, clean, edit))
    assert found == [("structure.missing-column", "A3")] and not written


def test_a_deleted_computed_column_is_left_out_and_the_others_written(tmp_path, clean):
    project, path = _project(tmp_path, clean, lambda book: book["Mål"].delete_cols(11))  # Status (beregnes)
    found, written, _ = _run(project, path)
    assert found == [("sync.computed-column-missing", "A3")] and written
    goals = CalamineWorkbook.from_path(path).get_sheet_by_name("Mål").to_python()
    assert goals[3][6] == "M1 › P1 › DAG-1"


def test_a_moved_computed_column_is_found_by_its_header(tmp_path, clean):
    def move(book):
        sheet = book["Mål"]
        sheet["M3"], sheet["G3"] = sheet["G3"].value, "Noter"
    project, path = _project(tmp_path, clean, move)
    found, written, _ = _run(project, path)
    goals = CalamineWorkbook.from_path(path).get_sheet_by_name("Mål").to_python()
    assert found == [] and written
    assert goals[3][12] == "M1 › P1 › DAG-1" and goals[3][6] in ("", None)


@pytest.mark.parametrize("start, end, expected", [
    ("1.3.2027", "31-12-2027", (date(2027, 3, 1), date(2027, 12, 31))),
    ("2027-03-01", "31/12/2027", (date(2027, 3, 1), date(2027, 12, 31))),
    (46447, 46752.0, (date(2027, 3, 1), date(2027, 12, 31))),  # Excel serials, as numbers
    ("1. marts 2027", "31. december 2027", (date(2027, 3, 1), date(2027, 12, 31))),
])
def test_dates_as_text_or_serials_are_read_right(tmp_path, clean, start, end, expected):
    def dates(book):
        book["Handlinger"]["E4"], book["Handlinger"]["F4"] = start, end
    project, path = _project(tmp_path, clean, dates)
    found, _, result = _run(project, path)
    action = next(s for s in result.validation.submissions if str(s.path).endswith("DAG.xlsx")).actions[0]
    assert found == [] and (action.start, action.end) == expected


def test_formulas_without_a_value_are_named_at_their_cells(tmp_path, clean):
    def formulas(book):
        book["Mål"]["B4"] = '="Læse"&"lyst"'
        book["Handlinger"]["C4"] = '=UPPER("gør noget")'
    found, written, _ = _run(*_project(tmp_path, clean, formulas))
    assert found == [("cell.formula-without-value", "B4"), ("cell.formula-without-value", "C4")]


def test_a_megabyte_of_text_in_a_cell_is_one_finding(tmp_path, clean):
    found, written, _ = _run(*_project(tmp_path, clean, lambda book: book["Mål"].__setitem__("B4", "å" * 32_000)))
    assert found == [("cell.text-too-long", "B4")]
    big = corpus.with_parts((clean.root / DAG).read_bytes(), {corpus.GOALS_PART: corpus.part(
        (clean.root / DAG).read_bytes(), corpus.GOALS_PART).replace(b"<t>L\xc3\xa6selyst</t>", b"<t>" + _megabyte_of_text() + b"</t>")})
    found, written, _ = _run(*_project(tmp_path / "mb", clean, data=big))
    assert found == [("cell.text-too-long", "B4")]


def _megabyte_of_text() -> bytes:
    """A megabyte of words, compressing like prose does (about 3:1), not like one letter repeated."""
    words = [b"borger", b"skole", b"trivsel", b"l\xc3\xa6sning", b"budget", b"indsats", b"m\xc3\xa5l", b"data"]
    out, state, size = [], 7, 0
    while size < 1 << 20:
        state = state * 1103515245 + 12345 & 0x7FFFFFFF
        out.append(words[state % len(words)] + b" %d " % (state % 9973))
        size += len(out[-1])
    return b"".join(out)


def test_a_forged_stamp_is_named(tmp_path, clean):
    found, written, _ = _run(*_project(tmp_path, clean, lambda book: book["_roedtraad"].__setitem__("B4", "BUU, SKO")))
    assert found == [("structure.stamp-mismatch", "B4")] and not written


def test_an_xlsm_with_vba_is_read_and_its_macros_kept_byte_for_byte(tmp_path, clean):
    valid = (clean.root / DAG).read_bytes()
    vba = cfb_with_stream("VBA", b"Attribute VB_Name = \"Module1\"" * 200)
    types = corpus.part(valid, "[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
        b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    rels = corpus.part(valid, "xl/_rels/workbook.xml.rels").replace(b"</Relationships>", (
        b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        b'Target="vbaProject.bin"/></Relationships>'))
    xlsm = corpus.with_parts(valid, {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels},
                             add={"xl/vbaProject.bin": vba})
    project, path = _project(tmp_path, clean, data=xlsm, name="indsendelser/Udvalgsaftale-DAG.xlsm")
    found, written, _ = _run(project, path)
    assert found == [] and written
    assert corpus.part(path.read_bytes(), "xl/vbaProject.bin") == vba


def test_a_file_saved_by_libreoffice_is_read_clean(tmp_path, clean, soffice):
    project, path = _project(tmp_path, clean)
    out = tmp_path / "lo"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(path)],
                   capture_output=True, timeout=180, check=True)
    path.write_bytes((out / path.name).read_bytes())
    found, written, _ = _run(project, path)
    assert found == [] and written
