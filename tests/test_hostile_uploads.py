"""The hostile corpus through the upload endpoint of a real uvicorn on 127.0.0.1.

The server's address space is capped (prlimit) as the CLI runs are: every bad
file is refused with its reason and, where the sync path read it, its one finding;
nothing reaches the share; the server keeps answering; a good upload still lands.
"""
from __future__ import annotations

import hashlib
import resource
import time

import pytest
from test_bad_files import _encrypted_workbook
from test_sniff import cfb_with_stream
from test_web_api import POB, XLSX, corrected_pob, sync

import corpus

MEMORY_CAP = 3 << 30
PER_UPLOAD_SECONDS = 30


@pytest.fixture
def capped_server(live_server):
    resource.prlimit(live_server.process.pid, resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    return live_server


def test_every_bad_file_is_refused_with_its_finding_and_the_share_is_untouched(capped_server, finance_token):
    project = capped_server.project
    sync(project)  # the share as the ledger knows it: an upload then replaces the party's own file
    valid = (project / POB).read_bytes()
    assert corpus.part(valid, corpus.GOALS_PART).count(b"<row") > 3  # the generator's goals sheet
    cases = [(name, make(valid), code) for name, make, code in corpus.UNREADABLE]
    cases += [("gammel.xlsx", cfb_with_stream("Workbook"), "structure.not-xlsx"),
              ("laast.xlsx", _encrypted_workbook(), "structure.password-protected")]
    share = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (project / "indsendelser").rglob("*.xlsx")}
    with capped_server.client(finance_token) as http:
        for name, data, code in cases:
            started = time.monotonic()
            answer = http.post("/api/submissions", files={"file": (name, data, XLSX)}, headers={"Accept-Language": "en"})
            assert time.monotonic() - started < PER_UPLOAD_SECONDS, name
            assert answer.status_code in (413, 415, 422), (name, answer.status_code, answer.text[:300])
            body = answer.json()
            assert body["detail"] and "Traceback" not in answer.text and "Calamine" not in answer.text
            if body.get("answer"):  # read by the sync path: the ledger's record with the one finding
                assert [f["code"] for f in body["answer"]["findings"]] == [code], name
        assert http.get("/api/health").json()["status"] == "ok"
        after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (project / "indsendelser").rglob("*.xlsx")}
        assert after == share  # no bad file reached the share, no valid one was touched
        good = http.post("/api/submissions", files={"file": ("pob.xlsx", corrected_pob(project), XLSX)})
        assert good.status_code == 201 and good.json()["status"] == "accepted", good.text[:300]
    assert capped_server.process.poll() is None
    assert "Traceback" not in capped_server.output()
