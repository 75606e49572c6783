"""The add-in's server side: Office.js payloads from real filled demo workbooks in, xlwings actions out.

The payloads are what xlwings' Office.js client sends for each workbook (see
officejs_payload.py); `validate FILE` on the same file is the reference.
"""
from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys

import openpyxl
import pytest
from addin_helpers import apply, cell_of, client_actions
from officejs_payload import payload_from_xlsx

from roedtraad.addin.actions import ERROR_COLOUR, FINDINGS_SHEET, WARNING_COLOUR, as_text
from roedtraad.addin.book import open_book
from roedtraad.addin.check import Basis, basis_from_result
from roedtraad.addin.validate import answer_payload
from roedtraad.findings import Severity
from roedtraad.scaffold import init_project
from roedtraad.sync.writeback import write_back_trace
from roedtraad.validators.engine import validate_project
from roedtraad.workbook_templates.read import GridWorkbook, read_grid_submission, read_submission
from roedtraad.workbook_templates.spec import INPUT_COLOUR

# A live workbook has not been handed in yet: whether it is late is judged when it is (see read.GridWorkbook).
NOT_LIVE = {"completeness.late"}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return init_project(tmp_path_factory.mktemp("addin") / "kommune", demo_scale=12, seed=3)


@pytest.fixture(scope="module")
def basis(project) -> Basis:
    return basis_from_result(validate_project(project), project.settings)


@pytest.fixture(scope="module")
def answers(project, basis):
    """Each demo submission: (file, its payload, the add-in's answer)."""
    found = []
    for path in project.submission_files():
        payload = payload_from_xlsx(path)
        found.append((path, payload, answer_payload(copy.deepcopy(payload), basis, "da")))
    return found


def test_grid_reader_reads_every_demo_workbook_as_the_file_reader_does(project):
    for path in project.submission_files():
        _, grid = open_book(payload_from_xlsx(path))
        from_file, file_findings = read_submission(path, project.settings, name=path.name)
        from_grid, grid_findings = read_grid_submission(grid, project.settings)
        volatile = {"path", "sha256", "received"}
        assert from_grid.model_dump(exclude=volatile) == from_file.model_dump(exclude=volatile), path.name
        assert grid_findings == file_findings, path.name


def test_grid_reader_takes_the_clients_own_conventions(project):
    """Straight from the payload, without xlwings: dates as ISO strings ending in Z, empty cells as ""."""
    path = next(p for p in project.submission_files() if p.name.startswith("Udvalgsaftale"))
    payload = payload_from_xlsx(path)
    raw = GridWorkbook(name=path.name, sheets={s["name"]: s["values"] for s in payload["sheets"]})
    assert any(isinstance(v, str) and v.endswith("Z") for s in payload["sheets"] for r in s["values"] for v in r)
    from_raw, raw_findings = read_grid_submission(raw, project.settings)
    from_file, file_findings = read_submission(path, project.settings, name=path.name)
    assert from_raw.model_dump(exclude={"path", "sha256", "received"}) == from_file.model_dump(
        exclude={"path", "sha256", "received"})
    assert raw_findings == file_findings


def test_actions_colour_exactly_the_cells_validate_reports(project, answers):
    coloured_files = 0
    for path, payload, answer in answers:
        result = validate_project(project, [path])
        label = path.relative_to(project.root).as_posix()
        expected = {(f.sheet, f.cell): f.severity for f in result.findings
                    if f.file == label and f.cell and f.severity in (Severity.ERROR, Severity.WARNING)
                    and f.code not in NOT_LIVE}
        sheets = [s["name"] for s in payload["sheets"]]
        colours = {cell_of(a, sheets): a["args"][0] for a in answer.actions if a["func"] == "setRangeColor"}
        assert colours == {cell: ERROR_COLOUR if severity is Severity.ERROR else WARNING_COLOUR
                           for cell, severity in expected.items()}, path.name
        assert sorted((f.code, f.cell) for f in answer.findings) == sorted(
            (f.code, f.cell) for f in result.findings if f.file == label and f.code not in NOT_LIVE), path.name
        coloured_files += bool(colours)
    assert coloured_files >= 5  # the demo's deliberate mistakes


def test_every_action_is_one_the_served_client_implements(answers):
    implemented = client_actions()
    assert {"setValues", "setRangeColor", "addSheet", "sheetDelete"} <= implemented
    used = {a["func"] for _, _, answer in answers for a in answer.actions}
    assert used and used <= implemented, used - implemented
    assert all(a["args"][0] is not None for _, _, answer in answers for a in answer.actions
               if a["func"] == "setRangeColor")  # older clients throw on a colour of None


