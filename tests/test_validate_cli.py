"""`roedtraad validate`: exit codes, formats and languages, on real generated files."""
from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from rule_records import replace, submissions, write_project

from roedtraad.cli import main
from roedtraad.validators.engine import validate_project
from roedtraad.validators.report import to_json


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return write_project(tmp_path_factory.mktemp("clean") / "kommune")


@pytest.fixture(scope="module")
def with_errors(tmp_path_factory):
    subs = submissions()
    dag = subs[0]
    goals = [dag.goals[0].model_copy(update={"parents": ["P9"], "text": "=SUM(A1:A2) <b>fed</b>"})]
    return write_project(tmp_path_factory.mktemp("errors") / "kommune", subs=replace(subs, 0, goals=goals))


@pytest.fixture(scope="module")
def with_warnings(tmp_path_factory):
    subs = [s for i, s in enumerate(submissions()) if i != 5]  # PL1 has no quality agreement
    return write_project(tmp_path_factory.mktemp("warnings") / "kommune", subs=subs)


def run(*args: str):
    return CliRunner().invoke(main, ["validate", *args])


def test_clean_project_exits_0_with_a_danish_verdict(clean):
    result = run("-p", str(clean.root))
    assert result.exit_code == 0, result.output
    assert result.output == ("Filer uden bemærkninger: 7\nFiler: 7, fejl: 0, advarsler: 0, info: 0\n"
                             "Klar: ingen fejl og ingen advarsler.\n")


def test_errors_exit_1_and_point_at_the_cell(with_errors):
    result = run("-p", str(with_errors.root), "--lang", "en")
    assert result.exit_code == 1
    assert "indsendelser/Udvalgsaftale-DAG.xlsx (Committee agreement, DAG)" in result.output
    assert "error Mål!C4 [DAG-1] Goal DAG-1 names the parent goal 'P9', which does not exist." in result.output
    assert result.output.endswith("Files: 7, errors: 1, warnings: 0, infos: 0\n"
                                  "Not ready: the errors (1) must be fixed before the agreements can be considered.\n")


def test_warnings_pass_unless_strict(with_warnings):
    assert run("-p", str(with_warnings.root)).exit_code == 0
    strict = run("-p", str(with_warnings.root), "--strict", "--lang", "sv")
    assert strict.exit_code == 1
    assert "Inte klar: varningarna (1) måste redas ut" in strict.output


def test_json_equals_the_library_result(with_errors):
    result = run("-p", str(with_errors.root), "--format", "json", "--lang", "en")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data == to_json(validate_project(with_errors), "en")
    assert data["summary"] == {"files": 7, "errors": 1, "warnings": 0, "infos": 0}
    assert set(data["findings"][0]) == {"code", "severity", "message", "hint", "file", "sheet", "cell", "row_id"}


def test_junit_has_a_testcase_per_file_and_a_failure_for_errors(with_errors, tmp_path):
    out = tmp_path / "junit.xml"
    assert run("-p", str(with_errors.root), "--format", "junit", "-o", str(out)).exit_code == 1
    suite = ET.parse(out).getroot()
    assert suite.tag == "testsuite" and suite.get("tests") == "7" and suite.get("failures") == "1"
    failed = [c for c in suite.iter("testcase") if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == ["indsendelser/Udvalgsaftale-DAG.xlsx"]
    assert "thread.unknown-parent" in failed[0].find("failure").text


def test_html_is_self_contained_and_escaped(with_errors, tmp_path):
    out = tmp_path / "report.html"
    run("-p", str(with_errors.root), "--format", "html", "-o", str(out), "--committee", "BUU")
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html and "http" not in html
    assert "Ikke klar: fejlene (1)" in html and "Mål!C4" in html
    assert "KUA-PL1" not in html  # another committee's agreement is not on the BUU agenda


def test_xlsx_report_writes_text_never_formulas(tmp_path, with_errors):
    root = tmp_path / "k"
    shutil.copytree(with_errors.root, root)
    (root / "indsendelser" / "=HYPERLINK(1).xlsx").write_bytes(b"PK\x03\x04 broken")
    out = tmp_path / "report.xlsx"
    assert run("-p", str(root), "--format", "xlsx", "-o", str(out)).exit_code == 1
    wb = load_workbook(out)
    assert wb.sheetnames == ["Oversigt", "Fund"]
    findings = wb["Fund"]
    assert "Findings" in findings.tables
    files = [findings.cell(row=r, column=3).value for r in range(2, findings.max_row + 1)]
    assert "indsendelser/=HYPERLINK(1).xlsx" in files
    assert all(findings.cell(row=r, column=3).data_type == "s" for r in range(2, findings.max_row + 1))


def test_usage_problems_exit_2(tmp_path, clean):
    assert run("-p", str(tmp_path)).exit_code == 2  # no roedtraad.toml
    unknown = run("-p", str(clean.root), "--committee", "Teknik")
    assert unknown.exit_code == 2 and "Fejl: ukendt udvalg 'Teknik'" in unknown.output
    assert run("-p", str(clean.root), "--format", "xlsx").exit_code == 2
    assert run("-p", str(clean.root), "--format", "pdf").exit_code == 2
    assert run("-p", str(clean.root), str(tmp_path / "nope.xlsx")).exit_code == 2


def test_paths_limit_the_check_to_those_files(clean):
    result = run("-p", str(clean.root), str(clean.root / "indsendelser" / "KUA-BH1.xlsx"), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["summary"]["files"] == 2  # the foundation and the file asked about


def test_help_is_in_english():
    result = CliRunner().invoke(main, ["validate", "--help"])
    assert result.exit_code == 0
    assert "Validate submissions against the cascade rules" in result.output and "--committee NAME" in result.output
