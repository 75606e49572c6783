"""The demo municipality's follow-up: `roedtraad report --checkpoint` shows the statuses a hand
count of the demo data gives, for the whole municipality and for one committee."""
from __future__ import annotations

from collections import Counter

import openpyxl
import pytest
from click.testing import CliRunner

from roedtraad.cli import main
from roedtraad.project import Project
from roedtraad.scaffold import init_project
from roedtraad.workbook_templates.read import read_foundation, read_submission

CHECKPOINTS = ("Halvårsopfølgning 2027", "Årsopfølgning 2027")
LABEL = {"green": "grøn", "yellow": "gul", "red": "rød", "not_measured": "ikke målt"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Project:
    return init_project(tmp_path_factory.mktemp("demo") / "kommune", demo_scale=12, seed=5)


def hand_count(project: Project, checkpoint: str, committee: str | None = None) -> dict[str, Counter]:
    """Straight from the written workbooks, without the library's status or roll-up code:
    progress = (actual - baseline) / (target - baseline); green from 1, yellow from 0.5; a goal is
    its worst indicator; a parent the worst of its children and itself (the preset's 'worst')."""
    foundation, _ = read_foundation(project.foundation_path, project.settings)
    committees = {p.id: p.parent for p in foundation.parties}
    submissions = [read_submission(path, project.settings)[0] for path in project.submission_files()]
    submissions = [s for s in submissions if s is not None]
    if committee:
        def committee_of(s):
            return s.header.committee or committees.get(s.header.department)
        submissions = [s for s in submissions if committee_of(s) == committee]
    goals = {}
    for goal in foundation.goals + [g for s in submissions for g in s.goals]:
        goals.setdefault(goal.id, goal)
    rank = {"red": 0, "yellow": 1, "green": 2}
    own: dict[str, str] = {}
    for s in submissions:
        for r in s.results:
            if r.checkpoint != checkpoint or not isinstance(r.actual, float):
                continue
            planned = r.target - r.baseline
            if planned == 0:
                light = "green" if r.actual >= r.target else "red"
            else:
                progress = (r.actual - r.baseline) / planned
                light = "green" if progress >= 1 - 1e-9 else "yellow" if progress >= 0.5 - 1e-9 else "red"
            if r.goal_id not in own or rank[light] < rank[own[r.goal_id]]:
                own[r.goal_id] = light
    children = {goal_id: [] for goal_id in goals}
    for goal_id in sorted(goals):
        for parent in dict.fromkeys(goals[goal_id].parents):
            if parent in children:
                children[parent].append(goal_id)
    overall: dict[str, str] = {}

    def status(goal_id: str) -> str:
        if goal_id not in overall:
            measured = [status(c) for c in children[goal_id]] + [own.get(goal_id, "not_measured")]
            measured = [m for m in measured if m != "not_measured"]
            overall[goal_id] = min(measured, key=rank.get) if measured else "not_measured"
        return overall[goal_id]

    listed = set(goals)
    if committee:
        listed = {g.id for s in submissions for g in s.goals}
        listed |= {g.id for g in foundation.goals if committee in g.owners}
        stack = list(listed)
        while stack:
            for parent in goals[stack.pop()].parents:
                if parent in goals and parent not in listed:
                    listed.add(parent)
                    stack.append(parent)
    counts: dict[str, Counter] = {}
    for goal_id in listed:
        counts.setdefault(goals[goal_id].level, Counter())[status(goal_id)] += 1
    return counts


def printed(project: Project, lang_labels, output: str) -> dict[str, Counter]:
    by_label = {level.labels("da"): key for key, level in project.settings.levels.items()}
    counts = {}
    for line in output.splitlines():
        label, _, rest = line.partition(": ")
        if label in by_label:
            parts = [p.strip().split(" ", 1) for p in rest.split(",")]
            counter = Counter({key: int(n) for n, name in parts
                               for key, text in lang_labels.items() if text == name})
            counts[by_label[label]] = +counter
    return counts


@pytest.mark.parametrize("checkpoint", CHECKPOINTS)
def test_report_shows_the_hand_counted_statuses(demo, checkpoint):
    result = CliRunner().invoke(main, ["report", "-p", str(demo.root), "--checkpoint", checkpoint])
    assert result.exit_code == 0, result.output
    expected = {level: +counts for level, counts in hand_count(demo, checkpoint).items()}
    assert printed(demo, LABEL, result.output) == expected
    # Something to see: every colour occurs among the goals with indicators.
    assert {"green", "yellow", "red"} <= set().union(*expected.values())


def test_committee_report_counts_only_the_committees_goals(demo):
    result = CliRunner().invoke(main, ["report", "-p", str(demo.root), "--checkpoint", CHECKPOINTS[1],
                                       "--committee", "BUU"])
    assert result.exit_code == 0, result.output
    expected = {level: +counts for level, counts in hand_count(demo, CHECKPOINTS[1], "BUU").items()}
    assert printed(demo, LABEL, result.output) == expected


def test_report_files_hold_the_same_statuses(demo):
    result = CliRunner().invoke(main, ["report", "-p", str(demo.root), "--checkpoint", CHECKPOINTS[0]])
    assert result.exit_code == 0, result.output
    stem = demo.output_dir / "Opfølgning_Halvårsopfølgning_2027"
    html = stem.with_suffix(".html").read_text(encoding="utf-8")
    assert "<h1>Opfølgning: Halvårsopfølgning 2027</h1>" in html
    wb = openpyxl.load_workbook(stem.with_suffix(".xlsx"))
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    counted = Counter(row[8] for row in rows if row[0])
    expected = sum(hand_count(demo, CHECKPOINTS[0]).values(), Counter())
    assert counted == Counter({LABEL[k].capitalize(): n for k, n in expected.items()})


def test_report_prints_as_pdf(demo, pdf_available):
    result = CliRunner().invoke(main, ["report", "-p", str(demo.root), "--checkpoint", CHECKPOINTS[1],
                                       "--committee", "BUU"])
    assert result.exit_code == 0 and "Ingen PDF" not in result.output, result.output
    pdf = (demo.output_dir / "Opfølgning_Årsopfølgning_2027_BUU.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5000


def test_unknown_checkpoint_is_a_usage_error(demo):
    result = CliRunner().invoke(main, ["report", "-p", str(demo.root), "--checkpoint", "Tertial 9"])
    assert result.exit_code == 2
    assert "Halvårsopfølgning 2027; Årsopfølgning 2027" in result.output


def test_the_demo_has_every_actual_so_its_findings_do_not_depend_on_the_date(demo):
    from datetime import date

    from roedtraad.validators.engine import validate_project

    later = validate_project(demo, today=date(2031, 1, 1))
    now = validate_project(demo, today=date(2026, 1, 1))
    assert not [f for f in later.findings if f.code.startswith("follow-up.")]
    assert [f.code for f in later.findings] == [f.code for f in now.findings]
