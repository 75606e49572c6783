"""A goal every committee (nämnd) carries is written once with a keyword, in any language and in
both presets, and then counts for each committee as if it had been written once per committee."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from roedtraad.config import build_settings
from roedtraad.i18n import is_all_keyword
from roedtraad.model import Foundation, Goal, Party
from roedtraad.validators.engine import validate_records
from roedtraad.workbook_templates.generate import parent_options, write_foundation
from roedtraad.workbook_templates.read import read_foundation

import factories

COMMITTEES = [Party(id="BUU", name="Børne- og Ungeudvalget", kind="committee"),
              Party(id="SSU", name="Social- og Sundhedsudvalget", kind="committee"),
              Party(id="KS", name="Kommunstyrelsen", kind="committee")]


@pytest.mark.parametrize("value", ["alle", "Alle", "alla", "ALLA", "all", "alle udvalg", "Alla nämnder",
                                   "all committees", "*"])
def test_the_keyword_in_any_language(value):
    assert is_all_keyword(value)


@pytest.mark.parametrize("value", ["", "BUU", "alles", "KS, alla", "allé"])
def test_not_the_keyword(value):
    assert not is_all_keyword(value)


def danish_foundation(owners: list[str], all_owners: bool = False) -> Foundation:
    base = factories.foundation()
    return base.model_copy(update={
        "parties": COMMITTEES + base.parties[1:],
        "goals": base.goals + [Goal(id="P5", text="Alle skal holde budgettet", level="policy_goal", parents=["M1"],
                                    owners=owners, all_owners=all_owners, policy="Økonomisk politik")]})


def swedish_foundation(owners: list[str], all_owners: bool = False) -> Foundation:
    return Foundation(path=Path("Styrgrund.xlsx"), parties=COMMITTEES, goals=[
        Goal(id="M1", text="En ekonomi i balans", level="objective", policy="Ekonomi och organisation"),
        Goal(id="R1", text="God ekonomisk hushållning", level="result_goal", parents=["M1"],
             policy="Ekonomi och organisation"),
        Goal(id="P5", text="Varje nämnd ska hålla sin ram", level="commitment", parents=["R1"], owners=owners,
             all_owners=all_owners, policy="Ekonomi och organisation", description="Budgetavvikelse (%)"),
        Goal(id="P6", text="Fler ärenden digitalt", level="commitment", parents=["R1"], owners=["KS", "SSU"],
             policy="Ekonomi och organisation")])


PRESETS = [("dk-aftalestyring", danish_foundation, "Politikker og mål", "alle"),
           ("se-styrsystem", swedish_foundation, "Åtaganden", "alla")]


@pytest.mark.parametrize("preset, make, sheet, keyword", PRESETS)
@pytest.mark.parametrize("typed", ["alle", "Alla nämnder", "all", "BUU, alle"])
def test_typed_keyword_is_every_committee(tmp_path, preset, make, sheet, keyword, typed):
    settings = build_settings({"preset": preset})
    path = write_foundation(tmp_path / "f.xlsx", settings, make([typed]), settings.language)
    foundation, findings = read_foundation(path, settings)
    assert findings == []
    goal = next(g for g in foundation.goals if g.id == "P5")
    assert goal.all_owners and goal.owners == ["BUU", "SSU", "KS"]


@pytest.mark.parametrize("preset, make, sheet, keyword", PRESETS)
def test_written_once_with_the_keyword_of_the_files_language(tmp_path, preset, make, sheet, keyword):
    settings = build_settings({"preset": preset})
    path = write_foundation(tmp_path / "f.xlsx", settings, make(["BUU", "SSU", "KS"], all_owners=True),
                            settings.language)
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    rows = [r for r in ws.iter_rows(values_only=True)]
    header = list(next(r for r in rows if "Mål-id" in r))
    p5 = next(r for r in rows if "P5" in r)
    assert p5[header.index("Udvalg" if preset.startswith("dk") else "Nämnder")] == keyword
    foundation, _ = read_foundation(path, settings)
    assert next(g for g in foundation.goals if g.id == "P5").owners == ["BUU", "SSU", "KS"]


@pytest.mark.parametrize("preset, make, sheet, keyword", PRESETS)
def test_every_committee_may_realise_it(tmp_path, preset, make, sheet, keyword):
    settings = build_settings({"preset": preset})
    path = write_foundation(tmp_path / "f.xlsx", settings, make([keyword]), settings.language)
    foundation, _ = read_foundation(path, settings)
    foundation = foundation.model_copy(update={"parties": foundation.parties + [
        Party(id="HJE", name="Hjemmepleje", kind="department", parent="SSU", leader="Eva Holm")]})
    header = factories.committee_header().model_copy(update={"committee": "SSU", "department": "HJE",
                                                             "head": "Eva Holm"})
    assert "P5" in [goal_id for goal_id, _ in parent_options(settings, "committee_agreement", foundation, header)]
    agreement = factories.committee_agreement().model_copy(update={"header": header, "goals": [
        Goal(id="HJE-01", text="Budgettet holdes", level="committee_goal", owners=["HJE"], parents=["P5"],
             goal_type="output")], "budget": [], "cross_cutting": [], "indicators": [], "actions": []})
    result = validate_records(settings, foundation, [agreement], [], whole_set=False)
    assert [f for f in result.findings if f.code.startswith("thread.parent")] == []
