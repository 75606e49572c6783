"""The next round starts from this one: rollover templates, filled in with nothing new, validate
clean and reproduce last round's goals; actuals become baselines; a silent party gets a blank one."""
from __future__ import annotations

import os
import shutil
from datetime import date, datetime

import openpyxl
from click.testing import CliRunner
from rule_records import foundation, replace, submissions, table, write_project

from roedtraad.cli import main
from roedtraad.model import Deadline, Frame, IndicatorResult
from roedtraad.project import Project
from roedtraad.validators.engine import validate_project
from roedtraad.workbook_templates.generate import write_foundation
from roedtraad.workbook_templates.read import read_submission
from roedtraad.workbook_templates.templates import read_current_round, write_templates

F = "Styringsgrundlag.xlsx"
DAG = "indsendelser/Udvalgsaftale-DAG.xlsx"


def round_one(root, silent=("SUN", "PL1")):
    found = foundation(deadlines=table(Deadline, F, "Årshjul", ("phase", "agreement", "deadline", "checkpoint"),
                                       ("Udvalgsaftaler", "committee_agreement", "2027-06-01", False),
                                       ("Kvalitetsaftaler", "quality_agreement", "2027-10-15", False),
                                       ("Halvårsopfølgning 2027", None, "2027-06-30", True),
                                       ("Årsopfølgning 2027", None, "2027-12-31", True)))
    results = table(IndicatorResult, DAG, "Målopfølgning", ("checkpoint", "goal_id", "indicator", "baseline",
                                                            "target", "actual"),
                    ("Årsopfølgning 2027", "DAG-1", "Indikator for DAG-1", 0.0, 1.0, 0.8),
                    ("Halvårsopfølgning 2027", "DAG-1", "Indikator for DAG-1", 0.0, 1.0, 0.4))
    subs = replace(submissions(), 0, results=results)
    subs = [s for s in subs if not any(f"-{party}." in str(s.path) for party in silent)]  # they sent nothing
    return write_project(root, found, subs), found


def round_two(root, found):
    """Finance's foundation for next round: frames and årshjul for 2028, budget year 2028."""
    root.mkdir(parents=True)
    (root / "roedtraad.toml").write_text('preset = "dk-aftalestyring"\n[period]\nbudget_year = 2028\n',
                                         encoding="utf-8")
    project = Project.open(root)
    nxt = found.model_copy(update={
        "frames": [Frame(appropriation="BUU-1", year=2028, amount=1000.0),
                   Frame(appropriation="SOU-1", year=2028, amount=500.0)],
        "deadlines": [Deadline(phase="Udvalgsaftaler", agreement="committee_agreement", deadline=date(2028, 6, 1)),
                      Deadline(phase="Halvårsopfølgning 2028", deadline=date(2028, 6, 30), checkpoint=True)]})
    write_foundation(project.foundation_path, project.settings, nxt)
    return project


def submit_unchanged(project, paths):
    """The parties send the templates back as they got them."""
    for path in paths:
        target = project.submissions_dir / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
        stamp = datetime(2028, 5, 1).timestamp()
        os.utime(target, (stamp, stamp))


def test_rollover_templates_filled_with_nothing_new_validate_clean_and_reproduce_last_rounds_goals(tmp_path):
    first, found = round_one(tmp_path / "2027", silent=())
    second = round_two(tmp_path / "2028", found)
    previous = read_current_round(first)
    written = write_templates(second, previous=previous)
    assert len(written.carried) == 6 and not written.blank
    submit_unchanged(second, written.carried)
    result = validate_project(second, today=date(2028, 5, 2))
    assert [(f.code, f.file, f.cell, f.row_id) for f in result.findings] == []
    before = {(g.id, g.text, tuple(g.parents), g.goal_type, g.own_goal) for s in previous for g in s.goals}
    after = {(g.id, g.text, tuple(g.parents), g.goal_type, g.own_goal) for s in result.submissions for g in s.goals}
    assert after == before and len(after) == 7
    assert {(s.header.first_year, s.header.last_year) for s in result.submissions} == {(2028, 2028)}
    assert {(b.party, b.appropriation, b.year, b.amount) for s in result.submissions for b in s.budget} == {
        ("DAG", "BUU-1", 2028, 600.0), ("SKO", "BUU-1", 2028, 400.0), ("SUN", "SOU-1", 2028, 500.0),
        ("BH1", "BUU-1", 2028, 300.0)}
    before = {(a.id, a.goal_id, a.text) for s in previous for a in s.actions}
    assert {(a.id, a.goal_id, a.text) for s in result.submissions for a in s.actions} == before


