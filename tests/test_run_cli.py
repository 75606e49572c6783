"""`roedtraad run`: the one command before a committee meeting."""
from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from rule_records import replace, submissions, write_project

from roedtraad.cli import main


@pytest.fixture(scope="module")
def sou_broken(tmp_path_factory):
    """BUU's DAG agreement names an unknown parent; SOU's files are clean."""
    subs = submissions()
    subs = replace(subs, 0, goals=[subs[0].goals[0].model_copy(update={"parents": ["P9"]})])
    return write_project(tmp_path_factory.mktemp("run") / "kommune", subs=subs)


def test_run_judges_one_committees_agenda_and_writes_everything(tmp_path, sou_broken):
    root = tmp_path / "kommune"
    shutil.copytree(sou_broken.root, root)
    clean = CliRunner().invoke(main, ["run", "-p", str(root), "--committee", "SOU"])
    assert clean.exit_code == 0, clean.output
    output = root / "output"
    assert (output / "Valideringsrapport_SOU.html").is_file()
    assert (output / "Valideringsrapport_SOU.xlsx").is_file()
    assert (output / "Konsolideret.xlsx").is_file()
    assert "thread.unknown-parent" not in clean.output  # BUU's problem is not on SOU's agenda

    buu = CliRunner().invoke(main, ["run", "-p", str(root), "--committee", "BUU", "--lang", "en"])
    assert buu.exit_code == 1
    assert "thread.unknown-parent" in buu.output and "Master workbook:" in buu.output
    report = load_workbook(root / "output" / "ValidationReport_BUU.xlsx")
    rows = list(report.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert any("thread.unknown-parent" in row for row in rows)


def test_run_writes_the_trace_columns_back_once(tmp_path, sou_broken):
    root = tmp_path / "kommune"
    shutil.copytree(sou_broken.root, root)
    first = CliRunner().invoke(main, ["run", "-p", str(root)])
    assert first.exit_code == 1  # the unknown parent is an error
    goals = load_workbook(root / "indsendelser" / "Udvalgsaftale-SKO.xlsx")["Mål"]
    headers = [c.value for c in goals[3]]
    trace = goals.cell(4, headers.index("Rød tråd (beregnes)") + 1).value
    assert trace.startswith("M1") and trace.endswith("SKO-1")
    before = {p: p.read_bytes() for p in (root / "indsendelser").rglob("*.xlsx")}
    again = CliRunner().invoke(main, ["run", "-p", str(root)])
    assert again.exit_code == 1
    assert {p: p.read_bytes() for p in before} == before


def test_unknown_committee_is_a_usage_error(sou_broken):
    result = CliRunner().invoke(main, ["run", "-p", str(sou_broken.root), "--committee", "NOPE"])
    assert result.exit_code == 2 and "Fejl: ukendt udvalg 'NOPE'" in result.output


class _Later(datetime):
    """The clock a day later: what a report stamped with 'now' would say at the next meeting."""

    @classmethod
    def now(cls, tz=None):
        return datetime.now(tz) + timedelta(days=1)


def _snapshot(root):
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in root.rglob("*") if p.is_file() and not p.name.startswith("ledger.sqlite")}


def test_a_second_run_with_nothing_new_changes_no_byte_of_any_output(tmp_path, sou_broken, monkeypatch):
    root = tmp_path / "kommune"
    shutil.copytree(sou_broken.root, root)
    assert CliRunner().invoke(main, ["run", "-p", str(root), "--committee", "BUU"]).exit_code == 1
    before = _snapshot(root)
    page = (root / "output" / "Valideringsrapport_BUU.html").read_text(encoding="utf-8")
    status = json.loads(CliRunner().invoke(main, ["status", "-p", str(root), "--format", "json"]).output)
    latest = max(datetime.fromisoformat(p["received"]) for p in status["parties"] if p["received"])
    assert f"Data pr. {latest.strftime('%d-%m-%Y %H:%M')} (seneste modtagne fil)" in page

    monkeypatch.setattr("roedtraad.validators.report_common.datetime", _Later)
    again = CliRunner().invoke(main, ["run", "-p", str(root), "--committee", "BUU"])
    assert again.exit_code == 1, again.output
    after = _snapshot(root)
    assert sorted(after) == sorted(before)
    assert [name for name in before if after[name] != before[name]] == []

