"""Every report says what it covers (municipality, committee) and when it was made, and names each
file's party the same way: the party whose agreement it is (the department, or the institutions)."""
from __future__ import annotations

import io
import re
from datetime import datetime

import openpyxl
from rule_records import SETTINGS, clean, validate

from roedtraad.validators.report import render

MADE = datetime(2027, 5, 3, 9, 15)


def _html(**kwargs) -> str:
    return render(validate(*clean(), **kwargs), "html", "da", settings=SETTINGS, made_at=MADE)


def test_html_report_header_names_municipality_committee_and_time():
    page = _html(committee="BUU")
    header = page[page.index("<header"):page.index("</header>")]
    assert f"{SETTINGS.municipality} – Udvalg" in header  # the preset's default name
    assert "Udvalg BUU (Børne- og Ungeudvalget)" in header
    assert "03-05-2027 09:15" in header
    whole = _html()
    assert "Hele kommunen" in whole[whole.index("<header"):whole.index("</header>")]


def test_party_column_is_the_agreements_own_party_for_every_kind():
    page = _html()
    rows = re.findall(r"<tr><td>([^<]*)</td><td>[^<]*</td><td>([^<]*)</td>", page)
    parties = dict(rows)
    assert parties["indsendelser/Udvalgsaftale-DAG.xlsx"] == "DAG"
    assert parties["indsendelser/KUA-BH1.xlsx"] == "BH1"  # not "DAG, BH1"
    assert parties["Styringsgrundlag.xlsx"] == ""


def test_xlsx_report_says_what_it_covers_and_when():
    data = render(validate(*clean(), committee="SOU"), "xlsx", "en", settings=SETTINGS, made_at=MADE)
    overview = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    top = [overview.cell(r, 1).value for r in range(1, 4)]
    assert top[0].startswith(f"{SETTINGS.municipality} – ") and "Committee SOU (Social- og Sundhedsudvalget)" in top[0]
    assert "2027-05-03 09:15" in top[1]
