"""Follow-up findings: a missing actual at a passed checkpoint (not at a future one), an own
assessment contradicting the computed traffic light, a checkpoint the årshjul does not have."""
from __future__ import annotations

from datetime import date

from rule_records import codes, foundation, only, replace, submissions, table, validate

from roedtraad.model import Deadline, IndicatorResult

DAG = "indsendelser/Udvalgsaftale-DAG.xlsx"
FOUNDATION_FILE = "Styringsgrundlag.xlsx"


def with_checkpoints():
    return foundation(deadlines=table(Deadline, FOUNDATION_FILE, "Årshjul",
                                      ("phase", "agreement", "deadline", "checkpoint"),
                                      ("Udvalgsaftaler", "committee_agreement", "2027-06-01", False),
                                      ("Halvårsopfølgning 2027", None, "2027-06-30", True),
                                      ("Årsopfølgning 2027", None, "2027-12-31", True)))


def results(*rows):
    return table(IndicatorResult, DAG, "Målopfølgning",
                 ("checkpoint", "goal_id", "indicator", "baseline", "target", "actual", "assessment"), *rows)


# rule_records gives DAG-1 one indicator "Indikator for DAG-1" with target 1.0 in 2027.
HALF, YEAR = "Halvårsopfølgning 2027", "Årsopfølgning 2027"


def test_missing_actual_at_a_passed_checkpoint_points_at_the_empty_cell():
    subs = replace(submissions(), 0, results=results((HALF, "DAG-1", "Indikator for DAG-1", 0.0, 1.0, None, None),
                                                     (YEAR, "DAG-1", "Indikator for DAG-1", 0.0, 1.0, None, None)))
    result = validate(with_checkpoints(), subs[:1], whole_set=False, today=date(2027, 7, 1))
    finding = only(result, "follow-up.missing-actual")
    assert (finding.file, finding.sheet, finding.cell, finding.row_id) == (DAG, "Målopfølgning", "F4", "DAG-1")
    assert "Halvårsopfølgning 2027" in finding.message("da") and "2027-06-30" in finding.message("en")
    assert finding.severity == "warning"


def test_no_finding_for_a_future_checkpoint_or_on_its_day():
    subs = replace(submissions(), 0, results=results((HALF, "DAG-1", "Indikator for DAG-1", 0.0, 1.0, None, None)))
    assert "follow-up.missing-actual" not in codes(validate(with_checkpoints(), subs, today=date(2027, 6, 30)))
    assert "follow-up.missing-actual" not in codes(validate(with_checkpoints(), subs, today=date(2027, 1, 1)))


def test_every_indicator_is_due_at_a_passed_checkpoint_even_without_a_follow_up_sheet():
    result = validate(with_checkpoints(), submissions(), today=date(2028, 1, 15))
    missing = [f for f in result.findings if f.code == "follow-up.missing-actual"]
    # six agreements, seven indicators, two passed checkpoints
    assert len(missing) == 14
    first = next(f for f in missing if f.file == DAG)
    assert (first.sheet, first.cell) == ("Indikatorer", "B4")


def test_an_actual_given_is_no_finding():
    subs = replace(submissions(), 0, results=results((HALF, "DAG-1", "Indikator for DAG-1", 0.0, 1.0, 1.0, None)))
    result = validate(with_checkpoints(), subs, today=date(2027, 7, 1))
    files = {f.file for f in result.findings if f.code == "follow-up.missing-actual"}
    assert DAG not in files and files == {str(s.path) for s in submissions()[1:]}


def test_own_assessment_contradicting_the_computed_status_is_a_warning_not_an_override():
    subs = replace(submissions(), 0, results=results((HALF, "DAG-1", "Indikator for DAG-1", 0.0, 1.0, 0.2, "green"),
                                                     (YEAR, "DAG-1", "Indikator for DAG-1", 0.0, 1.0, 1.0, "green")))
    finding = only(validate(with_checkpoints(), subs, today=date(2027, 1, 1)), "follow-up.assessment-contradicts")
    assert (finding.sheet, finding.cell) == ("Målopfølgning", "G4")
    assert "grøn" in finding.message("da") and "rød" in finding.message("da")
    assert "green" in finding.message("en") and "red" in finding.message("en")
    assert finding.severity == "warning"


def test_agreeing_or_unmeasurable_assessments_are_quiet():
    subs = replace(submissions(), 0, results=results((HALF, "DAG-1", "Indikator for DAG-1", 0.0, 1.0, 0.5, "yellow"),
                                                     (YEAR, "DAG-1", "Indikator for DAG-1", 0.0, 1.0, None, "red")))
    assert not [c for c in codes(validate(with_checkpoints(), subs, today=date(2027, 1, 1)))
                if c.startswith("follow-up.")]


def test_unknown_checkpoint():
    subs = replace(submissions(), 0, results=results(("Tertial 1", "DAG-1", "Indikator for DAG-1", 0.0, 1.0, 1.0,
                                                      None)))
    finding = only(validate(with_checkpoints(), subs, today=date(2027, 1, 1)), "follow-up.unknown-checkpoint")
    assert (finding.cell, finding.row_id) == ("A4", "DAG-1")
