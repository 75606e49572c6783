"""The dashboard in headless Chromium against a real uvicorn: log in, read the figures, click the red thread."""
from __future__ import annotations

import io
import re
import time

import openpyxl
import pytest
from test_web_api import POB, corrected_pob, status_json, sync, upload

pytestmark = pytest.mark.usefixtures("chromium")


def log_in(page, server, token: str, path: str = "/") -> None:
    page.goto(f"{server.url}{path}")
    assert "/login" in page.url
    page.fill("input[name=token]", token)
    page.click("form.login button[type=submit]")
    page.wait_for_url(re.compile(re.escape(server.url + path) + r"(\?.*)?$"))


def test_finance_sees_the_demos_figures_and_clicks_into_the_red_thread(live_server, finance_token, browser_page,
                                                                       artefacts):
    sync(live_server.project)
    expected = status_json(live_server.project)
    page = browser_page
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    log_in(page, live_server, finance_token)
    assert page.inner_text("#who").startswith("Økonomi")
    for state, count in expected["counts"].items():
        assert page.inner_text(f"[data-count='{state}']") == str(count), state
    rows = page.query_selector_all("table.status tbody tr")
    assert len(rows) == len(expected["parties"])
    shown = {(r.get_attribute("data-party"), r.get_attribute("data-kind")): r.get_attribute("data-state") for r in rows}
    assert shown == {(p["party"], p["kind"]): p["state"] for p in expected["parties"]}
    page.screenshot(path=artefacts / "status-finance.png", full_page=True)

    page.click("nav >> text=Den røde tråd")
    page.wait_for_url(f"{live_server.url}/thread")
    objective = page.locator("#tree > li > details").first
    child = objective.locator(":scope > ul > li > details > summary").first
    assert not child.is_visible()
    objective.locator(":scope > summary").click()
    assert child.is_visible()
    child.click()
    page.screenshot(path=artefacts / "thread-finance.png", full_page=True)

    page.click("nav >> text=Budget og rammer")
    assert page.locator("table.budget tr.above").count() == 1
    assert page.locator(".chart svg rect.allocated.above").count() == 1
    page.screenshot(path=artefacts / "budget-finance.png", full_page=True)

    page.click("nav >> text=Bemærkninger")
    page.select_option("select[name=severity]", "error")
    page.select_option("select[name=committee]", "KPU")
    page.click("#finding-filters button")
    # count() does not wait: under load it once counted the filtered page before it had loaded.
    page.wait_for_url(re.compile(r".*/findings\?.*committee=KPU.*"))
    assert page.locator("table.findings tbody tr").count() == 1
    assert "Handlinger!B8" in page.inner_text("table.findings td.where")
    page.screenshot(path=artefacts / "findings-finance.png", full_page=True)

    page.click("nav >> text=Indsendelser")
    page.select_option("select[name=committee]", "KPU")
    page.click("#status-filters button")
    assert {r.get_attribute("data-party") for r in page.query_selector_all("table.status tbody tr")} == {"KLI", "POB"}
    assert [url for url in asked if not url.startswith(live_server.url)] == []  # nothing from the internet


def test_a_party_sees_only_its_own_rows_and_uploads_its_correction(live_server, party_token, browser_page, artefacts,
                                                                   tmp_path):
    sync(live_server.project)
    page = browser_page
    log_in(page, live_server, party_token("POB"))
    assert page.inner_text("#who") == "Part: POB"
    parties = {r.get_attribute("data-party") for r in page.query_selector_all("table.status tbody tr")}
    assert parties == {"POB"}
    assert page.locator("nav >> text=Budget og rammer").count() == 0
    assert page.goto(f"{live_server.url}/budget").status == 403
    page.goto(f"{live_server.url}/findings")
    assert page.locator("table.findings tbody tr").count() >= 1
    assert all("POB" in t for t in page.locator("table.findings td:last-child").all_inner_texts())

    corrected = tmp_path / "Udvalgsaftale_KPU_POB.xlsx"
    corrected.write_bytes(corrected_pob(live_server.project))
    page.click('nav >> text="Indsend"')
    page.set_input_files("input[type=file]", str(corrected))
    page.click("form.login button[type=submit]")
    assert "Fejl: 0" in page.inner_text("#upload-done")
    page.screenshot(path=artefacts / "upload-party.png", full_page=True)
    page.goto(f"{live_server.url}/findings?severity=error")
    assert page.locator("table.findings tbody tr").count() == 0


def test_goal_text_from_a_submission_is_shown_as_text(live_server, party_token, finance_token, browser_page, artefacts):
    book = openpyxl.load_workbook(live_server.project / POB)
    book["Mål"]["B4"] = '<script>window.hacked = 1</script><img src=x onerror="window.hacked = 2">'
    buffer = io.BytesIO()
    book.save(buffer)
    sync(live_server.project)
    with live_server.client(party_token("POB")) as http:
        assert upload(http, buffer.getvalue()).status_code == 201
    page = browser_page
    log_in(page, live_server, finance_token, "/thread")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.get_by_text("<script>window.hacked = 1</script>", exact=False).count() >= 1
    assert page.evaluate("window.hacked === undefined")
    page.screenshot(path=artefacts / "thread-escaped.png")


def test_the_dashboard_reloads_itself_after_an_upload(live_server, finance_token, party_token, browser_page):
    sync(live_server.project)
    page = browser_page
    log_in(page, live_server, finance_token, "/findings")
    fixed = page.locator("table.findings tr[data-code='thread.action-without-goal']")
    assert fixed.count() == 1
    with live_server.client(party_token("POB")) as http:
        assert upload(http, corrected_pob(live_server.project)).status_code == 201
    deadline = time.monotonic() + 20  # the page polls every 4 s; the CSP forbids waiting with an injected script
    while fixed.count() != 0:
        assert time.monotonic() < deadline, "the page did not reload after the upload"
        page.wait_for_timeout(250)


def test_the_dashboard_speaks_swedish_and_english_on_request(live_server, finance_token, browser_page):
    page = browser_page
    log_in(page, live_server, finance_token, "/thread")
    page.click("header .langs >> text=sv")
    assert page.inner_text("h1") == "Röda tråden"
    page.goto(f"{live_server.url}/thread")  # the choice is remembered
    assert page.inner_text("h1") == "Röda tråden"
    page.goto(f"{live_server.url}/thread?lang=en")
    assert page.inner_text("h1") == "Red thread"


def test_the_interactive_api_docs_render_from_the_vendored_swagger_ui(live_server, browser_page, artefacts):
    page = browser_page
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{live_server.url}/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    assert "roedtraad" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock-summary-path[data-path='/api/submissions']").count() >= 1
    assert [url for url in asked if not url.startswith(live_server.url)] == []
    page.screenshot(path=artefacts / "api-docs.png")
