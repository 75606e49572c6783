"""Text from submissions is inert everywhere it goes (issue 15, section 3).

Payloads (formula prefixes =, +, -, @, tab and CR before a formula, DDE, a
HYPERLINK, HTML and script, a forged line break) go into every kind of text a
department or finance types. Then every workbook roedtraad writes (master,
write-back, xlsx report, templates) holds no formula but its own HYPERLINK
links, the HTML report shows them as text, and the text reports keep one line
per line.
"""
from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings as hsettings, strategies as st
from rule_records import foundation, replace, submissions, write_project

from roedtraad.cli import main
from roedtraad.i18n import one_line
from roedtraad.project import Project
from roedtraad.sync.consolidate import consolidate
from roedtraad.workbook_templates.templates import generate_templates

PAYLOADS = ["=1+1", "+1+1", "-1+1", "@SUM(1,1)", "\t=1+1", "\r=2+2", "=cmd|' /C calc'!A0",
            "=HYPERLINK(\"http://ond.example\",\"klik\")", "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>", "linje\nfejl  Mål!A1 forfalsket linje"]


def _with_payloads():
    found = foundation()
    goals = list(found.goals)
    goals[0] = goals[0].model_copy(update={"text": PAYLOADS[6]})  # M1's title: every trace row shows it
    found = found.model_copy(update={"goals": goals})
    subs = submissions()
    dag = subs[0]
    goal = dag.goals[0].model_copy(update={"text": PAYLOADS[8], "responsible": PAYLOADS[1]})  # BH1-1's parent text
    action = dag.actions[0].model_copy(update={"text": PAYLOADS[0], "responsible": PAYLOADS[3]})
    indicator = dag.indicators[0].model_copy(update={"name": PAYLOADS[4], "unit": PAYLOADS[5]})
    subs = replace(subs, 0, goals=[goal], actions=[action], indicators=[indicator])
    sko = subs[1]
    subs = replace(subs, 1, goals=[sko.goals[0].model_copy(update={"text": PAYLOADS[7]})],
                   actions=[sko.actions[0].model_copy(update={"text": PAYLOADS[9]})])
    sun = subs[2]
    subs = replace(subs, 2, goals=[sun.goals[0].model_copy(update={"text": PAYLOADS[10]})])
    return found, subs


@pytest.fixture(scope="module")
def hostile_text(tmp_path_factory):
    root = tmp_path_factory.mktemp("injection") / "kommune"
    found, subs = _with_payloads()
    return write_project(root, found, subs)


def assert_no_foreign_formula(path: Path) -> int:
    """No formula in the workbook but roedtraad's own HYPERLINK links, no external or DDE links; returns
    how many cells hold a payload (as text)."""
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert not [n for n in names if "externalLink" in n], names
        for name in names:
            if name.endswith(".xml"):
                xml = zf.read(name)
                assert b"ddeLink" not in xml and b"<oleLink" not in xml, name
    book = openpyxl.load_workbook(io.BytesIO(data))
    shown = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formula = str(cell.value)
                    assert formula.startswith("=HYPERLINK(") and not any(p.strip() in formula for p in PAYLOADS), (
                        path.name, sheet.title, cell.coordinate, formula)
                elif isinstance(cell.value, str) and any(p.strip() and p.strip() in cell.value for p in PAYLOADS):
                    assert cell.data_type in ("s", "inlineStr", "str"), (sheet.title, cell.coordinate)
                    shown += 1
    return shown


def test_no_workbook_roedtraad_writes_holds_a_formula_from_a_submission(tmp_path, hostile_text):
    root = tmp_path / "kommune"
    shutil.copytree(hostile_text.root, root)
    project = Project.open(root)
    result = consolidate(project, "da", write_back=True)
    from roedtraad.sync.xlsx_patch import WriteBackOutcome

    assert result.write_back.count(WriteBackOutcome.WRITTEN) >= 5
    report = tmp_path / "rapport.xlsx"
    invoke = CliRunner().invoke(main, ["validate", "-p", str(root), "--format", "xlsx", "--output", str(report)])
    assert invoke.exit_code in (0, 1), invoke.output
    templates = generate_templates(project, "da")
    written = [result.master, report, *templates, *sorted((root / "indsendelser").glob("*.xlsx"))]
    shown = {path.name: assert_no_foreign_formula(path) for path in written}
    assert shown[result.master.name] >= 8  # the payloads are in the master, as text
    assert shown["KUA-BH1.xlsx"] >= 2  # written back: the parent's text and the objective's title, as text
    bh1 = openpyxl.load_workbook(root / "indsendelser" / "KUA-BH1.xlsx")["Mål"]
    assert {PAYLOADS[6], PAYLOADS[8]} <= {c.value for c in bh1[4]}  # the objective's title, the parent's text


def test_markup_from_a_submission_is_escaped_in_the_html_report(tmp_path, hostile_text):
    root = tmp_path / "kommune"
    shutil.copytree(hostile_text.root, root)
    # A file name cannot hold "/", so the closing tag is left open: a browser would still run it.
    (root / "indsendelser" / "ond<script>alert(1)<script>.xlsx").write_bytes(b"=1+1;<img src=x onerror=alert(2)>\n")
    report = tmp_path / "rapport.html"
    CliRunner().invoke(main, ["validate", "-p", str(root), "--format", "html", "--output", str(report)])
    html = report.read_text(encoding="utf-8")
    assert "ond&lt;script&gt;alert(1)&lt;script&gt;.xlsx" in html
    assert "<script>alert" not in html and "<img src=x" not in html


def test_a_line_break_in_a_file_name_cannot_forge_a_line_of_the_text_report(tmp_path, hostile_text):
    root = tmp_path / "kommune"
    shutil.copytree(hostile_text.root, root)
    (root / "indsendelser" / "ond\nfejl  Mål!A1 forfalsket.xlsx").write_bytes(b"")
    result = CliRunner().invoke(main, ["validate", "-p", str(root)])
    assert not any(line.startswith("fejl  Mål!A1 forfalsket") for line in result.output.splitlines())
    assert "ond⏎fejl  Mål!A1 forfalsket.xlsx" in result.output
    result = CliRunner().invoke(main, ["sync", "-p", str(root), "--settle", "0"])
    assert not any(line.startswith("fejl  Mål!A1") for line in result.output.splitlines()), result.output


@hsettings(max_examples=200, deadline=None)
@given(st.text())
def test_one_line_never_leaves_a_line_break(text):
    line = one_line(text)
    assert len(line.splitlines()) <= 1 and len(line) == len(text)
