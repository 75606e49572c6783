"""The add-in against a real `roedtraad serve` (uvicorn on 127.0.0.1): the endpoints over the socket, and the
task pane in headless Chromium with Office.js replaced by a fake that records what the pane asks Excel to do."""
from __future__ import annotations

import base64
import io
import json
import time
import zipfile
from pathlib import Path

import pytest
from addin_helpers import client_actions
from officejs_payload import payload_from_xlsx
from test_web_api import sync

from roedtraad.addin.actions import ERROR_COLOUR, FINDINGS_SHEET, WARNING_COLOUR
from roedtraad.project import Project
from roedtraad.workbook_templates.read import read_submission

FAKE_OFFICE = Path(__file__).with_name("fake_office.js")


def committee_file_with_errors(project_dir: Path) -> tuple[Path, str]:
    """A demo committee agreement the validator finds errors in, and its department (the party that hands it in)."""
    project = Project.open(project_dir)
    from roedtraad.validators.engine import validate_project
    result = validate_project(project)
    errors = {f.file for f in result.findings if f.severity.value == "error" and f.cell}
    for path in project.submission_files():
        label = path.relative_to(project_dir).as_posix()
        if path.name.startswith("Udvalgsaftale") and label in errors:
            submission, _ = read_submission(path, project.settings)
            return path, submission.header.department
    raise AssertionError("the demo has no committee agreement with errors")


def test_validate_endpoint_over_the_socket(live_server, party_token):
    path, party = committee_file_with_errors(live_server.project)
    payload = payload_from_xlsx(path)
    with live_server.client() as anonymous:
        assert anonymous.post("/addin/validate", json=payload).status_code == 401
        page = anonymous.get("/addin/taskpane.html?lang=sv")
        assert page.status_code == 200 and "Röda tråden" in page.text and "http" not in page.text.split("<body>")[0]
        policy = page.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'self' https://*.officeapps.live.com" in policy
        assert anonymous.get("/addin/static/vendor/office-js/16.0.20308.15050/dist/office.js").status_code == 200
        assert anonymous.get("/addin/static/vendor/xlwings-server/1.20.0/LICENSE.md").status_code == 200
        assert anonymous.get("/addin/static/%2e%2e/router.py").status_code == 404
        assert anonymous.get("/addin/manifest.xml").status_code == 400  # plain http: Office needs https
        wheel = anonymous.get("/addin/lite/roedtraad-0.1.0-py3-none-any.whl")
        assert "roedtraad/addin/check.py" in zipfile.ZipFile(io.BytesIO(wheel.content)).namelist()
    with live_server.client(party_token(party)) as http:
        answer = http.post("/addin/validate?lang=da", json=payload)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["errors"] >= 1 and body["findings"]
    assert {a["func"] for a in body["actions"]} <= client_actions()
    sheets = [s["name"] for s in payload["sheets"]]
    coloured = {(sheets[a["sheet_position"]], a["start_row"], a["start_column"]) for a in body["actions"]
                if a["func"] == "setRangeColor" and a["args"][0] in (ERROR_COLOUR, WARNING_COLOUR)}
    assert len(coloured) == len({(f["sheet"], f["cell"]) for f in body["findings"]
                                 if f["cell"] and f["severity"] in ("error", "warning")})


@pytest.fixture
def pane(live_server, browser_page):
    """The task pane with the fake Office.js, on the given workbook file (set before opening)."""
    def open_pane(path: Path, protected: set[str], lang: str = "da") -> object:
        payload = payload_from_xlsx(path)
        fake_book = {"name": path.name, "url": f"C:\\Aftaler\\{path.name}",
                     "file": base64.b64encode(path.read_bytes()).decode(),
                     "sheets": [{"name": s["name"], "values": s["values"], "protected": s["name"] in protected}
                                for s in payload["sheets"]]}
        page = browser_page
        page.set_viewport_size({"width": 380, "height": 620})  # a task pane's size
        page.add_init_script(f"window.__fakeBook = {json.dumps(fake_book)};")
        page.route("**/dist/office.js", lambda route: route.fulfill(
            body=FAKE_OFFICE.read_text(encoding="utf-8"), content_type="text/javascript"))
        page.goto(f"{live_server.url}/addin/taskpane.html?lang={lang}")
        return page
    return open_pane