def test_a_party_that_sent_nothing_gets_the_blank_template(tmp_path):
    first, found = round_one(tmp_path / "2027")
    second = round_two(tmp_path / "2028", found)
    written = write_templates(second, previous=read_current_round(first))
    assert sorted(p.name for p in written.carried) == [
        "KUA_DAG_BH1.xlsx", "KUA_SKO_SK1.xlsx", "Udvalgsaftale_BUU_DAG.xlsx", "Udvalgsaftale_BUU_SKO.xlsx"]
    assert sorted(p.name for p in written.blank) == ["KUA_SUN_PL1.xlsx", "Udvalgsaftale_SOU_SUN.xlsx"]
    blank, _ = read_submission(next(p for p in written.blank if "SUN" in p.name and "KUA" not in p.name),
                               second.settings)
    assert not blank.goals and not blank.budget and (blank.header.first_year, blank.header.last_year) == (2028, 2029)


def test_the_latest_actual_becomes_the_baseline_and_the_carried_column_says_so(tmp_path):
    first, found = round_one(tmp_path / "2027")
    second = round_two(tmp_path / "2028", found)
    written = write_templates(second, previous=read_current_round(first), previous_foundation=found)
    path = next(p for p in written.carried if p.name == "Udvalgsaftale_BUU_DAG.xlsx")
    submission, findings = read_submission(path, second.settings)
    assert [(i.goal_id, i.baseline) for i in submission.indicators] == [("DAG-1", 0.8)]
    ws = openpyxl.load_workbook(path)["Indikatorer"]
    header = [c.value for c in ws[3]]
    note = ws.cell(4, header.index("Overført fra sidste runde") + 1).value
    assert note == "Fra aftalen 2027; baseline = faktisk værdi ved Årsopfølgning 2027 (før -)"
    goals = openpyxl.load_workbook(path)["Mål"]
    assert goals.cell(4, [c.value for c in goals[3]].index("Overført fra sidste runde") + 1).value == \
        "Fra aftalen 2027"
    # Next round's follow-up sheet plans next round's checkpoints, with the carried baseline.
    assert [(r.checkpoint, r.baseline, r.actual) for r in submission.results] == [
        ("Halvårsopfølgning 2028", 0.8, None)]


def test_templates_from_current_cli(tmp_path):
    first, found = round_one(tmp_path / "2027")
    second = round_two(tmp_path / "2028", found)
    shutil.copytree(first.submissions_dir, second.submissions_dir)
    result = CliRunner().invoke(main, ["templates", "-p", str(second.root), "--from-current"])
    assert result.exit_code == 0, result.output
    assert "4 overført fra sidste runde, 2 blanke" in result.output


def test_templates_from_a_ledger_run(tmp_path):
    from roedtraad.sync.ledger import open_ledger
    from roedtraad.sync.run import sync_project

    first, found = round_one(tmp_path / "2027")
    url = f"sqlite:///{(tmp_path / 'ledger.sqlite').as_posix()}"
    with open_ledger(first, url) as ledger:
        sync_project(first, ledger, settle=0)
    second = round_two(tmp_path / "2028", found)
    result = CliRunner().invoke(main, ["templates", "-p", str(second.root), "--from-run", "1", "--db", url])
    assert result.exit_code == 0, result.output
    assert "4 overført fra sidste runde, 2 blanke" in result.output
    rolled, _ = read_submission(second.templates_dir / "Udvalgsaftale_BUU_DAG.xlsx", second.settings)
    assert [(i.goal_id, i.baseline) for i in rolled.indicators] == [("DAG-1", 0.8)]  # run 1's foundation dates it
    assert [g.id for g in rolled.goals] == ["DAG-1"] and rolled.header.first_year == 2028
    missing = CliRunner().invoke(main, ["templates", "-p", str(second.root), "--from-run", "7", "--db", url])
    assert missing.exit_code == 2 and "Ledgeren har ingen afsluttet kørsel 7; afsluttede kørsler: 1." in missing.output
