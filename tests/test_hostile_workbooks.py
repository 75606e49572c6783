"""The hostile and broken corpus (tests/corpus.py) beside valid submissions, through the real CLI.

Each run is a subprocess with a memory cap (RLIMIT_AS) and a time limit set here,
as the issue asks: the limits are roedtraad's own, so the run must end well inside
both. Then: one clear finding per bad file, the valid files validated clean, in the
master and written back, and the bad files not touched.
"""
from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from rule_records import write_project
from test_bad_files import _encrypted_workbook
from test_sniff import cfb_with_stream

import corpus
from roedtraad.findings import load_catalogue

MEMORY_CAP = 2 << 30  # address space per process; the zip bomb alone inflates to 2 GB
TIME_LIMIT = 120  # seconds, for a run that takes a few on an idle machine
EXTRA = {"gammel.xlsx": (lambda valid: cfb_with_stream("Workbook"), "structure.not-xlsx"),
         "laast.xlsx": (lambda valid: _encrypted_workbook(), "structure.password-protected")}


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return write_project(tmp_path_factory.mktemp("hostile") / "kommune")


@pytest.fixture
def hostile(tmp_path, clean):
    """The clean project with every bad file beside its valid submissions; name -> expected code."""
    root = tmp_path / "kommune"
    shutil.copytree(clean.root, root)
    folder = root / "indsendelser"
    valid = (folder / "Udvalgsaftale-DAG.xlsx").read_bytes()
    expected = corpus.write_unreadable(folder, valid)
    for name, (make, code) in EXTRA.items():
        (folder / name).write_bytes(make(valid))
        expected[name] = code
    return root, expected


def _capped(*args: str) -> tuple[subprocess.CompletedProcess, float, int]:
    """Run `python -m roedtraad ARGS` under the memory cap; (result, seconds, peak RSS in MiB of it and
    its worker processes, from its own wait4)."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    env = {**os.environ, "ROEDTRAAD_BUG_LOG": os.path.join(args[2], "bugs.log")}  # args: command -p ROOT ...
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-m", "roedtraad", *args], stdout=out, stderr=err,
                                   preexec_fn=limit, env=env)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > TIME_LIMIT:
                process.kill()
                process.wait()
                pytest.fail(f"roedtraad {' '.join(args)} ran past {TIME_LIMIT} s")
            time.sleep(0.05)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(process.args, process.returncode, out.read().decode(),
                                             err.read().decode())
    return result, seconds, usage.ru_maxrss // 1024


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_validate_gives_each_bad_file_one_finding_and_validates_the_rest(hostile, lang):
    root, expected = hostile
    result, seconds, peak = _capped("validate", "-p", str(root), "--format", "json", "--lang", lang)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    report = json.loads(result.stdout)
    by_file: dict[str, list[dict]] = {}
    for finding in report["findings"]:
        by_file.setdefault(finding["file"], []).append(finding)
    assert {name: [f["code"] for f in by_file.get(f"indsendelser/{name}", [])] for name in expected} == {
        name: [code] for name, code in expected.items()}
    assert set(by_file) == {f"indsendelser/{name}" for name in expected}  # the valid files are clean
    catalogue = load_catalogue()
    for findings in by_file.values():
        finding = findings[0]
        assert finding["message"] and finding["hint"] and "{" not in finding["message"] + finding["hint"]
        assert finding["severity"] == "error" and catalogue[finding["code"]].family == "structure"
        assert "Calamine" not in finding["message"] and "MemoryError" not in finding["message"]
    assert seconds < TIME_LIMIT / 2 and peak < 1024, (seconds, peak)


def test_consolidate_write_back_keeps_the_valid_files_and_leaves_the_bad_ones_alone(hostile):
    root, expected = hostile
    folder = root / "indsendelser"
    before = _digests(folder)
    result, seconds, peak = _capped("consolidate", "-p", str(root), "--write-back", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    after = _digests(folder)
    valid = sorted(set(before) - set(expected))
    assert len(valid) == 6
    assert all(after[name] == before[name] for name in expected)  # nothing written into a bad file
    assert all(after[name] != before[name] for name in valid)  # every valid one got its trace columns
    master = CalamineWorkbook.from_path(root / "output" / "Consolidated.xlsx")
    cells = {str(v) for name in master.sheet_names for row in master.get_sheet_by_name(name).to_python()
             for v in row}
    for goal in ("DAG-1", "SKO-1", "SUN-1", "BH1-1", "SK1-1", "PL1-1"):
        assert goal in cells
    for name in expected:  # each bad file is on the master's findings sheet
        assert any(name in v for v in cells), name
    assert seconds < TIME_LIMIT / 2 and peak < 1024, (seconds, peak)


def test_a_file_that_kills_its_reader_costs_only_that_file(tmp_path, clean):
    """With the sheet limits raised past what the machine can parse, the far cell reaches
    python-calamine, which aborts its process asking for 550 GB: the run goes on without it."""
    root = tmp_path / "kommune"
    shutil.copytree(clean.root, root)
    with open(root / "roedtraad.toml", "a", encoding="utf-8") as toml:
        toml.write("\n[limits]\nmax_rows_per_sheet = 2000000\nmax_columns_per_sheet = 20000\n")
    folder = root / "indsendelser"
    valid = (folder / "Udvalgsaftale-DAG.xlsx").read_bytes()
    (folder / "fjern-celle.xlsx").write_bytes(corpus.far_cell(valid))
    for name in ("nul-1.xlsx", "nul-2.xlsx"):  # enough files for worker processes
        (folder / name).write_bytes(b"")
    before = _digests(folder)
    result, _, _ = _capped("consolidate", "-p", str(root), "--write-back", "--lang", "en")
    assert result.returncode == 0 and "Traceback" not in result.stderr + result.stdout, result.stderr
    assert not (root / "bugs.log").exists()
    result, _, _ = _capped("validate", "-p", str(root), "--format", "json")
    report = json.loads(result.stdout)
    assert sorted((f["file"], f["code"]) for f in report["findings"]) == [
        ("indsendelser/fjern-celle.xlsx", "structure.reader-crashed"),
        ("indsendelser/nul-1.xlsx", "structure.empty-file"), ("indsendelser/nul-2.xlsx", "structure.empty-file")]
    after = _digests(folder)
    assert after["fjern-celle.xlsx"] == before["fjern-celle.xlsx"]
    assert after["Udvalgsaftale-SKO.xlsx"] != before["Udvalgsaftale-SKO.xlsx"]  # written back all the same
    assert (root / "output" / "Consolidated.xlsx").is_file()


def test_sync_rejects_each_bad_file_with_its_finding_and_merges_the_rest(hostile):
    root, expected = hostile
    folder = root / "indsendelser"
    before = _digests(folder)
    result, seconds, peak = _capped("sync", "-p", str(root), "--settle", "0", "--format", "json", "--lang", "en")
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    summary = json.loads(result.stdout)
    rejected = {r["file"].removeprefix("indsendelser/"): r["reason"].split(":")[0] for r in summary["rejected"]}
    assert rejected == expected
    valid = sorted(set(before) - set(expected))
    assert sorted(f.removeprefix("indsendelser/") for f in summary["written_back"] if f.startswith("indsendelser/")
                  ) == valid
    after = _digests(folder)
    assert all(after[name] == before[name] for name in expected)
    assert summary["master_written"] and (root / summary["master"]).is_file() if not Path(summary["master"]).is_absolute() \
        else Path(summary["master"]).is_file()
    assert seconds < TIME_LIMIT / 2 and peak < 1024, (seconds, peak)
