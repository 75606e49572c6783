"""The disk fills up while the master is written, and under an upload to the service (issue 15 §4).

A real size-limited file system: the project's output folder is a small tmpfs mounted by the test (we run
as root here and in CI), filled up but for a few kilobytes, so the master's temporary file runs out of
space part-way. Where mounting is not permitted (a container without CAP_SYS_ADMIN), the test falls back
to RLIMIT_FSIZE on the sync process (writes past the limit fail with EFBIG, SIGXFSZ ignored) and says so;
that limit holds for every file the run writes, so there the ledger may be the first to meet it.

Then: `roedtraad sync` ends with exit 6 and one Danish line; the previous master is byte-identical and no
temporary file is left; every department's workbook is as it was or as a finished run writes it; the
ledger does not record the run as finished (its last finished run names the master that is on disk). When
space returns, the next sync completes and equals a run that never met a full disk. The service answers an
upload it has no room for with 507 and a Danish reason, leaves the share as it was, and takes the same
upload once there is room.
"""
from __future__ import annotations

import errno
import os
import hashlib
import resource
import shutil
import signal
import subprocess
import sys
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ledger_helpers import demo_copy, demo_template
from roedtraad.project import Project
from roedtraad.sync import store
from roedtraad.sync.ledger import open_ledger
from roedtraad.sync.ledger_schema import versions
from roedtraad.sync.run import sync_project
from roedtraad.sync.xlsx_patch import patch_sheet_cells, sha256_file
from test_sync_kill import _edit_one, _state
from webfixtures import add_token, run_server

EXIT_DISK_FULL = 6
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROOM = 16 * 1024  # what the full disk leaves: less than a master, more than nothing


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return demo_template(tmp_path_factory.mktemp("faults-disk"), scale=9)


