"""`roedtraad consolidate` and the library call behind it, on a small project folder."""
from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from factories import (committee_agreement, committee_header, foundation, quality_agreement, quality_header)

from roedtraad.cli import main
from roedtraad.project import Project
from roedtraad.scaffold import init_project
from roedtraad.sync.consolidate import consolidate
from roedtraad.sync.sheet_writer import link_target
from roedtraad.sync.xlsx_patch import WriteBackOutcome
from roedtraad.workbook_templates.generate import write_agreement, write_foundation


@pytest.fixture
def project(tmp_path) -> Project:
    """A project with the factories' foundation and one agreement of each kind, as departments send them."""
    project = init_project(tmp_path / "kommune")
    s = project.settings
    write_foundation(project.foundation_path, s, foundation())
    folder = project.submissions_dir / "skoler"
    folder.mkdir(parents=True)
    write_agreement(folder / "Udvalgsaftale SKO.xlsx", s, "committee_agreement", foundation(), committee_header(),
                    committee_agreement())
    write_agreement(folder / "KUA SKO-ALL.xlsx", s, "quality_agreement", foundation(), quality_header(),
                    quality_agreement())
    return project


def test_consolidate_writes_the_master_and_says_where(project):
    result = CliRunner().invoke(main, ["consolidate", "-p", str(project.root)])
    assert result.exit_code == 0, result.output
    master = project.output_dir / "Konsolideret.xlsx"
    errors, warnings, infos = (consolidate(project).count(s) for s in ("error", "warning", "info"))
    assert result.output == (f"Masterfil: {master}\n"
                             f"2 indsendelser, {errors} fejl, {warnings} advarsler, {infos} info\n")
    wb = openpyxl.load_workbook(master)
    ids = [r[1] for r in wb["Rød tråd"].iter_rows(min_row=2, values_only=True)]
    assert ids == ["M1", "P1", "P9", "SKO-01", "ALL-01", "ALL-02"]


