"""The follow-up sheet in the templates: pre-filled per checkpoint and indicator, read back by the
same spec, labels accepted in any language; checkpoints are rows of the foundation's årshjul."""
from __future__ import annotations

from datetime import date

import openpyxl
from factories import committee_agreement, committee_header, foundation, settings

from roedtraad.model import Deadline, IndicatorResult
from roedtraad.workbook_templates.generate import write_agreement, write_foundation
from roedtraad.workbook_templates.read import read_foundation, read_submission

POINTS = [Deadline(phase="Halvårsopfølgning 2027", deadline=date(2027, 6, 30), checkpoint=True,
                   responsible="Økonomi"),
          Deadline(phase="Årsopfølgning 2028", deadline=date(2028, 12, 31), checkpoint=True),
          Deadline(phase="Årsopfølgning 2030", deadline=date(2030, 12, 31), checkpoint=True)]


def with_points():
    found = foundation()
    return found.model_copy(update={"deadlines": found.deadlines + POINTS})


def test_checkpoints_are_rows_of_the_arshjul(tmp_path):
    path = write_foundation(tmp_path / "Styringsgrundlag.xlsx", settings(), with_points())
    ws = openpyxl.load_workbook(path)["Årshjul"]
    assert [c.value for c in ws[5]] == ["Fase", "Aftaletype", "Frist", "Ansvarlig", "Opfølgningspunkt"]
    assert ws["E4"].value == "Nej"  # the example row above the header
    found, findings = read_foundation(path, settings())
    assert not findings
    assert [(d.phase, d.deadline, d.checkpoint) for d in found.deadlines] == [
        ("Udvalgsaftaler godkendes", date(2026, 6, 5), False), ("Halvårsopfølgning 2027", date(2027, 6, 30), True),
        ("Årsopfølgning 2028", date(2028, 12, 31), True), ("Årsopfølgning 2030", date(2030, 12, 31), True)]


def test_a_fresh_agreement_plans_a_row_per_checkpoint_of_its_years_and_indicator(tmp_path):
    path = write_agreement(tmp_path / "ua.xlsx", settings(), "committee_agreement", with_points(),
                           committee_header(), committee_agreement())
    ws = openpyxl.load_workbook(path)["Målopfølgning"]
    assert [c.value for c in ws[3]] == ["Opfølgningspunkt", "Mål-id", "Indikator", "Enhed", "Baseline", "Målværdi",
                                        "Retning", "Faktisk værdi", "Egen vurdering", "Kommentar", "Grøn fra (%)",
                                        "Gul fra (%)", "Status (beregnes)"]
    submission, findings = read_submission(path, settings())
    assert not findings
    # 2027-2028 agreement: the 2030 checkpoint is not its business; the 2028 one takes the 2028 target.
    assert [(r.checkpoint, r.goal_id, r.baseline, r.target, r.actual) for r in submission.results] == [
        ("Halvårsopfølgning 2027", "SKO-01", 80.0, 82.0, None), ("Årsopfølgning 2028", "SKO-01", 80.0, 85.5, None)]


def test_what_the_party_reports_is_read_back_in_any_language(tmp_path):
    agreement = committee_agreement()
    agreement.results = [IndicatorResult(checkpoint="Halvårsopfølgning 2027", goal_id="SKO-01",
                                         indicator="Andel sikre læsere", unit="%", baseline=80.0, target=82.0,
                                         direction="lower", actual=81.5, assessment="yellow", comment="Tæt på",
                                         green_from=90.0, yellow_from=40.0)]
    overrides = {("results", "SKO-01", "direction"): "Högre är bättre", ("results", "SKO-01", "assessment"): "röd"}
    path = write_agreement(tmp_path / "ua.xlsx", settings(), "committee_agreement", with_points(),
                           committee_header(), agreement, raw_overrides=overrides)
    submission, findings = read_submission(path, settings())
    assert not findings
    (row,) = submission.results
    assert (row.direction, row.actual, row.assessment, row.comment, row.green_from, row.yellow_from) == (
        "higher", 81.5, "red", "Tæt på", 90.0, 40.0)
    assert (row.location.sheet, row.cells["actual"]) == ("Målopfølgning", "H4")


def test_an_unreadable_actual_is_a_cell_finding(tmp_path):
    agreement = committee_agreement()
    agreement.results = [IndicatorResult(checkpoint="Halvårsopfølgning 2027", goal_id="SKO-01",
                                         indicator="Andel sikre læsere")]
    path = write_agreement(tmp_path / "ua.xlsx", settings(), "committee_agreement", with_points(),
                           committee_header(), agreement, raw_overrides={("results", "SKO-01", "actual"): "ca. 80"})
    submission, findings = read_submission(path, settings(), name="ua.xlsx")
    assert [(f.code, f.sheet, f.cell) for f in findings] == [("cell.wrong-type", "Målopfølgning", "H4")]
    assert submission.results[0].actual is None
