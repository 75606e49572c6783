"""Page details checked in-process (the socket-level behaviour is in test_web_api and test_web_browser)."""
from __future__ import annotations

from fastapi.testclient import TestClient
from webfixtures import add_token

from roedtraad.service import create_service
from roedtraad.web.routers import pages


def test_the_findings_page_shows_a_bounded_number_of_rows_and_says_so(demo_project, monkeypatch):
    monkeypatch.setattr(pages, "PAGE_ROWS", 3)
    token = add_token(demo_project, finance="Økonomi")
    with TestClient(create_service(demo_project), headers={"Authorization": f"Bearer {token}"}) as http:
        total = len(http.get("/api/findings").json())
        html = http.get("/findings").text
    assert total > 3
    assert html.count("<tr class=") == 3 and f"af {total}; filtrér for at se resten" in html


def test_a_budget_chart_scales_each_committee_to_its_largest_amount():
    from roedtraad.tables import BudgetRow

    rows = [BudgetRow(committee="BUU", appropriation="41", year=2027, frame=1000.0, allocated=1100.0, state="above"),
            BudgetRow(committee="BUU", appropriation="42", year=2027, frame=500.0, allocated=0.0, state="below"),
            BudgetRow(committee="SOU", appropriation="51", year=2027, frame=None, allocated=10.0, state="no-frame")]
    charts = pages.budget_chart(rows, width=110)
    assert [c["committee"] for c in charts] == ["BUU", "SOU"]
    buu = charts[0]["bars"]
    assert (buu[0]["frame_width"], buu[0]["allocated_width"]) == (100.0, 110.0)
    assert (buu[1]["frame_width"], buu[1]["allocated_width"]) == (50.0, 0.0)
    assert (charts[1]["bars"][0]["frame_width"], charts[1]["bars"][0]["allocated_width"]) == (0.0, 110.0)


def test_a_swedish_municipality_gets_its_dashboard_in_swedish(tmp_path):
    from roedtraad.scaffold import init_project

    project = init_project(tmp_path / "kommun", preset="se-styrsystem", demo_scale=9)
    token = add_token(project.root, finance="Ekonomi")
    with TestClient(create_service(project.root), headers={"Authorization": f"Bearer {token}"}) as http:
        thread = http.get("/thread").text
        goals = http.get("/api/goals").json()
        budget = http.get("/api/budget").json()
    assert "<h1>Röda tråden</h1>" in thread and goals and budget
    top = project.settings.ordered_levels()[0]
    assert any(g["level"] == top.key and g["level_label"] == top.labels.sv for g in goals)
