"""A CLI `sync` racing the service's own sync (issue 15 §4), on SQLite and, when the test server is set,
on PostgreSQL.

A real `roedtraad serve` (uvicorn, tests/webfixtures.py) takes uploads from every department at once,
each a sync run under the ledger's writer lock, while `roedtraad sync` subprocesses run against the same
ledger at the same time. Each CLI sync either completes (exit 0) or exits 3 naming who holds the ledger;
no accepted upload is lost (in the ledger and the archive: benchmarks/load.py's `check_recorded`); and a
last sync leaves the same state as one clean sync of the final folder into a fresh ledger (compared as in
test_ledger_interleaving.py).
"""
from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

from roedtraad.project import Project
from roedtraad.sync.ledger import open_ledger
from roedtraad.sync.run import sync_project
from test_ledger_interleaving import _final_copy, _same_state
from webfixtures import add_token, run_server

_spec = importlib.util.spec_from_file_location("load", Path(__file__).parent.parent / "benchmarks" / "load.py")
load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(load)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEPARTMENTS = 3  # each uploads its own committee agreement
ROUNDS = 2  # ... twice, a new version each time
EXIT_LOCKED = 3


def _cli_syncs(project: Path, url: str, stop: threading.Event, results: list) -> None:
    """`roedtraad sync` again and again, without waiting for the lock, until the uploads are done."""
    command = [sys.executable, "-m", "roedtraad", "sync", "-p", str(project), "--db", url, "--format", "json"]
    while not stop.is_set() or not results:
        results.append(subprocess.run(command, capture_output=True, text=True, timeout=300))


def test_cli_syncs_racing_the_services_uploads_lose_nothing_and_end_as_a_clean_sync(demo_project, ledger_url):
    files = dict(list(load.department_files(demo_project).items())[:DEPARTMENTS])
    tokens = {party: add_token(demo_project, party=party, db_url=ledger_url) for party in files}
    originals = {party: path.read_bytes() for party, path in files.items()}
    with run_server(demo_project, db_url=ledger_url) as server:
        clients = {party: server.client(token) for party, token in tokens.items()}

        def upload(job: tuple[str, int]) -> dict:
            party, n = job
            data = load.new_version(originals[party], n)
            answer = clients[party].post("/api/submissions", files={"file": (f"{party}.xlsx", data, XLSX)})
            return {"party": party, "sha256": hashlib.sha256(data).hexdigest(), "code": answer.status_code,
                    "body": answer.text}

        stop, runs = threading.Event(), []
        racer = threading.Thread(target=_cli_syncs, args=(demo_project, ledger_url, stop, runs))
        racer.start()
        try:
            jobs = [(party, n) for n in range(ROUNDS) for party in files]
            with ThreadPoolExecutor(DEPARTMENTS) as pool:
                answers = list(pool.map(upload, jobs))
        finally:
            stop.set()
            racer.join(timeout=300)
            for client in clients.values():
                client.close()
        server_log = server.output()

    assert all(a["code"] == 201 for a in answers), [(a["code"], a["body"][:300]) for a in answers]
    assert runs
    print("\nCLI syncs:", sorted(r.returncode for r in runs))
    for run in runs:
        assert run.returncode in (0, EXIT_LOCKED), run.stderr
        if run.returncode == EXIT_LOCKED:
            line = run.stderr.strip()
            assert line.startswith("Fejl: Ledgeren er optaget: roedtraad ") and " siden " in line, line
            assert "Traceback" not in run.stderr
    assert load.check_recorded(demo_project, answers, ledger_url) == []
    assert "Traceback" not in server_log

    project = Project.open(demo_project)
    ledger = open_ledger(project, ledger_url)
    try:
        last = sync_project(project, ledger, settle=0)
        clean, clean_ledger = _final_copy(SimpleNamespace(root=project.root, ledger=ledger),
                                          demo_project.parent / "ren")
        try:
            _same_state(project, ledger, clean, clean_ledger, last, sync_project(clean, clean_ledger, settle=0))
        finally:
            clean_ledger.close()
    finally:
        ledger.close()
