from datetime import date, datetime

import pytest

from roedtraad.workbook_templates import normalize


@pytest.mark.parametrize("raw, expected", [
    ("1.234,5", 1234.5), ("1.234", 1234.0), ("12,5", 12.5), ("-12,5", -12.5), ("1 234,5", 1234.5),
    ("1\u00a0234", 1234.0), ("1,234.5", 1234.5), ("12.5", 12.5), (" 42 ", 42.0), (7, 7.0), (2.5, 2.5),
    ("1.234,5 kr.", 1234.5), ("\u22123", -3.0),
])
def test_numbers_typed_the_danish_way(raw, expected):
    assert normalize.parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["", "abc", "1,2,3x", True, "nan", "NaN", "inf", "-Infinity", "1e400"])
def test_not_numbers(raw):
    with pytest.raises(ValueError):
        normalize.parse_number(raw)


@pytest.mark.parametrize("raw, expected", [
    ("31-12-2027", date(2027, 12, 31)), ("31.12.2027", date(2027, 12, 31)), ("2027-12-31", date(2027, 12, 31)),
    ("31/12/27", date(2027, 12, 31)), (datetime(2027, 1, 2, 0, 0), date(2027, 1, 2)), (46387, date(2026, 12, 31)),
    (" 1-2-2027 ", date(2027, 2, 1)),
])
def test_dates(raw, expected):
    assert normalize.parse_date(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    (" sko-01 ", "SKO-01"), ("Sko - 01", "SKO-01"), ("p\u00a01", "P1"), (41, "41"), (41.0, "41"), ("æø-1", "ÆØ-1"),
])
def test_ids_ignore_case_and_spaces(raw, expected):
    assert normalize.parse_id(raw) == expected


@pytest.mark.parametrize("raw", ["SKO 01!", "--", "A" * 41, "SKO_(1)"])
def test_malformed_ids(raw):
    with pytest.raises(ValueError):
        normalize.parse_id(raw)


def test_id_lists_split_on_commas_semicolons_and_lines():
    assert normalize.parse_id_list("p1, p2;p3\nP4") == ["P1", "P2", "P3", "P4"]


def test_text_normalises_non_breaking_and_stray_spaces():
    assert normalize.clean_text("  Flere\u00a0 elever  \n  læser ") == "Flere elever\nlæser"


@pytest.mark.parametrize("raw, expected", [("Ja", True), ("nej", False), ("YES", True), ("x", True), (False, False)])
def test_yes_no(raw, expected):
    assert normalize.parse_bool(raw) is expected


def test_years():
    assert normalize.parse_year("2.027") == 2027  # Danish thousands separator
    with pytest.raises(ValueError):
        normalize.parse_year("27,5")
