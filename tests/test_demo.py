"""The demo municipality: deterministic, plausible, and wrong in exactly the ways it says."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict

import openpyxl
import pytest
from factories import settings

from roedtraad.demo import CELL_CODES, MISTAKE_CODES, build_demo, write_demo
from roedtraad.project import Project
from roedtraad.validators.engine import validate_project, validate_records
from roedtraad.workbook_templates.read import read_submission
from roedtraad.workbook_templates.spec import FIRST_DATA_ROW, HEADER_ROW


@pytest.fixture(scope="module")
def s():
    return settings()


@pytest.fixture(scope="module")
def demo(s):
    return build_demo(s, scale=40, seed=1)


def dump(demo) -> dict:
    return {"foundation": demo.foundation.model_dump(), "mistakes": demo.mistakes, "received": demo.received,
            "raw_overrides": demo.raw_overrides,
            "submissions": [(name, sub.model_dump()) for name, sub in demo.submissions]}


def committee_agreements(demo, s):
    return [(name, sub) for name, sub in demo.submissions if s.agreements[sub.kind].between[1] == "department"]


def quality_agreements(demo, s):
    return [(name, sub) for name, sub in demo.submissions if s.agreements[sub.kind].between[1] == "institution"]


def mistake(demo, code):
    return next(m for m in demo.mistakes if m.code == code)


def test_same_seed_gives_the_same_demo(s, demo):
    assert dump(build_demo(s, scale=40, seed=1)) == dump(demo)


def test_different_seeds_give_different_demos(s, demo):
    other = build_demo(s, scale=40, seed=2)
    assert dump(other) != dump(demo)
    assert [p.name for p in other.foundation.parties] != [p.name for p in demo.foundation.parties]


def test_output_does_not_depend_on_hash_seed(s, demo):
    """No set ordering leaks into the output: a fresh interpreter with another hash seed builds the same demo."""
    script = ("import hashlib, sys; from roedtraad.config import build_settings; from roedtraad.demo import build_demo;"
              "d = build_demo(build_settings({}), 40, 1);"
              "print(hashlib.sha256(repr([(n, s.model_dump()) for n, s in d.submissions]).encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip() for seed in ("1", "2")}
    expected = hashlib.sha256(repr([(n, sub.model_dump()) for n, sub in demo.submissions]).encode()).hexdigest()
    assert digests == {expected}


def test_organisation_is_plausible(s, demo):
    parties = demo.foundation.parties
    kinds = Counter(p.kind for p in parties)
    assert 6 <= kinds["committee"] <= 8
    assert 16 <= kinds["department"] <= 22
    assert kinds["institution"] == 40
    by_id = {p.id: p for p in parties}
    for party in parties:
        if party.kind == "department":
            assert by_id[party.parent].kind == "committee" and party.leader
        if party.kind == "institution":
            assert by_id[party.parent].kind == "department" and party.leader
    heads = [p.leader for p in parties if p.kind == "department"]
    assert len(set(heads)) == len(heads)
    assert len({p.id for p in parties}) == len(parties)
    assert "41" in {a.number for a in demo.foundation.appropriations}


def test_foundation_goals(s, demo):
    goals = demo.foundation.goals
    objectives = [g for g in goals if g.level == "objective"]
    policy_goals = [g for g in goals if g.level == "policy_goal"]
    assert 6 <= len(objectives) <= 8 and objectives[0].id == "M1"
    assert {g.objective_type for g in objectives} == {"development", "operation"}
    assert all(g.parents and g.owners and g.policy for g in policy_goals)
    assert 2 <= sum(g.cross_cutting for g in policy_goals) <= 3
    phases = {d.agreement: d.deadline for d in demo.foundation.deadlines if d.agreement}
    year = s.period.budget_year - 1
    assert phases["committee_agreement"].year == year and phases["committee_agreement"].month == 6
    assert phases["quality_agreement"].year == year and phases["quality_agreement"].month in (11, 12)


def test_every_department_but_the_missing_one_has_a_committee_agreement(s, demo):
    missing = mistake(demo, "completeness.missing-submission")
    departments = {p.id for p in demo.foundation.parties if p.kind == "department"}
    submitted = [sub.header.department for _, sub in committee_agreements(demo, s)]
    assert sorted(submitted) == sorted(departments - {missing.row_id})
    assert missing.file == s.paths.foundation


def test_every_institution_is_covered_once(s, demo):
    institutions = sorted(p.id for p in demo.foundation.parties if p.kind == "institution")
    covered = sorted(i for _, sub in quality_agreements(demo, s) for i in sub.header.institutions)
    assert covered == institutions


def test_committee_allocations_equal_the_frames_but_for_the_deliberate_excess(s, demo):
    frames = {(f.appropriation, f.year): f.amount for f in demo.foundation.frames}
    allocated: dict[tuple[str, int], float] = defaultdict(float)
    for _, sub in committee_agreements(demo, s):
        for line in sub.budget:
            if (line.appropriation, line.year) in frames:
                allocated[(line.appropriation, line.year)] += line.amount
    excess = mistake(demo, "budget.above-frame")
    _, number, year = excess.row_id.split(":")
    assert allocated.pop((number, int(year))) > frames[(number, int(year))]
    years = range(s.period.budget_year, s.period.budget_year + 2)
    expected = {key: amount for key, amount in frames.items() if key[1] in years and key != (number, int(year))}
    assert allocated == expected


def test_institution_budgets_stay_within_the_department_allocation(s, demo):
    allocation: dict[tuple[str, str, int], float] = defaultdict(float)
    for _, sub in committee_agreements(demo, s):
        for line in sub.budget:
            allocation[(sub.header.department, line.appropriation, line.year)] += line.amount
    spent: dict[tuple[str, str, int], float] = defaultdict(float)
    for _, sub in quality_agreements(demo, s):
        for line in sub.budget:
            spent[(sub.header.department, line.appropriation, line.year)] += max(line.amount, 0)
    assert spent and all(amount <= allocation[key] for key, amount in spent.items())


def test_one_mistake_per_code_each_in_its_own_file(demo):
    assert sorted(m.code for m in demo.mistakes) == sorted(MISTAKE_CODES)
    files = [m.file for m in demo.mistakes]
    assert len(set(files)) == len(files)
    names = {name for name, _ in demo.submissions}
    assert all(m.file in names for m in demo.mistakes if m.code != "completeness.missing-submission")


def test_received_before_the_deadlines_except_the_late_one(s, demo):
    late = mistake(demo, "completeness.late").file
    deadlines = {d.agreement: d.deadline for d in demo.foundation.deadlines if d.agreement}
    for name, sub in demo.submissions:
        assert demo.received[name] == sub.received
        day = time.localtime(sub.received)
        on_time = (day.tm_year, day.tm_mon, day.tm_mday) <= deadlines[sub.kind].timetuple()[:3]
        assert on_time == (name != late), name


@pytest.mark.parametrize("scale, seed", [(9, 1), (10, 2), (40, 3), (40, 4), (150, 5)])
def test_validating_the_records_finds_exactly_the_deliberate_mistakes(s, scale, seed):
    demo = build_demo(s, scale=scale, seed=seed)
    result = validate_records(s, demo.foundation, [sub for _, sub in demo.submissions], [])
    expected = sorted((m.code, m.file) for m in demo.mistakes if m.code not in CELL_CODES)
    assert sorted((f.code, f.file) for f in result.findings) == expected


def test_too_small_a_scale_is_refused(s):
    with pytest.raises(ValueError, match="at least"):
        build_demo(s, scale=5)


def test_scale_2000_builds_in_a_few_seconds(s):
    start = time.perf_counter()
    demo = build_demo(s, scale=2000, seed=7)
    assert time.perf_counter() - start < 8
    assert sum(len(sub.header.institutions) for _, sub in quality_agreements(demo, s)) == 2000


@pytest.fixture(scope="module")
def written(s, tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    demo = build_demo(s, scale=10, seed=1)
    write_demo(root, s, demo)
    return root, demo


def test_written_demo_validates_to_exactly_its_mistakes(s, written):
    root, demo = written
    project = Project(root, s)
    assert project.foundation_path.is_file()
    for name, _ in demo.submissions:
        path = project.submissions_dir / name
        assert path.stat().st_mtime == pytest.approx(demo.received[name])
        assert openpyxl.load_workbook(path, read_only=True).sheetnames
    result = validate_project(project)
    prefix = s.paths.submissions
    expected = sorted((m.code, m.file if m.file == s.paths.foundation else f"{prefix}/{m.file}")
                      for m in demo.mistakes)
    assert sorted((f.code, f.file) for f in result.findings) == expected


def test_raw_override_lands_in_its_cell(s, written):
    root, demo = written
    wrong = mistake(demo, "cell.wrong-type")
    path = root / s.paths.submissions / wrong.file
    ws = openpyxl.load_workbook(path)["Budget"]
    headers = {ws.cell(HEADER_ROW, c).value: c for c in range(1, ws.max_column + 1)}
    amount = ws.cell(FIRST_DATA_ROW, headers["Beløb (1.000 kr.)"]).value
    assert amount == demo.raw_overrides[wrong.file][(wrong.sheet_key, wrong.row_id, wrong.field)]
    read, findings = read_submission(path, s, name=wrong.file)
    assert [f.code for f in findings] == ["cell.wrong-type"] and findings[0].sheet == "Budget"