def test_computed_columns_get_the_values_write_back_writes(project, tmp_path):
    """A fresh demo has empty computed columns: the add-in fills them exactly as write-back does."""
    path = next(p for p in project.submission_files() if p.name.startswith("KUA"))
    copy_root = tmp_path / "kommune"
    shutil.copytree(project.root, copy_root)
    copied = copy_root / path.relative_to(project.root)
    result = validate_project(type(project)(copy_root, project.settings), [copied])
    write_back_trace(result, project.settings, tmp_path / "archive")
    written = openpyxl.load_workbook(copied)
    payload = payload_from_xlsx(path)
    answer = answer_payload(copy.deepcopy(payload), basis_from_result(validate_project(project), project.settings),
                            "da")
    sheets = [s["name"] for s in payload["sheets"]]
    filled = {cell_of(a, sheets): a["values"][0][0] for a in answer.actions if a["func"] == "setValues"
              and sheets[a["sheet_position"]] != FINDINGS_SHEET("da") if a["sheet_position"] < len(sheets)}
    assert filled, "the computed columns were not filled"
    goals = written[next(iter(filled))[0]]
    for (sheet, cell), value in filled.items():
        assert goals[cell].value == value, cell
    header = [c.value for c in goals[3]]
    computed = [i for i, h in enumerate(header, start=1) if h and "(beregnes)" in str(h)]
    for row in goals.iter_rows(min_row=4):
        for cell in row:
            if cell.column in computed and cell.value is not None:
                assert (sheet, cell.coordinate) in filled, cell.coordinate


def test_second_run_refreshes_the_findings_sheet_and_gives_fixed_cells_their_colour_back(project, basis, answers):
    path, payload, first = next((p, pl, a) for p, pl, a in answers
                                if any(f.code == "budget.unknown-appropriation" for f in a.findings))
    finding = next(f for f in first.findings if f.code == "budget.unknown-appropriation")
    live = copy.deepcopy(payload)
    apply(live, first.actions)
    names = [s["name"] for s in live["sheets"]]
    assert names.count(FINDINGS_SHEET("da")) == 1
    again = answer_payload(copy.deepcopy(live), basis, "da")
    assert "addSheet" not in {a["func"] for a in again.actions}  # refreshed, not a second sheet
    # The user fixes the appropriation: the cell gets its template fill back, and only that changes colour.
    sheet = next(s for s in live["sheets"] if s["name"] == finding.sheet)
    column = ord(finding.cell[0]) - 65
    for appropriation in basis.foundation.appropriations:  # one that does not, say, duplicate another line
        sheet["values"][int(finding.cell[1:]) - 1][column] = appropriation.number
        fixed = answer_payload(copy.deepcopy(live), basis, "da")
        if not any(f.sheet == finding.sheet and f.cell == finding.cell for f in fixed.findings):
            break
    colours = apply(copy.deepcopy(live), fixed.actions)
    assert colours[(finding.sheet, finding.cell)] == f"#{INPUT_COLOUR}"
    assert all(f.code != "budget.unknown-appropriation" for f in fixed.findings)
    if not fixed.findings:
        assert "sheetDelete" in {a["func"] for a in fixed.actions}


def test_findings_sheet_is_removed_when_all_is_well(project, basis, answers):
    path, payload, answer = next((p, pl, a) for p, pl, a in answers if not a.findings)
    live = copy.deepcopy(payload)
    live["sheets"].append({**copy.deepcopy(live["sheets"][0]), "name": FINDINGS_SHEET("sv"),
                           "values": [["Allvar", "Flik", "Cell"], ["fel", live["sheets"][1]["name"], "B4"]]})
    clean = answer_payload(copy.deepcopy(live), basis, "da")
    funcs = [a["func"] for a in clean.actions]
    assert funcs.count("sheetDelete") == 1 and "addSheet" not in funcs
    assert clean.message.startswith("Ingen fejl")
    colours = apply(copy.deepcopy(live), clean.actions)
    assert colours == {(live["sheets"][1]["name"], "B4"): f"#{INPUT_COLOUR}"}


