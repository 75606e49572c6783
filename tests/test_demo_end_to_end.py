"""The demo municipality end to end: the README's first command, the deliberate
mistakes at their cells, fixed by hand in the workbooks, and LibreOffice opening
everything we wrote."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from roedtraad.cli import main
from roedtraad.demo import build_demo
from roedtraad.project import Project
from roedtraad.scaffold import init_project
from roedtraad.validators.engine import validate_project
from roedtraad.workbook_templates.read import read_foundation, read_submission

SCALE = 9  # the smallest demo that holds one of every deliberate mistake


@pytest.fixture(scope="module")
def demo_project(tmp_path_factory) -> Project:
    return init_project(tmp_path_factory.mktemp("demo") / "kommune", demo_scale=SCALE, seed=3)


def expected_cell(project: Project, mistake) -> tuple[str, str, str]:
    """Where the finding for a deliberate mistake must point: read it from the written workbook."""
    settings = project.settings
    if mistake.file == settings.paths.foundation:
        foundation, _ = read_foundation(project.foundation_path, settings)
        party = next(p for p in foundation.parties if p.id == mistake.row_id)
        return settings.paths.foundation, party.location.sheet, party.location.cell
    name = f"{settings.paths.submissions}/{mistake.file}"
    submission, _ = read_submission(project.submissions_dir / mistake.file, settings)
    if mistake.sheet_key == "front":
        where = submission.header.cells[mistake.field]
        return name, where.sheet, where.cell
    records = {"goals": submission.goals, "actions": submission.actions, "budget": submission.budget,
               "cross_cutting": submission.cross_cutting}[mistake.sheet_key]
    if mistake.code == "cell.wrong-type":  # the bad cell never became a record; it is the budget sheet's only row
        return name, "Budget", "D4"

    def row_id(record) -> str:
        if mistake.sheet_key == "budget":
            return f"{record.party}:{record.appropriation}:{record.year}"
        return getattr(record, "goal_id" if mistake.sheet_key == "cross_cutting" else "id")

    record = next(r for r in records if row_id(r) == mistake.row_id)
    return name, record.location.sheet, record.cells[mistake.field]


def test_validate_json_lists_exactly_the_deliberate_mistakes_at_their_cells(demo_project):
    demo = build_demo(demo_project.settings, scale=SCALE, seed=3)
    result = CliRunner().invoke(main, ["validate", "-p", str(demo_project.root), "--format", "json"])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.output)["findings"]
    got = sorted((f["code"], f["file"], f["sheet"], f["cell"]) for f in findings)
    want = sorted((m.code, *expected_cell(demo_project, m)) for m in demo.mistakes)
    assert got == want


def _fix(project: Project, finding) -> None:
    """Mend one error the way a department would, in Excel (here: openpyxl)."""
    path = project.root / finding.file
    wb = openpyxl.load_workbook(path)
    ws = wb[finding.sheet]
    cell = ws[finding.cell]
    row = cell.row
    headers = {ws.cell(3, c).value: c for c in range(1, ws.max_column + 1) if ws.cell(3, c).value}

    def at(header: str):
        return ws.cell(row, headers[header])

    code = finding.code
    if code == "period.budget-year-outside":
        at("År").value = wb["Forside"]["B7"].value  # the agreement's last year
    elif code == "thread.duplicate-id-across-files":
        old, new = cell.value, f"{cell.value}X"  # rename the goal everywhere this file names it
        for sheet in ("Mål", "Indikatorer", "Handlinger", "Tværgående mål"):
            for line in wb[sheet].iter_rows(min_row=4):
                for c in line:
                    if isinstance(c.value, str) and old in c.value.split(", "):
                        c.value = ", ".join(new if part == old else part for part in c.value.split(", "))
    elif code == "thread.unknown-parent":
        cell.value = next(ws.cell(r, cell.column).value for r in range(4, ws.max_row + 1)
                          if r != row and ws.cell(r, cell.column).value)
    elif code == "thread.unmarked-own-goal":
        at("Eget mål").value = "ja"
    elif code == "budget.negative-amount":
        cell.value = abs(cell.value)
    elif code == "cell.wrong-type":
        cell.value = 0
    elif code == "coverage.cross-cutting-undecided":
        at("Relevant").value = "nej"
        at("Begrundelse, hvis ikke relevant").value = "Ikke relevant for afdelingens opgaver"
    elif code == "budget.above-frame":
        cell.value = cell.value - float(str(finding.params["difference_en"]).replace(",", ""))
    elif code == "thread.action-without-goal":
        cell.value = wb["Mål"]["A4"].value
    elif code == "budget.unknown-appropriation":
        for column in headers.values():
            ws.cell(row, column).value = None  # delete the line
    else:
        raise AssertionError(f"no fix for {code}")
    wb.save(path)


def test_after_fixing_the_errors_in_the_workbooks_validate_exits_0(tmp_path, demo_project):
    import shutil

    root = tmp_path / "kommune"
    shutil.copytree(demo_project.root, root)
    project = Project.open(root)
    errors = [f for f in validate_project(project).findings if f.severity == "error"]
    assert len(errors) == 10
    for finding in errors:
        _fix(project, finding)
    result = CliRunner().invoke(main, ["validate", "-p", str(root)])
    assert result.exit_code == 0, result.output
    assert "fejl: 0" in result.output


def test_demo_command_runs_the_main_job_and_everything_opens_in_libreoffice(tmp_path, soffice, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["demo", "--scale", str(SCALE)])
    assert result.exit_code == 0, result.output
    root = tmp_path / "roedtraad-demo"
    assert f"Demokommunen ligger i {Path('roedtraad-demo')}" in result.output
    master = root / "output" / "Konsolideret.xlsx"
    assert master.is_file() and (root / "output" / "Valideringsrapport.html").is_file()
    again = CliRunner().invoke(main, ["demo", "--scale", str(SCALE)])
    assert again.exit_code == 0 and (tmp_path / "roedtraad-demo-2").is_dir()  # a fresh folder each time
    groups = {"foundation": [root / "Styringsgrundlag.xlsx"], "templates": sorted((root / "skabeloner").glob("*.xlsx")),
              "submissions": sorted((root / "indsendelser").rglob("*.xlsx")),
              "output": sorted((root / "output").glob("*.xlsx"))}
    assert len(groups["templates"]) > 10 and len(groups["submissions"]) > 10
    for group, paths in groups.items():
        outdir = tmp_path / f"csv-{group}"
        names = {p.stem for p in paths}
        assert len(names) == len(paths)  # csv names must not collide within a group
        proc = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                               "--convert-to", "csv", "--outdir", str(outdir), *map(str, paths)],
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr
        assert {p.stem for p in outdir.glob("*.csv")} == names, (group, proc.stdout, proc.stderr)
