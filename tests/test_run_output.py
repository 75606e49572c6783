"""What `roedtraad run` and `consolidate` print matches what they did, and for whom."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from rule_records import replace, submissions, write_project

from roedtraad.cli import main


@pytest.fixture(scope="module")
def buu_broken(tmp_path_factory):
    """BUU's DAG agreement names an unknown parent; SOU's files are clean."""
    subs = submissions()
    subs = replace(subs, 0, goals=[subs[0].goals[0].model_copy(update={"parents": ["P9"]})])
    return write_project(tmp_path_factory.mktemp("run-output") / "kommune", subs=subs)


@pytest.fixture
def project(tmp_path, buu_broken):
    root = tmp_path / "kommune"
    shutil.copytree(buu_broken.root, root)
    return root


def lines_starting(output: str, prefix: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(prefix)]


def test_run_for_one_committee_labels_its_verdict_and_the_whole_projects_counts(project):
    result = CliRunner().invoke(main, ["run", "-p", str(project), "--committee", "SOU"])
    assert result.exit_code == 0, result.output
    # The committee's own verdict, named as such.
    assert lines_starting(result.output, "Udvalg SOU (Social- og Sundhedsudvalget)") == [
        "Udvalg SOU (Social- og Sundhedsudvalget), 2 indsendelser: Klar: ingen fejl og ingen advarsler."]
    assert lines_starting(result.output, "Rapporter til SOU: ")
    # The master is the whole municipality's, and says so with its own counts (BUU's error is in it).
    master = lines_starting(result.output, "Masterfil: ")
    assert len(master) == 1, result.output
    assert master[0].endswith("(hele kommunen: 6 indsendelser, 1 fejl, 0 advarsler, 0 info)"), result.output
    # Write-back covers every committee's files, and the console says so and why.
    written = lines_starting(result.output, "Beregnede kolonner skrevet i alle kommunens filer, ikke kun SOU's")
    assert len(written) == 1, result.output
    assert "7 opdateret, 0 uændrede, 0 sprunget over" in written[0]
    assert "den røde tråd går på tværs af udvalgene" in written[0]
    # The old, unlabelled project-wide line is gone.
    assert not [line for line in result.output.splitlines() if line.startswith("6 indsendelser")]


def test_run_for_everything_labels_the_counts_as_the_whole_projects(project):
    result = CliRunner().invoke(main, ["run", "-p", str(project), "--lang", "en"])
    assert result.exit_code == 1
    assert lines_starting(result.output, "Whole municipality, 6 submissions: Not ready:")
    assert lines_starting(result.output, "Computed columns written back: 7 updated, 0 unchanged, 0 skipped")


def test_a_skipped_file_is_named_with_the_reason(project):
    locked = project / "indsendelser" / "Udvalgsaftale-DAG.xlsx"
    (locked.parent / f"~${locked.name}").write_bytes(b"owner")
    result = CliRunner().invoke(main, ["run", "-p", str(project), "--committee", "SOU"])
    assert "6 opdateret, 0 uændrede, 1 sprunget over" in result.output, result.output
    skipped = lines_starting(result.output, "  Sprunget over: ")
    assert skipped == ["  Sprunget over: indsendelser/Udvalgsaftale-DAG.xlsx: Excel-låsefilen ~$Udvalgsaftale-DAG.xlsx "
                       "ligger ved siden af, så filen er åben i Excel. De beregnede kolonner skrives ved næste kørsel."]


def test_consolidate_names_a_skipped_file_too(project):
    locked = project / "indsendelser" / "KUA-PL1.xlsx"
    (locked.parent / f"~${locked.name}").write_bytes(b"owner")
    result = CliRunner().invoke(main, ["consolidate", "-p", str(project), "--write-back", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "1 skipped" in result.output
    assert lines_starting(result.output, "  Skipped: indsendelser/KUA-PL1.xlsx: The Excel lock file ~$KUA-PL1.xlsx")


def test_a_demo_too_small_to_hold_every_mistake_is_a_usage_error(tmp_path):
    from roedtraad.demo.build import MIN_SCALE

    result = CliRunner().invoke(main, ["demo", "--dir", str(tmp_path / "d"), "--scale", str(MIN_SCALE - 1)])
    assert result.exit_code == 2 and f"--scale skal være mindst {MIN_SCALE}" in result.output  # was a traceback
    assert not (tmp_path / "d").exists()  # refused before anything is written