def test_text_that_looks_like_a_date_without_z_gets_a_finding_at_its_cell(project, basis):
    """xlwings' Book raises ValueError on any read of such a cell; the add-in still answers."""
    path = next(p for p in project.submission_files() if p.name.startswith("Udvalgsaftale"))
    payload = payload_from_xlsx(path)
    actions_sheet = next(s for s in payload["sheets"] if s["name"] == "Handlinger")
    header = actions_sheet["values"][2]
    start = next(i for i, h in enumerate(header) if h == "Start")
    actions_sheet["values"][3][start] = "2024-01-15T00:00:00"
    answer = answer_payload(payload, basis, "da")
    cell = f"{chr(65 + start)}4"
    assert [(f.code, f.sheet, f.cell) for f in answer.findings if f.sheet == "Handlinger"] == [
        ("cell.wrong-type", "Handlinger", cell)]
    assert "2024-01-15T00:00:00" in next(f.message for f in answer.findings if f.sheet == "Handlinger")


def test_multi_area_name_and_broken_payloads_get_an_answer_not_a_crash(project, basis):
    path = next(p for p in project.submission_files() if p.name.startswith("Udvalgsaftale"))
    payload = payload_from_xlsx(path)
    payload["names"].append({"name": "Flere", "refers_to": "=Mål!$A$4,Mål!$C$4", "type": "Range",
                             "sheet_index": None, "address": None, "scope_sheet_name": None,
                             "scope_sheet_index": None, "book_scope": True})
    assert answer_payload(payload, basis, "da").actions
    for broken in ({"sheets": "x"}, {"sheets": [{"name": "A", "values": "x"}]}, []):
        answer = answer_payload(broken, basis, "da")
        assert [f.code for f in answer.findings] == ["structure.live-workbook-unreadable"]
        assert answer.actions == [] and answer.errors == 1


def test_text_from_a_workbook_is_written_as_text():
    assert as_text("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert as_text("-1") == "'-1" and as_text("+A1") == "'+A1" and as_text("@SUM(A1)") == "'@SUM(A1)"
    assert as_text("Læseløft") == "Læseløft" and as_text(3) == 3


def test_validation_core_runs_without_calamine_openpyxl_or_pandas(basis, answers, tmp_path):
    """What xlwings Lite runs (Pyodide has no python-calamine): the grid reader, the rules and the actions'
    findings, with those packages made unimportable."""
    from roedtraad.addin.lite import basis_json
    path, payload, answer = next((p, pl, a) for p, pl, a in answers if a.findings)
    (tmp_path / "payload.json").write_text(json.dumps(payload), encoding="utf-8")
    (tmp_path / "basis.json").write_text(basis_json(basis), encoding="utf-8")
    script = f"""
import json, sys
for blocked in ("python_calamine", "openpyxl", "pandas", "numpy", "olefile", "xlwings"):
    sys.modules[blocked] = None  # any import of them now fails
from roedtraad.addin.check import check_workbook
from roedtraad.addin.lite import basis_from_json
from roedtraad.workbook_templates.read import GridWorkbook
payload = json.load(open({str(tmp_path / "payload.json")!r}))
basis = basis_from_json(open({str(tmp_path / "basis.json")!r}).read())
grid = GridWorkbook(name=payload["book"]["name"], sheets={{s["name"]: s["values"] for s in payload["sheets"]}})
print(json.dumps(sorted([f.code, f.sheet, f.cell] for f in check_workbook(grid, basis).findings)))
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == sorted([f.code, f.sheet, f.cell] for f in answer.findings)


def test_the_swedish_preset_gets_its_cells_coloured_as_validate_reports(tmp_path):
    project = init_project(tmp_path / "kommun", preset="se-styrsystem", demo_scale=12, seed=3)
    basis = basis_from_result(validate_project(project), project.settings)
    files = [p for p in project.submission_files()]
    checked = 0
    for path in files:
        result = validate_project(project, [path])
        label = path.relative_to(project.root).as_posix()
        expected = {(f.sheet, f.cell) for f in result.findings if f.file == label and f.cell
                    and f.severity in (Severity.ERROR, Severity.WARNING) and f.code not in NOT_LIVE}
        if not expected and checked >= 3:
            continue  # every file with findings, and a few clean ones
        payload = payload_from_xlsx(path)
        answer = answer_payload(copy.deepcopy(payload), basis, "sv")
        sheets = [s["name"] for s in payload["sheets"]]
        assert {cell_of(a, sheets) for a in answer.actions if a["func"] == "setRangeColor"} == expected, path.name
        checked += 1
    assert checked > 3
