"""The JSON API through a real uvicorn on 127.0.0.1: every endpoint, every access rule, the upload limits."""
from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import openpyxl

from roedtraad.project import Project
from roedtraad.validators.engine import validate_project

POB = "indsendelser/udvalgsaftaler/Udvalgsaftale_KPU_POB.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def corrected_pob(project: Path) -> bytes:
    """POB's committee agreement with its one error fixed: the action points at the agreement's first goal."""
    book = openpyxl.load_workbook(project / POB)
    book["Handlinger"]["B8"] = book["Mål"]["A4"].value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(http, data: bytes, name: str = "Udvalgsaftale_KPU_POB.xlsx"):
    return http.post("/api/submissions", files={"file": (name, data, XLSX)})


def test_health_is_open_and_everything_else_needs_a_valid_token(live_server):
    with live_server.client() as http:
        assert http.get("/api/health").json()["status"] == "ok"
        for path in ("/api/status", "/api/findings", "/api/goals", "/api/budget", "/api/master",
                     "/api/submissions/POB", "/api/changes"):
            answer = http.get(path)
            assert answer.status_code == 401, path
            assert answer.headers["www-authenticate"] == "Bearer"
        assert http.post("/api/submissions", files={"file": ("a.xlsx", b"x", XLSX)}).status_code == 401
    with live_server.client("rt_not-a-token") as http:
        assert http.get("/api/findings").status_code == 401


def test_a_revoked_token_is_refused_at_once(live_server, party_token):
    from roedtraad.sync.ledger import open_ledger
    from roedtraad.sync.tokens import list_tokens, revoke_token

    token = party_token("POB")
    with live_server.client(token) as http:
        assert http.get("/api/findings").status_code == 200
        ledger = open_ledger(Project.open(live_server.project))
        revoke_token(ledger, next(t.id for t in list_tokens(ledger) if t.party == "POB"))
        assert http.get("/api/findings").status_code == 401


def test_finance_sees_every_finding_goal_and_budget_line(live_server, finance_token):
    expected = validate_project(Project.open(live_server.project))
    with live_server.client(finance_token) as http:
        findings = http.get("/api/findings").json()
        assert len(findings) == len(expected.findings)
        assert {f["code"] for f in findings} == {f.code for f in expected.findings}
        goals = http.get("/api/goals").json()
        assert len(goals) == len(expected.graph.goals)
        budget = http.get("/api/budget", params={"year": 2027}).json()
        assert budget and {row["year"] for row in budget} == {2027}
        above = [row for row in budget if row["state"] == "above"]
        assert [(r["committee"], r["appropriation"]) for r in above] == [("ØEU", "11")]
        tree = http.get("/api/goals/tree").json()
        objectives = [node for node in tree if node["goal"]["level"] == "objective"]
        assert objectives and all(node["children"] for node in objectives)
        assert {n["goal"]["id"] for n in objectives} == {g["id"] for g in goals if g["level"] == "objective"}
        served = {p["id"] for node in objectives for p in node["projects"]}
        assert "OKO-P1" in served and "JOB-P1" in served  # issue 14 §3: projects under the objectives they serve
        errors = http.get("/api/findings", params={"severity": "error", "committee": "KPU"}).json()
        assert [(f["code"], f["file"], f["sheet"], f["cell"]) for f in errors] == [
            ("thread.action-without-goal", POB, "Handlinger", "B8")]
        assert http.get("/api/findings", params={"lang": "en"}).json()[0]["title"].isascii()


def test_a_party_reads_only_its_own_data(live_server, party_token):
    token = party_token("POB")
    with live_server.client(token) as http:
        findings = http.get("/api/findings").json()
        assert findings and all("POB" in f["parties"] for f in findings)
        assert http.get("/api/findings", params={"party": "POB"}).status_code == 200
        for path in ("/api/submissions/SKO", "/api/submissions/SKO/workbook", "/api/budget", "/api/master"):
            assert http.get(path).status_code == 403, path
        assert http.get("/api/findings", params={"party": "SKO"}).status_code == 403
        assert "only its own party's data" in http.get("/api/submissions/SKO").json()["detail"]
        assert "for finance's tokens" in http.get("/api/master").json()["detail"]
        goals = http.get("/api/goals").json()
        files = {g["file"] for g in goals}
        assert POB in files and not any("SKO" in f for f in files if f.startswith("indsendelser"))