def test_consolidate_in_english_to_another_file(project, tmp_path):
    out = tmp_path / "Master.xlsx"
    result = CliRunner().invoke(main, ["consolidate", "-p", str(project.root), "--output", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Master workbook: {out}\n2 submissions, ")
    assert openpyxl.load_workbook(out, read_only=True).sheetnames[0] == "Overview"


def test_write_back_then_nothing_changes(project):
    runner = CliRunner()
    first = runner.invoke(main, ["consolidate", "-p", str(project.root), "--write-back"])
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[1].endswith("; 3 filer opdateret, 0 sprunget over")
    files = [project.foundation_path, *project.submission_files()]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    second = runner.invoke(main, ["consolidate", "-p", str(project.root), "--write-back"])
    assert second.output.splitlines()[1].endswith("; 0 filer opdateret, 0 sprunget over")
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before
    # The first run's write-back changed the inputs (hashes, times); from then on the master is stable too.
    master = project.output_dir / "Konsolideret.xlsx"
    stamp = (master.read_bytes(), master.stat().st_mtime_ns)
    runner.invoke(main, ["consolidate", "-p", str(project.root), "--write-back"])
    assert (master.read_bytes(), master.stat().st_mtime_ns) == stamp
    ua = openpyxl.load_workbook(project.submissions_dir / "skoler" / "Udvalgsaftale SKO.xlsx")["Mål"]
    assert ua["G4"].value == "M1 › P1 › SKO-01"


def test_locked_submission_is_reported_in_the_master(project):
    lock = project.submissions_dir / "skoler" / "~$KUA SKO-ALL.xlsx"
    lock.write_bytes(b"Excel")
    outcome = consolidate(project, write_back=True)
    assert {o.path.name: o.outcome for o in outcome.write_back.outcomes}["KUA SKO-ALL.xlsx"] is WriteBackOutcome.LOCKED
    codes = [r[0] for r in openpyxl.load_workbook(outcome.master)["Fund"].iter_rows(min_row=2, values_only=True)]
    assert "sync.file-locked" in codes
    lock.unlink()
    again = consolidate(project, write_back=True)
    assert {o.path.name: o.outcome for o in again.write_back.outcomes}["KUA SKO-ALL.xlsx"] is WriteBackOutcome.WRITTEN


def test_master_open_in_excel_is_a_clean_error(project):
    project.output_dir.mkdir(exist_ok=True)
    (project.output_dir / "~$Konsolideret.xlsx").write_bytes(b"Excel")
    result = CliRunner().invoke(main, ["consolidate", "-p", str(project.root)])
    assert result.exit_code == 1
    assert result.output == f"Fejl: {project.output_dir / 'Konsolideret.xlsx'} er åben i Excel. Luk den, og kør igen.\n"


def test_missing_project_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["consolidate", "-p", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and result.output.startswith("Fejl: ")


def test_the_command_has_help():
    result = CliRunner().invoke(main, ["consolidate", "--help"])
    assert result.exit_code == 0 and "Example: roedtraad consolidate" in result.output


def test_libreoffice_opens_master_and_written_back_files(project, convert_with_soffice):
    outcome = consolidate(project, write_back=True)
    assert convert_with_soffice(outcome.master, "ods").stat().st_size > 0
    written = Path(project.submissions_dir / "skoler" / "Udvalgsaftale SKO.xlsx")
    assert convert_with_soffice(written, "ods").stat().st_size > 0


# --- end to end on the demo municipality ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_project(tmp_path_factory) -> Project:
    return init_project(tmp_path_factory.mktemp("demo") / "kommune", demo_scale=12, seed=3)


def table(ws) -> list[dict]:
    header, *body = ws.iter_rows(values_only=True)
    return [dict(zip(header, row)) for row in body]


def test_demo_master_agrees_with_the_validation(demo_project, tmp_path):
    outcome = consolidate(demo_project, output=tmp_path / "Konsolideret.xlsx")
    result, wb = outcome.validation, openpyxl.load_workbook(outcome.master)
    s = demo_project.settings
    allocating = {k for k, a in s.agreements.items() if a.between[0] == "committee"}
    budget = table(wb["Budget"])
    assert sum(r["Ramme (1.000 kr.)"] for r in budget) == pytest.approx(sum(f.amount for f in result.foundation.frames))
    assert sum(r["Fordelt (1.000 kr.)"] for r in budget) == pytest.approx(
        sum(b.amount for sub in result.submissions if sub.kind in allocating for b in sub.budget))
    assert sum(r["Heraf institutioner (1.000 kr.)"] for r in budget) == pytest.approx(
        sum(b.amount for sub in result.submissions if sub.kind not in allocating for b in sub.budget))
    thread = table(wb["Rød tråd"])
    goals = [*result.foundation.goals, *(g for sub in result.submissions for g in sub.goals)]
    assert len(thread) == len(goals)
    graph = result.graph
    for row in thread:
        if graph.goals[row["Mål-id"]].location.file == row["Fil"]:  # not a duplicate id's second record
            assert row["Rød tråd"] == "; ".join(" › ".join(p) for p in graph.trace_paths(row["Mål-id"]))
    assert len(table(wb["Fund"])) == len(result.findings)
    assert [r["Fil"] for r in table(wb["Indsendelser"])] == [
        f'=HYPERLINK("{link_target(demo_project.root / f.path, tmp_path)}","{f.path}")' for f in result.files]


def test_demo_write_back_twice_and_libreoffice_opens_the_results(demo_project, tmp_path, convert_with_soffice):
    root = tmp_path / "kommune"
    shutil.copytree(demo_project.root, root)
    project = Project.open(root)
    first = consolidate(project, write_back=True)
    assert {o.outcome for o in first.write_back.outcomes} == {WriteBackOutcome.WRITTEN}
    files = [project.foundation_path, *project.submission_files()]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files}
    second = consolidate(project, write_back=True)
    assert {o.outcome for o in second.write_back.outcomes} == {WriteBackOutcome.UNCHANGED}
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == before
    assert second.count("warning") == first.count("warning")  # received times were kept
    assert convert_with_soffice(second.master, "ods").stat().st_size > 0
    written = next(o.path for o in first.write_back.outcomes if o.outcome is WriteBackOutcome.WRITTEN
                   and o.path != project.foundation_path)
    assert convert_with_soffice(written, "ods").stat().st_size > 0
