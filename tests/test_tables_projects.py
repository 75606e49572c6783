"""Issue 14 §3: the red-thread tree shows, under each goal, the strategic projects that serve it, and a party
sees only its own department's projects."""
from __future__ import annotations

from fastapi.testclient import TestClient
from webfixtures import add_token

from roedtraad.project import Project
from roedtraad.service import create_service
from roedtraad.tables import GoalNode, ProjectTables
from roedtraad.validators.engine import validate_project


def demo_tables(root) -> ProjectTables:
    project = Project.open(root)
    return ProjectTables(validate_project(project), project.settings)


def find(tree: list[GoalNode], goal_id: str) -> GoalNode | None:
    for node in tree:
        if node.goal.id == goal_id:
            return node
        if (found := find(node.children, goal_id)) is not None:
            return found
    return None


def test_a_goal_lists_the_demo_projects_that_serve_it(demo_template):
    tables = demo_tables(demo_template)
    graph_ids = [p.id for p in tables.result.graph.projects_serving("M7")]
    m7 = find(tables.goal_tree(), "M7")
    rows = {p.id: p for p in m7.projects}
    assert graph_ids and list(rows) == graph_ids
    assert {"JOB-P1", "YDE-P1", "OKO-P1"} <= set(rows)
    job = rows["JOB-P1"]
    assert (job.department, job.file) == ("JOB", "indsendelser/projektregistre/Projektregister_BEU_JOB.xlsx")
    assert job.name and "JOB" in job.parties
    assert "JOB-P1" not in {p.id for p in find(tables.goal_tree(), "M6").projects}  # only the goal it names


def test_a_party_sees_only_its_own_departments_projects(demo_template):
    tables = demo_tables(demo_template)
    m7 = find(tables.goal_tree(party="JOB"), "M7")
    assert [p.id for p in m7.projects] == ["JOB-P1", "JOB-P2"]
    assert all(p.department == "JOB" for node in tables.goal_tree(party="JOB") for p in node.projects)


def test_the_thread_page_shows_the_projects_under_their_goal(demo_project):
    token = add_token(demo_project, party="JOB")
    with TestClient(create_service(demo_project), headers={"Authorization": f"Bearer {token}"}) as http:
        html = http.get("/thread").text
        english = http.get("/thread", params={"lang": "en"}).text
    assert 'data-project="JOB-P1"' in html and "Projekt</span>" in html
    assert 'data-project="YDE-P1"' not in html
    assert "Project</span>" in english
