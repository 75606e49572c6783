"""No traceback reaches a user: a bug in a command or in reading one file goes to the bug log."""
from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from rule_records import write_project

from roedtraad.cli import main


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return write_project(tmp_path_factory.mktemp("bug") / "kommune")


def test_init_demo_with_too_small_a_scale_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "k"), "--demo", "--scale", "5"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "--scale skal være mindst 9" in result.output
    result = CliRunner().invoke(main, ["demo", "--dir", str(tmp_path / "d"), "--scale", "5"])
    assert result.exit_code == 2 and "--scale skal være mindst 9" in result.output


def test_a_bug_in_a_command_is_logged_and_named_by_reference(tmp_path, monkeypatch, clean):
    log = tmp_path / "bugs.log"
    monkeypatch.setenv("ROEDTRAAD_BUG_LOG", str(log))

    def broken(*args, **kwargs):
        raise RuntimeError("a bug deep inside")

    monkeypatch.setattr("roedtraad.cli.validate_cmd.validate_project", broken)
    result = CliRunner().invoke(main, ["validate", "-p", str(clean.root), "--lang", "en"])
    assert result.exit_code == 4
    assert "Traceback" not in result.output and "a bug deep inside" not in result.output
    assert "error in roedtraad itself" in result.output and str(log) in result.output
    reference = result.output.split("error id ")[1].split(")")[0]
    logged = log.read_text(encoding="utf-8")
    assert reference in logged and "Traceback" in logged and "a bug deep inside" in logged


def test_a_bug_reading_one_file_is_a_finding_with_a_reference(tmp_path, monkeypatch, clean):
    log = tmp_path / "bugs.log"
    monkeypatch.setenv("ROEDTRAAD_BUG_LOG", str(log))
    root = tmp_path / "kommune"
    shutil.copytree(clean.root, root)
    from roedtraad.workbook_templates import read as reader

    real = reader.read_submission

    def trips_on_sko(path, settings, name=None):
        if "SKO" in str(path):
            raise KeyError("bug for SKO")
        return real(path, settings, name=name)

    monkeypatch.setattr("roedtraad.validators.engine.read_submission", trips_on_sko)
    from roedtraad.project import Project
    from roedtraad.validators.engine import validate_project

    result = validate_project(Project.open(root))
    bugs = [f for f in result.findings if f.code == "structure.internal-error"]
    assert [f.file for f in bugs] == ["indsendelser/Udvalgsaftale-SKO.xlsx"]
    assert bugs[0].params["reference"] in log.read_text(encoding="utf-8")
    assert "bug for SKO" not in bugs[0].message("en")
    assert len(result.submissions) == 5  # the other files were read


def test_output_piped_into_a_reader_that_stops_early_is_no_bug(tmp_path, clean):
    """`roedtraad validate | head -1`: the reader closes the pipe while roedtraad still writes. That is
    how a shell pipeline ends, not a bug: no message, no bug log, the exit status of SIGPIPE."""
    import os
    import subprocess
    import sys

    log = tmp_path / "bugs.log"
    proc = subprocess.Popen([sys.executable, "-m", "roedtraad", "validate", "-p", str(clean.root)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "ROEDTRAAD_BUG_LOG": str(log)})
    proc.stdout.close()  # gone before roedtraad has started: its first line meets a closed pipe
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 141, err.decode()
    assert b"Traceback" not in err and b"fejl-id" not in err and not log.exists()
