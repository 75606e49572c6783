"""Long commands show progress on a terminal and stay quiet in a pipe; the library tells what it does."""
from __future__ import annotations

import os
import pty
import select
import subprocess
import sys

import pytest
from rule_records import write_project

from roedtraad.progress import reporting
from roedtraad.validators.engine import READING, validate_project


class Recorder:
    def __init__(self) -> None:
        self.steps: dict[int, list] = {}

    def start(self, label, total):
        handle = len(self.steps)
        self.steps[handle] = [label.da, total, 0, False]
        return handle

    def advance(self, handle, units=1):
        self.steps[handle][2] += units

    def finish(self, handle):
        self.steps[handle][3] = True


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return write_project(tmp_path_factory.mktemp("progress") / "kommune")


def test_reading_reports_one_unit_per_workbook(project):
    recorder = Recorder()
    with reporting(recorder):
        validate_project(project)
    assert list(recorder.steps.values()) == [[READING.da, 7, 7, True]]  # the foundation and six submissions
    validate_project(project)  # without a reporter: nothing to tell, nothing fails


def _run(args, *, terminal: bool) -> tuple[bytes, bytes, int]:
    """Run the CLI with stdout in a pipe and stderr in a pipe or on a pseudo-terminal."""
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "100"}
    env.pop("CI", None)
    if not terminal:
        proc = subprocess.run([sys.executable, "-m", "roedtraad", *args], capture_output=True, env=env, timeout=300)
        return proc.stdout, proc.stderr, proc.returncode
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "roedtraad", *args], stdout=subprocess.PIPE, stderr=follower,
                            env=env)
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    out = proc.stdout.read()
    proc.wait(timeout=300)
    os.close(leader)
    return out, seen, proc.returncode


def test_the_demo_tells_its_steps(tmp_path):
    from roedtraad.scaffold import init_project
    from roedtraad.workbook_templates.templates import generate_templates

    recorder = Recorder()
    with reporting(recorder):
        project = init_project(tmp_path / "demo", demo_scale=9)
        generate_templates(project)
    steps = {label: (total, done, finished) for label, total, done, finished in recorder.steps.values()}
    assert steps["Danner demokommunen"] == (8, 8, True)
    files = len(project.submission_files())
    assert steps["Skriver demokommunens indsendelser"] == (files, files, True)
    assert steps["Læser indsendte aftaler (til rullelisterne)"] == (files, files, True)
    templates = len(list(project.templates_dir.glob("*.xlsx")))
    assert steps["Danner skabeloner"] == (templates, templates, True)


def test_run_shows_progress_on_a_terminal_and_not_in_a_pipe(project, tmp_path):
    out, err, code = _run(["run", "-p", str(project.root)], terminal=True)
    assert code == 0, err
    text = err.decode("utf-8", "replace")
    for label in ("Læser arbejdsbøger", "Skriver beregnede kolonner tilbage", "Skriver masterfilen"):
        assert label in text, text
    assert b"Masterfil:" in out and b"Skriver" not in out  # progress never in the command's output
    piped_out, piped_err, code = _run(["run", "-p", str(project.root)], terminal=False)
    assert code == 0
    assert piped_err == b""
    assert b"Masterfil:" in piped_out and b"Skriver" not in piped_out