def test_openapi_is_the_contract_and_docs_load_nothing_from_outside(live_server):
    with live_server.client() as http:
        schema = http.get("/openapi.json").json()
        for path in ("/api/status", "/api/findings", "/api/goals", "/api/budget", "/api/submissions",
                     "/api/submissions/{party}", "/api/master", "/api/health"):
            assert path in schema["paths"], path
        assert "FindingRow" in schema["components"]["schemas"]
        assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
        assert "security" in schema["paths"]["/api/findings"]["get"]
        assert "security" not in schema["paths"]["/api/health"]["get"]
        docs = http.get("/docs").text
        assert "/static/swagger-ui/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
        assert http.get("/static/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_upload_limits_size_content_and_unreadable_workbooks(demo_project):
    from webfixtures import add_token, run_server

    with run_server(demo_project, extra_env={"ROEDTRAAD_MAX_UPLOAD_MB": "0.5"}) as server:
        token = add_token(demo_project, party="POB")
        with server.client(token) as http:
            big = upload(http, b"PK\x03\x04" + b"\0" * (600 * 1024))
            assert big.status_code == 413
            pdf = upload(http, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" * 20, "budget.xlsx")
            assert pdf.status_code == 415 and "Excel" in pdf.json()["detail"]
            xls = upload(http, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000, "gammel.xlsx")
            assert xls.status_code == 422 and ".xls" in xls.json()["detail"]
            whole = (demo_project / POB).read_bytes()
            truncated = upload(http, whole[: len(whole) // 2])
            assert truncated.status_code == 422 and "beskadiget" in truncated.json()["detail"]
            word = io.BytesIO()
            with zipfile.ZipFile(word, "w") as z:
                z.writestr("[Content_Types].xml", "<Types><Override ContentType='wordprocessingml'/></Types>")
                z.writestr("word/document.xml", "<document/>")
            assert upload(http, word.getvalue(), "rapport.xlsx").status_code == 415
            plain = io.BytesIO()
            openpyxl.Workbook().save(plain)
            foreign = upload(http, plain.getvalue(), "mit eget ark.xlsx")
            assert foreign.status_code == 422 and foreign.json()["answer"]["status"] == "rejected"
            assert foreign.json()["detail"]


def sync(project: Path, db_url: str | None = None):
    from roedtraad.sync.ledger import open_ledger
    from roedtraad.sync.run import sync_project

    return sync_project(Project.open(project), open_ledger(Project.open(project), db_url), settle=0)


def until(get, ok, timeout: float = 60.0):
    """Poll `get()` until `ok(value)` (the background sync after an upload); the last value otherwise."""
    deadline = time.monotonic() + timeout
    value = get()
    while not ok(value) and time.monotonic() < deadline:
        time.sleep(0.2)
        value = get()
    return value


def status_json(project: Path) -> dict:
    from click.testing import CliRunner

    from roedtraad.cli import main

    result = CliRunner().invoke(main, ["status", "-p", str(project), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def test_status_is_the_cli_json_for_finance_and_the_own_rows_for_a_party(live_server, finance_token, party_token):
    sync(live_server.project)
    expected = status_json(live_server.project)
    with live_server.client(finance_token) as http:
        assert http.get("/api/status").json() == expected
    with live_server.client(party_token("DAG")) as http:
        mine = http.get("/api/status").json()
    assert {row["party"] for row in mine["parties"]} == {"DAG", "DAG001", "DAG002"}
    assert mine["rejected"] == [] and sum(mine["counts"].values()) == len(mine["parties"])
    assert [r for r in expected["parties"] if r["party"] in {"DAG", "DAG001", "DAG002"}] == mine["parties"]


def test_a_party_uploads_its_corrected_workbook_and_the_master_follows(live_server, party_token, finance_token):
    sync(live_server.project)
    token = party_token("POB")
    with live_server.client(finance_token) as http:
        before = http.get("/api/findings", params={"party": "POB"}).json()
        assert "thread.action-without-goal" in {f["code"] for f in before}
        master_before = http.get("/api/master")
        assert master_before.status_code == 200
    with live_server.client(token) as http:
        answer = upload(http, corrected_pob(live_server.project), "../../../etc/Udvalgsaftale POB.xlsx")
        assert answer.status_code == 201, answer.text
        body = answer.json()
        assert body["status"] == "accepted" and body["party"] == "POB" and body["errors"] == 0
        assert body["filename"] == "../../../etc/Udvalgsaftale POB.xlsx"  # kept as text
        assert "thread.action-without-goal" not in {f["code"] for f in body["findings"]}
        assert not (live_server.project.parent.parent / "etc").exists()
        after = http.get("/api/findings").json()
        assert "thread.action-without-goal" not in {f["code"] for f in after}
        every = http.get("/api/submissions/POB").json()["versions"]
        versions = [v for v in every if v["kind"] == "committee_agreement"]
        assert versions[-1]["version"] == body["version"] and versions[-1]["sender"]
        assert len(versions) == 2 and versions[0]["status"] == "accepted"
        assert [v["agreement"] for v in every if v["kind"] == "project_register"] == ["Projektregister"]
        agreement = http.get("/api/submissions/POB/workbook")
        assert agreement.status_code == 200 and "committee_agreement" in agreement.headers["content-disposition"]
        register = http.get("/api/submissions/POB/workbook", params={"kind": "project_register"})
        assert register.status_code == 200 and register.content != agreement.content
        assert http.get("/api/submissions/POB/workbook", params={"kind": "nothing"}).status_code == 404
    with live_server.client(finance_token) as http:
        # The answer came once the version was taken in; the master follows in the background.
        master = until(lambda: http.get("/api/master"), lambda m: m.content != master_before.content)
        assert http.get("/api/submissions/POB").json()["versions"][-1]["version"] == body["version"]
        own = http.get("/api/submissions/POB/workbook")
        assert own.status_code == 200 and own.headers["content-type"] == XLSX
        assert openpyxl.load_workbook(io.BytesIO(own.content))["Handlinger"]["B8"].value is not None
    assert master.status_code == 200 and master.content != master_before.content
    book = openpyxl.load_workbook(io.BytesIO(master.content), read_only=True)
    text = "\n".join(str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)
    assert "thread.action-without-goal" not in text and "POB" in text


def test_a_party_cannot_upload_another_partys_workbook(live_server, party_token):
    sync(live_server.project)
    data = (live_server.project / "indsendelser/udvalgsaftaler/Udvalgsaftale_BUU_SKO.xlsx").read_bytes()
    with live_server.client(party_token("POB")) as http:
        answer = upload(http, data, "Udvalgsaftale_BUU_SKO.xlsx")
    assert answer.status_code == 403, answer.text
    assert answer.json()["answer"]["status"] == "rejected"
    assert (live_server.project / "indsendelser/udvalgsaftaler/Udvalgsaftale_BUU_SKO.xlsx").read_bytes() == data


def test_the_session_cookie_is_httponly_strict_and_secure_behind_tls(live_server, party_token):
    token = party_token("POB")
    with live_server.client() as http:
        wrong = http.post("/login", data={"token": "rt_wrong", "next": "/"})
        assert wrong.status_code == 401 and "set-cookie" not in wrong.headers
        plain = http.post("/login", data={"token": token, "next": "//evil.example/"}, follow_redirects=False)
        assert plain.status_code == 303 and plain.headers["location"] == "/"
        cookie = plain.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
        behind_proxy = http.post("/login", data={"token": token, "next": "/thread"}, follow_redirects=False,
                                 headers={"X-Forwarded-Proto": "https"})
        assert "Secure" in behind_proxy.headers["set-cookie"] and behind_proxy.headers["location"] == "/thread"
    with live_server.client(cookies={"roedtraad_session": token}) as http:
        assert http.get("/api/findings").status_code == 200  # the dashboard's polling rides on the cookie
        assert http.get("/", follow_redirects=False).status_code == 200
    with live_server.client() as http:
        assert http.get("/findings", follow_redirects=False).headers["location"] == "/login?next=/findings"
