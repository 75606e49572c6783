"""The follow-up page /opfoelgning and its JSON twin /api/followup over a real uvicorn: the same
counts as `roedtraad report --checkpoint`, finance only, and in headless Chromium."""
from __future__ import annotations

import re

import pytest
from test_web_browser import log_in

from roedtraad.followup.report import follow_up_report
from roedtraad.project import Project
from roedtraad.validators.engine import validate_project

CHECKPOINTS = ["Halvårsopfølgning 2027", "Årsopfølgning 2027"]


def cli_report(project, checkpoint: str, committee: str | None = None):
    """What `roedtraad report --checkpoint` builds (report_files.write_follow_up_report), without writing files."""
    opened = Project.open(project)
    result = validate_project(opened, committee=committee)
    return follow_up_report(opened.settings, result.foundation, result.submissions, checkpoint,
                            committee=committee, findings=result.findings)


def totals(report) -> dict[str, dict[str, int]]:
    return {level: report.totals(level) for level in sorted({g.level for g in report.goals})}


def test_finance_gets_the_reports_of_both_demo_checkpoints_as_the_cli_computes_them(live_server, finance_token):
    with live_server.client(finance_token) as http:
        default = http.get("/api/followup")
        assert default.status_code == 200, default.text
        assert default.json()["checkpoint"] in CHECKPOINTS
        for checkpoint in CHECKPOINTS:
            answer = http.get("/api/followup", params={"checkpoint": checkpoint})
            assert answer.status_code == 200, answer.text
            body = answer.json()
            expected = cli_report(live_server.project, checkpoint)
            assert body["checkpoint"] == checkpoint and body["date"] == expected.date.isoformat()
            assert body["goals"] == [g.model_dump(mode="json") for g in expected.goals]
            assert len(body["indicators"]) == len(expected.indicators) > 0
            got = {}
            for goal in body["goals"]:
                got.setdefault(goal["level"], {s: 0 for s in ("red", "yellow", "green", "not_measured")})
                got[goal["level"]][goal["overall"]] += 1
            assert got == totals(expected)
        committee = http.get("/api/followup", params={"checkpoint": CHECKPOINTS[1], "committee": "BUU"}).json()
        assert committee["committee"] == "BUU"
        assert committee["goals"] == [g.model_dump(mode="json")
                                      for g in cli_report(live_server.project, CHECKPOINTS[1], "BUU").goals]
        assert http.get("/api/followup", params={"checkpoint": "Ingen sådan"}).status_code == 404
        assert http.get("/api/followup", params={"committee": "XYZ"}).status_code == 404


def test_the_follow_up_report_needs_a_token_and_is_finance_only(live_server, party_token):
    with live_server.client() as http:
        assert http.get("/api/followup").status_code == 401
        assert http.get("/opfoelgning", follow_redirects=False).status_code == 303
    with live_server.client(party_token("POB")) as http:
        assert http.get("/api/followup").status_code == 403
        assert http.get("/opfoelgning").status_code == 403
        assert "/opfoelgning" not in http.get("/").text


@pytest.mark.usefixtures("chromium")
def test_finance_switches_checkpoint_on_the_follow_up_page(live_server, finance_token, browser_page, artefacts):
    page = browser_page
    log_in(page, live_server, finance_token)
    page.click("nav >> text=Opfølgning")
    page.wait_for_url(re.compile(re.escape(f"{live_server.url}/opfoelgning")))
    page.select_option("select[name=checkpoint]", CHECKPOINTS[0])
    page.click("#followup-filters button")
    page.wait_for_url(re.compile(r".*checkpoint=.*"))
    assert page.inner_text("#checkpoint-name") == CHECKPOINTS[0]
    half = cli_report(live_server.project, CHECKPOINTS[0])
    levels = [s.get_attribute("data-level") for s in page.query_selector_all("section.level")]
    assert levels[0] == half.goals[0].level  # council objectives first
    for level, counts in totals(half).items():
        for status, count in counts.items():
            assert page.inner_text(f"section[data-level='{level}'] [data-total='{status}']") == str(count)
    first = half.goals[0]
    badge = page.locator(f"tr[data-goal='{first.id}'] td").nth(1)
    assert badge.inner_text() == {"green": "Grøn", "yellow": "Gul", "red": "Rød", "not_measured": "Ikke målt"}[
        first.overall.value]
    page.screenshot(path=artefacts / "followup-finance.png", full_page=True)

    page.select_option("select[name=checkpoint]", CHECKPOINTS[1])
    page.click("#followup-filters button")
    page.wait_for_function("document.querySelector('#checkpoint-name').innerText === %r" % CHECKPOINTS[1])
    year = cli_report(live_server.project, CHECKPOINTS[1])
    top = year.goals[0].level
    for status, count in year.totals(top).items():
        assert page.inner_text(f"section[data-level='{top}'] [data-total='{status}']") == str(count)
    page.screenshot(path=artefacts / "followup-finance-year.png", full_page=True)
