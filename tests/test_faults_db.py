"""The ledger's PostgreSQL goes away in the middle of a sync and comes back (issue 15 §4).

The test starts its own throw-away cluster (tests/pg_cluster.py) and kills it (`pg_ctl stop -m immediate`)
while a real `roedtraad sync` subprocess is between phases: once while it takes files in (the archive has
begun to fill, the intake's transaction is open), once while it writes the master (its temporary file has
appeared; validation and write-back are done, the run not yet recorded). The sync is frozen (SIGSTOP)
from the moment the phase is seen until the server is dead, so the cut lands exactly there.

Each time the command ends with exit 5 and one Danish line (no traceback, no bug report); a sync started
while the server is still away says in one line that it cannot reach it, and where (exit 2); every workbook
is as it was or as a finished run writes it, whole; no temporary file is left. With the server back, the
next sync completes and equals a run never interrupted. The service answers `/api/status` with 503 and a
Danish reason while the server is away, and 200 again once it is back.
"""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from ledger_helpers import demo_copy, demo_template, snapshot
from roedtraad.sync.arrivals import note_arrivals
from pg_cluster import own_cluster
from roedtraad.sync.run import sync_project
from roedtraad.sync.xlsx_patch import patch_sheet_cells
from test_sync_kill import _state
from webfixtures import add_token, run_server

EXIT_LEDGER_GONE = 5


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return demo_template(tmp_path_factory.mktemp("faults-db"), scale=30)


@pytest.fixture
def cluster():
    server = own_cluster()
    try:
        yield server
    finally:
        server.close()


def _sync(root: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "roedtraad", "sync", "-p", str(root), "--db", url, "--format", "json"]


def _archive_begun(root: Path) -> bool:
    archive = root / "arkiv"
    return archive.is_dir() and any(p.is_file() for p in archive.rglob("*"))


def _master_being_written(root: Path) -> bool:
    output = root / "output"
    return output.is_dir() and any(p.name.endswith(".tmp") for p in output.iterdir())


def _sync_cut_when(root: Path, cluster, phase) -> subprocess.CompletedProcess | None:
    """Run `roedtraad sync`; when `phase(root)` turns true, freeze it, kill the server, let it go on.
    None when the run was over before the phase was seen (a short phase on a busy machine)."""
    env = {**os.environ, "ROEDTRAAD_BUG_LOG": str(root.parent / "bugs.log")}
    proc = subprocess.Popen(_sync(root, cluster.url), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, env=env)
    while proc.poll() is None and not phase(root):
        time.sleep(0.001)
    if proc.poll() is not None:
        _, err = proc.communicate()
        assert proc.returncode == 0, err
        return None
    os.killpg(proc.pid, signal.SIGSTOP)  # the run and its workers, as they are
    try:
        cluster.stop()
    finally:
        os.killpg(proc.pid, signal.SIGCONT)
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out.decode(), err.decode())


def _edit(project, ledger, n: int) -> None:
    """A department saves its workbook again (new bytes, noted as delivered then): the next run has work."""
    path = next((project.root / "indsendelser" / "udvalgsaftaler").glob("*_SKO.xlsx"))
    stamp = path.stat().st_mtime + 60 * n
    data = patch_sheet_cells(path.read_bytes(), "Mål", {"B5": f"Et mål, version {n}"})
    path.write_bytes(data)
    os.utime(path, (stamp, stamp))
    note_arrivals(ledger, {path.relative_to(project.root).as_posix(): (hashlib.sha256(data).hexdigest(), stamp, None)})


def _workbooks(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.xlsx")
            if not p.relative_to(root).as_posix().startswith("arkiv/")}


def _assert_whole(root: Path, before: dict[str, bytes], finished: dict[str, bytes]) -> None:
    """Every workbook as it was, or as a finished run writes it; nothing half-written, no temp files."""
    now = _workbooks(root)
    assert set(now) - {"output/Konsolideret.xlsx"} == set(before) - {"output/Konsolideret.xlsx"}
    for name, data in now.items():
        assert data in (before.get(name), finished.get(name)), f"{name} is neither as it was nor as written"
        with zipfile.ZipFile(root / name) as package:
            assert package.testzip() is None
    leftovers = [name for name in snapshot(root) if name.rsplit("/", 1)[-1].endswith((".tmp", ".part"))]
    assert not leftovers


def test_postgres_going_away_mid_sync_ends_clearly_and_the_next_sync_completes(template, tmp_path, cluster):
    reference, reference_ledger = demo_copy(template, tmp_path / "reference", f"sqlite:///{tmp_path}/ref.sqlite")
    sync_project(reference, reference_ledger)
    finished = _workbooks(reference.root)

    project, ledger = demo_copy(template, tmp_path / "kommune", cluster.url)
    before = _workbooks(project.root)
    edits = 0
    for phase in (_archive_begun, _master_being_written):
        while (cut := _sync_cut_when(project.root, cluster, phase)) is None:
            # The run finished before the phase was seen: both folders get one more edit, and it is tried again.
            assert edits < 3, "the phase to cut in was never seen"
            edits += 1
            for folder, its_ledger in ((project, ledger), (reference, reference_ledger)):
                _edit(folder, its_ledger, edits)
            sync_project(reference, reference_ledger)
            before, finished = _workbooks(project.root), _workbooks(reference.root)
        assert cut.returncode == EXIT_LEDGER_GONE, cut.stderr
        assert cut.stdout == ""
        lines = cut.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Fejl: Forbindelsen til ledgerens database"), cut.stderr
        assert "Traceback" not in cut.stderr and not (tmp_path / "bugs.log").exists()
        _assert_whole(project.root, before, finished)
        # A sync started while it is still away cannot tell a stopped server from a wrong address: a usage
        # problem (exit 2) naming the address, in one Danish line.
        down = subprocess.run(_sync(project.root, cluster.url), capture_output=True, text=True, timeout=120)
        assert down.returncode == 2 and len(down.stderr.strip().splitlines()) == 1, down.stderr
        where = f"postgresql+psycopg://postgres@127.0.0.1:{cluster.port}/"
        assert down.stderr.startswith(f"Fejl: Ledgerens database {where}")
        cluster.start()
    ledger.close()

    done = subprocess.run(_sync(project.root, cluster.url), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    ledger = type(ledger)(ledger.url)
    try:
        files, rows = _state(project, ledger)
        want_files, want_rows = _state(reference, reference_ledger)
    finally:
        ledger.close()
        reference_ledger.close()
    assert files == want_files
    assert rows == want_rows


def test_the_service_answers_503_while_postgres_is_away_and_works_again_after(demo_project, cluster):
    token = add_token(demo_project, finance="Økonomi Test", db_url=cluster.url)
    with run_server(demo_project, db_url=cluster.url) as server, server.client(token) as http:
        first = http.get("/api/status")
        assert first.status_code == 200
        cluster.stop()
        away = http.get("/api/status")
        assert away.status_code == 503, away.text
        assert away.headers["content-type"].startswith("application/json")
        assert away.json()["reason"] == "ledger-unavailable"
        assert away.json()["detail"].startswith("Ledgerens database kan ikke nås")
        assert away.headers.get("retry-after")
        assert http.get("/api/status", params={"lang": "en"}).json()["detail"].startswith("The ledger's database")
        cluster.start()
        back = http.get("/api/status")
        assert back.status_code == 200, back.text
        assert back.json() == first.json()
    assert "Traceback" not in server.output()