@contextmanager
def small_filesystem(folder: Path):
    """A 4 MB tmpfs at `folder`; None when this machine does not let us mount one."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0755", "tmpfs", str(folder)],
                             capture_output=True, text=True) if os.geteuid() == 0 else None
    if mounted is None or mounted.returncode != 0:
        reason = mounted.stderr.strip() if mounted is not None else "not root"
        print(f"\ncannot mount a tmpfs ({reason}): falling back to RLIMIT_FSIZE (EFBIG) for the full disk")
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _fill(folder: Path) -> Path:
    """Fill the file system under `folder` up, then give back `ROOM` bytes."""
    filler = folder / "fyld.bin"
    block = b"\0" * (64 * 1024)
    with open(filler, "wb") as out:
        try:
            while True:
                out.write(block)
                out.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        size = out.tell()
    os.truncate(filler, max(0, size - ROOM))
    return filler


def _limit_file_size(limit: int):
    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # so a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return preexec


def _department_workbooks(root: Path) -> dict[str, bytes]:
    names = [root / "Styringsgrundlag.xlsx", *(root / "indsendelser").rglob("*.xlsx")]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in names}


def test_a_full_disk_while_the_master_is_written_leaves_the_old_master_and_the_next_sync_completes(
        template, tmp_path):
    reference, reference_ledger = demo_copy(template, tmp_path / "reference", f"sqlite:///{tmp_path}/ref.sqlite")
    sync_project(reference, reference_ledger)
    _edit_one(reference, reference_ledger)
    sync_project(reference, reference_ledger)
    finished = _department_workbooks(reference.root)

    project, ledger = demo_copy(template, tmp_path / "kommune", f"sqlite:///{tmp_path}/kommune.sqlite")
    output = project.root / "output"
    command = [sys.executable, "-m", "roedtraad", "sync", "-p", str(project.root), "--db", ledger.url]
    env = {**os.environ, "ROEDTRAAD_BUG_LOG": str(tmp_path / "bugs.log")}
    with small_filesystem(output) as mounted:
        first = sync_project(project, ledger)
        master = next(output.glob("*.xlsx"))
        previous = master.read_bytes()
        _edit_one(project, ledger)  # a new version: the next run writes a new master
        before = _department_workbooks(project.root)
        if mounted:
            filler = _fill(output)
            full = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
        else:
            # Every file the process writes is limited, so the ledger (larger than the master) may be the
            # first to meet the limit: then it is the ledger's write that fails. The promises are the same.
            full = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env,
                                  preexec_fn=_limit_file_size(len(previous) // 2))

        assert full.returncode == EXIT_DISK_FULL, full.stdout + full.stderr
        lines = full.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Fejl: Disken er fuld"), full.stderr
        assert "Traceback" not in full.stdout + full.stderr and not (tmp_path / "bugs.log").exists()
        assert master.read_bytes() == previous
        assert sorted(p.name for p in output.iterdir()) == sorted([master.name] + (["fyld.bin"] if mounted else []))
        for name, data in _department_workbooks(project.root).items():
            assert data in (before[name], finished[name]), f"{name} is neither as it was nor as written back"
            with zipfile.ZipFile(project.root / name) as package:
                assert package.testzip() is None
        with ledger.begin() as conn:
            done = store.last_finished_run(conn)
        assert done["id"] == first.run  # the failed run is not recorded as finished...
        assert done["master_sha256"] == sha256_file(master)  # ...and the last one that is names this master

        if mounted:
            filler.unlink()  # space returns
        again = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
        assert again.returncode == 0, again.stderr
        files, rows = _state(project, ledger)
    want_files, want_rows = _state(reference, reference_ledger)
    ledger.close()
    reference_ledger.close()
    assert files == want_files
    assert rows == want_rows


def test_what_counts_as_the_machine_failing_and_what_stays_a_bug(tmp_path):
    import sqlite3

    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    from roedtraad.sync.faults import environment_failure

    engine = create_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with pytest.raises(OperationalError) as missing_table:
        with engine.connect() as conn:
            conn.execute(text("SELECT * FROM nowhere"))
    engine.dispose()
    assert environment_failure(missing_table.value) is None  # a bug in roedtraad: the bug log, exit 4

    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = sqlite3.SQLITE_FULL
    assert environment_failure(OperationalError("INSERT", {}, full)) == "disk"
    busy = sqlite3.OperationalError("database is locked")
    busy.sqlite_errorcode = sqlite3.SQLITE_BUSY
    assert environment_failure(OperationalError("INSERT", {}, busy)) == "ledger"
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as exc:
            raise RuntimeError("while writing the master") from exc
    except RuntimeError as wrapped:
        assert environment_failure(wrapped) == "disk"
    assert environment_failure(ValueError("a bug")) is None


def test_an_upload_the_service_has_no_room_for_is_refused_with_507_and_taken_when_space_returns(demo_project):
    share = demo_project / "indsendelser"
    kept = demo_project.parent / "indsendelser-før"
    shutil.copytree(share, kept, copy_function=shutil.copy2)
    with small_filesystem(share) as mounted:
        if not mounted:
            pytest.skip("no tmpfs can be mounted here for the share (RLIMIT_FSIZE cannot limit a running service)")
        shutil.copytree(kept, share, dirs_exist_ok=True, copy_function=shutil.copy2)
        source = next(share.rglob("Udvalgsaftale_*_SKO.xlsx")).read_bytes()
        data = patch_sheet_cells(source, "Mål", {"B5": "Et mål sendt til en fuld disk"})
        token = add_token(demo_project, party="SKO")
        filler = _fill(share)
        before = _files(share)
        with run_server(demo_project) as server, server.client(token) as http:
            full = http.post("/api/submissions", files={"file": ("SKO.xlsx", data, XLSX)})
            assert full.status_code == 507, full.text
            assert full.json()["reason"] == "disk-full"
            assert full.json()["detail"].startswith("Serverens disk er fuld, så filen er ikke modtaget")
            assert _files(share) == before  # nothing half-written, nothing left over
            filler.unlink()  # space returns
            again = http.post("/api/submissions", files={"file": ("SKO.xlsx", data, XLSX)})
            assert again.status_code == 201, again.text
            log = server.output()
        assert "Traceback" not in log
        ledger = open_ledger(Project.open(demo_project))
        with ledger.begin() as conn:
            recorded = conn.execute(select(func.count()).where(
                versions.c.sha256 == hashlib.sha256(data).hexdigest())).scalar_one()
        ledger.close()
        assert recorded == 1  # once: when there was room


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.name != "fyld.bin"}