def wait_until(page, expression: str, seconds: float = 60) -> None:
    """Poll `expression` in the page (the service's CSP forbids eval, which page.wait_for_function uses)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(100)


def excel_log(page) -> list[dict]:
    return page.evaluate("window.__excelLog")


def test_the_pane_validates_selects_and_hands_in_against_a_real_service(live_server, party_token, pane, artefacts):
    path, party = committee_file_with_errors(live_server.project)
    token = party_token(party)
    page = pane(path, protected={"Mål", "Budget"})
    # The token is asked for once and kept in the add-in's storage.
    page.wait_for_selector("#token-box:not([hidden])")
    page.fill("#token", token)
    page.click("#save-token")
    assert page.evaluate("localStorage.getItem('roedtraad.token')") == token
    page.screenshot(path=artefacts / "addin-taskpane-start.png", full_page=True)

    page.click("#validate")
    page.wait_for_selector("#status.errors, #status.warnings, #status.ok")
    log = excel_log(page)
    items = page.locator("#findings li")
    assert items.count() >= 1
    coloured = {(e["sheet"], e["address"]) for e in log if e["op"] == "color"}
    shown = {tuple(items.nth(i).locator(".where").inner_text().split("!")) for i in range(items.count())}
    assert {c for c in shown if len(c) == 2} <= coloured
    assert {"op": "addSheet", "sheet": FINDINGS_SHEET("da")} in log
    # Protection was lifted for the actions and put back on exactly the protected sheets.
    assert sorted(e["sheet"] for e in log if e["op"] == "unprotect") == ["Budget", "Mål"]
    assert sorted(e["sheet"] for e in log if e["op"] == "protect") == ["Budget", "Mål"]
    assert max(i for i, e in enumerate(log) if e["op"] == "unprotect") < min(
        i for i, e in enumerate(log) if e["op"] in ("color", "values"))
    page.screenshot(path=artefacts / "addin-taskpane-validated.png", full_page=True)

    first = next(i for i in range(items.count()) if "!" in items.nth(i).locator(".where").inner_text())
    sheet, cell = items.nth(first).locator(".where").inner_text().split("!")
    items.nth(first).click()
    wait_until(page, "window.__excelLog.some(e => e.op === 'select')")
    assert {"op": "select", "sheet": sheet, "address": cell} in excel_log(page)

    # "Valider" again: the findings sheet is refreshed, not added twice.
    page.click("#validate")
    wait_until(page, "window.__excelLog.filter(e => e.op === 'unprotect').length === 4")
    page.wait_for_selector("#status.errors, #status.warnings, #status.ok")
    assert sum(1 for e in excel_log(page) if e["op"] == "addSheet") == 1

    sync(live_server.project)  # the files on the share are in the ledger, as after the nightly sync
    with live_server.client(token) as http:
        before = http.get(f"/api/submissions/{party}").json()["versions"]
    assert before
    page.click("#submit")
    wait_until(page, "document.querySelector('#status').textContent.includes('indsendt')")
    log = excel_log(page)
    assert any(e["op"] == "getFileAsync" and e["type"] == "compressed" for e in log)
    assert any(e["op"] == "closeFile" for e in log)
    with live_server.client(token) as http:
        after = http.get(f"/api/submissions/{party}").json()["versions"]
    assert len(after) == len(before) + 1, (before, after)
    assert page.locator("#findings li").count() >= 1
    page.screenshot(path=artefacts / "addin-taskpane-submitted.png", full_page=True)


def test_submission_text_is_shown_as_text_never_as_html(live_server, party_token, pane):
    path, party = committee_file_with_errors(live_server.project)
    page = pane(path, protected=set())
    page.evaluate(f"localStorage.setItem('roedtraad.token', {json.dumps(party_token(party))})")
    page.reload()
    # A finding whose message carries markup from a cell: rendered as text.
    page.evaluate("""
      const sheet = window.__fakeBook.sheets.find(s => s.name === 'Budget');
    """)
    page.route("**/addin/validate*", lambda route: route.fulfill(json={
        "actions": [], "errors": 1, "warnings": 0, "infos": 0, "message": "<b>x</b>",
        "findings": [{"severity": "error", "code": "cell.wrong-type", "title": "t", "sheet": "Budget", "cell": "C4",
                      "row_id": "", "message": "'<img src=x onerror=alert(1)>' er ikke et tal", "hint": "<i>h</i>"}]}))
    page.click("#validate")
    page.wait_for_selector("#findings li")
    assert page.locator("#findings img").count() == 0 and page.locator("#status b").count() == 0
    assert "<img src=x onerror=alert(1)>" in page.inner_text("#findings li .message")


def test_the_pane_speaks_swedish(live_server, party_token, pane, artefacts):
    path, party = committee_file_with_errors(live_server.project)
    page = pane(path, protected={"Mål"}, lang="sv")
    page.fill("#token", party_token(party))
    page.click("#save-token")
    assert page.inner_text("#validate") == "Validera" and page.inner_text("#submit") == "Skicka in"
    page.click("#validate")
    page.wait_for_selector("#status.errors, #status.warnings, #status.ok")
    assert "fel och" in page.inner_text("#status")
    assert {"op": "addSheet", "sheet": FINDINGS_SHEET("sv")} in excel_log(page)
    page.screenshot(path=artefacts / "addin-taskpane-validated-sv.png", full_page=True)


def test_the_guides_show_the_panes_the_browser_test_takes():
    """docs/addin-guide.*.md use the screenshots this module's browser tests save (copied into docs/images)."""
    import re
    docs = Path(__file__).resolve().parents[1] / "docs"
    for guide in ("addin-guide.da.md", "addin-guide.sv.md"):
        images = re.findall(r"\]\((images/[^)]+)\)", (docs / guide).read_text(encoding="utf-8"))
        assert images, guide
        for image in images:
            assert (docs / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", image
            assert Path(image).name in Path(__file__).read_text(encoding="utf-8"), image


def test_after_a_sync_the_basis_is_the_ledgers_current_versions(demo_project):
    from roedtraad.addin.check import basis_from_result, ledger_basis
    from roedtraad.sync.ledger import open_ledger
    from roedtraad.validators.engine import validate_project

    project = Project.open(demo_project)
    ledger = open_ledger(project)
    assert ledger_basis(project, ledger) is None  # nothing taken in yet
    sync(demo_project)
    basis = ledger_basis(project, ledger)
    files = basis_from_result(validate_project(project), project.settings)
    assert [g.id for g in basis.foundation.goals] == [g.id for g in files.foundation.goals]
    key = lambda s: (s.kind, s.header.department, tuple(s.header.institutions))  # noqa: E731
    assert sorted(map(key, basis.others)) == sorted(map(key, files.others))
    path, _ = committee_file_with_errors(demo_project)
    from roedtraad.addin.validate import answer_payload
    by_ledger = answer_payload(payload_from_xlsx(path), basis, "da")
    by_files = answer_payload(payload_from_xlsx(path), files, "da")
    assert by_ledger.findings == by_files.findings and by_ledger.actions == by_files.actions


def test_handing_in_another_partys_workbook_is_refused_in_the_pane(live_server, party_token, pane):
    path, party = committee_file_with_errors(live_server.project)
    other = next(p for p in ("SKO", "POB", "HR", "OKO", "FAU", "JOB") if p != party)
    page = pane(path, protected=set())
    page.fill("#token", party_token(other))
    page.click("#save-token")
    page.click("#submit")
    page.wait_for_selector("#status.errors")
    assert page.inner_text("#status").startswith("Det lykkedes ikke:")
