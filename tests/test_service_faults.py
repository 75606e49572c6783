"""The service under load and under awkward clients (issue 15, section 4), on a real uvicorn on 127.0.0.1.

The load test is benchmarks/load.py, run small: every accepted upload must be in the
ledger and the archive afterwards. Tokens (bad, revoked, another party's), size and
type limits are tested in test_web_api.py; here: slow clients, hostile file names.
"""
from __future__ import annotations

import importlib.util
import socket
import time
from pathlib import Path

from test_web_api import POB, XLSX, corrected_pob, sync

_spec = importlib.util.spec_from_file_location("load", Path(__file__).parent.parent / "benchmarks" / "load.py")
load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(load)


def test_concurrent_uploads_and_status_requests_lose_nothing(live_server, party_token, finance_token, tmp_path):
    sync(live_server.project)
    files = load.department_files(live_server.project)
    parties = sorted(files)[:4]
    tokens = {party: party_token(party) for party in parties}
    figures = load.run_load(live_server.url, tokens, {p: files[p] for p in parties}, uploads=8, status=24,
                            concurrency=4, status_token=finance_token)
    assert figures["status"]["codes"] == {"200": 24}
    accepted = [a for a in figures["answers"] if a["code"] in (201, 202)]
    # A department's upload waits for the ledger's lock while another is taken in; past half a
    # minute it is told to try again (503): never lost, never half taken in.
    assert set(figures["upload"]["codes"]) <= {"201", "202", "503"} and len(accepted) >= 4, figures["upload"]
    assert load.check_recorded(live_server.project, figures["answers"]) == []
    assert figures["upload"]["p50_ms"] > 0 and figures["status"]["p99_ms"] >= figures["status"]["p50_ms"]


def test_a_slow_upload_does_not_hold_up_anyone_else(live_server, finance_token):
    host, port = live_server.url.removeprefix("http://").split(":")
    slow = socket.create_connection((host, int(port)))
    try:
        slow.sendall(b"POST /api/submissions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + finance_token.encode()
                     + b"\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 5000000\r\n\r\n--b\r\n")
        with live_server.client(finance_token) as http:
            for _ in range(3):
                slow.sendall(b"x" * 10)  # a trickle
                started = time.monotonic()
                assert http.get("/api/status").status_code == 200
                assert time.monotonic() - started < 10
    finally:
        slow.close()
    with live_server.client() as http:
        assert http.get("/api/health").json()["status"] == "ok"


def test_path_like_very_long_and_control_character_file_names_never_become_paths(live_server, party_token):
    sync(live_server.project)
    project = live_server.project
    before = {p for p in project.parent.rglob("*") if p.is_file()}
    token = party_token("POB")
    names = ["../" * 40 + "etc/passwd.xlsx", "..\\..\\windows\\system32\\x.xlsx", "a" * 900 + ".xlsx",
             "ny\nlinje\r\x00/CON.xlsx", "b" * 20000 + ".xlsx"]
    with live_server.client(token) as http:
        for n, name in enumerate(names):
            data = load.new_version(corrected_pob(project), n)
            answer = http.post("/api/submissions", files={"file": (name, data, XLSX)})
            if len(name) > 10000:  # the multipart parser refuses a header this long: a clean 400
                assert answer.status_code == 400, answer.text[:200]
                continue
            assert answer.status_code == 201, (name[:40], answer.text[:200])
            assert answer.json()["file"] == POB  # the party's own file, whatever the upload was called
        assert http.get("/api/status").status_code == 200
    after = {p for p in project.parent.rglob("*") if p.is_file()}
    new = {p.relative_to(project.parent).as_posix() for p in after - before}
    assert all(path.startswith("kommune/") for path in new), new
    # archive names are content hashes (hex), so look for the clients' words, not for short runs of letters
    client_words = ("passwd", "system32", "a" * 64, "linje", "CON.xlsx")
    assert not any(word in path for word in client_words for path in new), new
