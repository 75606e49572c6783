"""Completeness: every expected agreement is there, once, and on time."""
from __future__ import annotations

import time
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from rule_records import codes, foundation, header, only, replace, submissions, validate

FOUNDATION = "Styringsgrundlag.xlsx"
DAG = "indsendelser/Udvalgsaftale-DAG.xlsx"


def test_department_without_committee_agreement():
    subs = [s for i, s in enumerate(submissions()) if i != 1]
    finding = only(validate(foundation(), subs), "completeness.missing-submission")
    assert (finding.file, finding.sheet, finding.cell, finding.row_id) == (FOUNDATION, "Organisation", "A7", "SKO")
    assert "udvalgsaftale" in finding.message("da") and "committee agreement" in finding.message("en")


def test_institution_not_covered_by_any_quality_agreement():
    subs = [s for i, s in enumerate(submissions()) if i != 5]
    finding = only(validate(foundation(), subs), "completeness.missing-submission")
    assert (finding.cell, finding.row_id) == ("A11", "PL1")


def test_one_quality_agreement_may_cover_several_institutions():
    subs = submissions()
    subs[3] = subs[3].model_copy(update={"header": header(
        "indsendelser/KUA-BH1.xlsx", department="DAG", head="Anna Holm", institutions=["BH1", "SK1"],
        leaders=["Dorte Eriksen", "Eva Frost"])})
    del subs[4]
    assert "completeness.missing-submission" not in codes(validate(foundation(), subs))


def test_missing_submissions_are_not_reported_for_a_partial_set():
    subs = [s for i, s in enumerate(submissions()) if i != 1]
    assert "completeness.missing-submission" not in codes(validate(foundation(), subs, whole_set=False))


def test_same_department_submitted_twice():
    subs = submissions()
    copy = subs[0].model_copy(update={"path": "indsendelser/gammel/DAG.xlsx",
                                      "header": header("indsendelser/gammel/DAG.xlsx", committee="BUU",
                                                       department="DAG", head="Anna Holm")})
    finding = only(validate(foundation(), subs + [copy]), "completeness.duplicate-submission")
    assert (finding.file, finding.cell, finding.row_id) == ("indsendelser/gammel/DAG.xlsx", "B5", "DAG")
    assert f"{DAG}, Forside!B5" in finding.message("en")


def test_agreements_for_different_years_are_not_duplicates():
    subs = submissions()
    next_year = subs[0].model_copy(update={"header": header("x.xlsx", committee="BUU", department="DAG",
                                                            head="Anna Holm", first_year=2028, last_year=2028)})
    assert "completeness.duplicate-submission" not in codes(validate(foundation(), subs + [next_year]))


def received(day: datetime):
    return replace(submissions(), 0, received=day.timestamp())


COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def test_submitted_after_the_deadline():
    finding = only(validate(foundation(), received(datetime(2027, 6, 10, 9, 0, tzinfo=COPENHAGEN))),
                   "completeness.late")
    assert (finding.file, finding.params["deadline"], finding.params["received"]) == (DAG, "2027-06-01", "2027-06-10")


def test_submitted_on_the_deadline_day():
    on_time = received(datetime(2027, 6, 1, 23, 59, tzinfo=COPENHAGEN))
    assert "completeness.late" not in codes(validate(foundation(), on_time))


@pytest.mark.parametrize("server_zone", ["UTC", "America/New_York", "Asia/Tokyo"])
def test_late_is_judged_on_the_municipalitys_clock_whatever_the_servers(server_zone, monkeypatch):
    """22:30 UTC on the deadline day is 00:30 the next day in Copenhagen (summer time): late, on any server."""
    monkeypatch.setenv("TZ", server_zone)
    time.tzset()
    try:
        after_midnight = received(datetime(2027, 6, 1, 22, 30, tzinfo=timezone.utc))
        finding = only(validate(foundation(), after_midnight), "completeness.late")
        assert finding.params["received"] == "2027-06-02"
        before_midnight = received(datetime(2027, 6, 1, 21, 30, tzinfo=timezone.utc))
        assert "completeness.late" not in codes(validate(foundation(), before_midnight))
    finally:
        monkeypatch.undo()
        time.tzset()
