"""A sync killed at random moments leaves nothing half-written, and the next run completes the work.

A real `roedtraad sync` subprocess (with its worker processes) is SIGKILLed at
random moments, several times in a row; then one clean sync runs. The files,
the archive and the ledger's versions must equal those of a run never killed.
"""
from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time

from sqlalchemy import select

from ledger_helpers import demo_copy, snapshot
from roedtraad.sync.arrivals import note_arrivals
from roedtraad.sync.ledger_schema import versions
from roedtraad.sync.run import sync_project
from roedtraad.sync.xlsx_patch import patch_sheet_cells

KILLS = 3


def _sync_command(root, url: str) -> list[str]:
    return [sys.executable, "-m", "roedtraad", "sync", "-p", str(root), "--db", url, "--wait", "60",
            "--format", "json"]


def _kill_at_random(root, url: str, rng: random.Random, duration: float) -> None:
    proc = subprocess.Popen(_sync_command(root, url), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    time.sleep(rng.uniform(0.15, 1.0) * duration)
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the whole run, workers too: as if the machine stopped
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


def _state(project, ledger) -> tuple:
    files = {k: v[0] for k, v in snapshot(project.root, skip=("ledger.sqlite",)).items()}
    with ledger.begin() as conn:
        rows = conn.execute(select(versions.c.source, versions.c.sha256, versions.c.written_sha256,
                                   versions.c.status, versions.c.first_seen, versions.c.merged)).all()
    return files, sorted(tuple(r) for r in rows)


def _edit_one(project, ledger) -> None:
    """Edit one workbook; its delivery time is noted, so both projects' masters show the same "received"."""
    path = next((project.root / "indsendelser" / "udvalgsaftaler").glob("*_SKO.xlsx"))
    stamp = path.stat().st_mtime + 60
    data = patch_sheet_cells(path.read_bytes(), "Mål", {"B5": "Et nyt mål efter et nedbrud"})
    path.write_bytes(data)
    os.utime(path, (stamp, stamp))
    name = path.relative_to(project.root).as_posix()
    note_arrivals(ledger, {name: (hashlib.sha256(data).hexdigest(), stamp, None)})


def test_killed_syncs_then_a_clean_one_equal_a_run_never_killed(ledger_template, tmp_path, ledger_url):
    reference, reference_ledger = demo_copy(ledger_template, tmp_path / "reference",
                                            f"sqlite:///{tmp_path}/ref.sqlite")
    started = time.monotonic()
    subprocess.run(_sync_command(reference.root, reference_ledger.url), check=True, capture_output=True, timeout=120)
    duration = time.monotonic() - started  # kills land anywhere from start-up to the last commit
    _edit_one(reference, reference_ledger)
    sync_project(reference, reference_ledger)

    project, ledger = demo_copy(ledger_template, tmp_path / "killed", ledger_url)
    rng = random.Random(11)
    for _ in range(KILLS):
        _kill_at_random(project.root, ledger_url, rng, duration)
    subprocess.run(_sync_command(project.root, ledger_url), check=True, capture_output=True, timeout=120)
    _edit_one(project, ledger)
    for _ in range(1):
        _kill_at_random(project.root, ledger_url, rng, duration)
    done = subprocess.run(_sync_command(project.root, ledger_url), check=True, capture_output=True, timeout=120)
    assert b'"run"' in done.stdout

    files, rows = _state(project, ledger)
    want_files, want_rows = _state(reference, reference_ledger)
    assert not [name for name in files if name.endswith((".tmp", ".part"))]
    assert files == want_files, _first_differences(project.root, reference.root, files, want_files)
    assert rows == want_rows
    ledger.close()
    reference_ledger.close()


def _first_differences(root, reference_root, files: dict, want: dict) -> str:
    """What differs, cell by cell, in the workbooks that differ (a flake must tell its cause)."""
    from python_calamine import CalamineWorkbook

    lines = []
    for name in sorted(k for k in set(files) | set(want) if files.get(k) != want.get(k)):
        lines.append(name)
        if not name.endswith(".xlsx") or name not in files or name not in want:
            continue
        got, wanted = CalamineWorkbook.from_path(str(root / name)), CalamineWorkbook.from_path(str(reference_root / name))
        for sheet in wanted.sheet_names:
            a = got.get_sheet_by_name(sheet).to_python() if sheet in got.sheet_names else []
            b = wanted.get_sheet_by_name(sheet).to_python()
            for index, (x, y) in enumerate(zip(a, b)):
                if x != y:
                    lines.append(f"  {sheet} row {index + 1}: {x!r} != {y!r}")
                    break
            if len(a) != len(b):
                lines.append(f"  {sheet}: {len(a)} rows != {len(b)}")
    return "\n".join(lines)
