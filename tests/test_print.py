"""The master and the xlsx report print on a sensible number of pages.

Every sheet has a print setup (landscape, fit to width, the header row repeated
on every page) and the charts sit on sheets of their own, so a PDF export by
LibreOffice, as finance would print it, has a page or so per sheet.
"""
from __future__ import annotations

import io
import re

import openpyxl
import pytest
from rule_records import SETTINGS, write_project

from roedtraad.sync.consolidate import consolidate
from roedtraad.validators.engine import validate_project
from roedtraad.validators.report import render


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Two committees, three departments, three institutions: 16 goals in the master's thread."""
    project = write_project(tmp_path_factory.mktemp("print") / "kommune")
    return project, consolidate(project, write_back=False).master


def pdf_pages(path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))


def _assert_print_setup(ws, title_rows: bool = True) -> None:
    setup = ws.page_setup
    assert setup.orientation == "landscape", ws.title
    assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title
    if title_rows:
        assert ws.print_title_rows, ws.title


def test_every_sheet_of_the_master_has_a_print_setup(small):
    _, master = small
    wb = openpyxl.load_workbook(master)
    assert len(wb.worksheets) >= 8
    for ws in wb.worksheets:
        _assert_print_setup(ws, title_rows=bool(ws.tables))  # the overview and chart data are no tables
    # Charts stand on their own sheets, each printed as one page, not across the overview's pages.
    assert not wb.worksheets[0]._charts
    assert len(wb.chartsheets) == 2


def test_every_sheet_of_the_xlsx_report_has_a_print_setup(small):
    project, _ = small
    data = render(validate_project(project), "xlsx", "da", settings=SETTINGS)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for ws in wb.worksheets:
        _assert_print_setup(ws)


def test_the_master_prints_on_a_page_or_so_per_sheet(small, tmp_path, convert_with_soffice):
    _, master = small
    pages = pdf_pages(convert_with_soffice(master, "pdf"))
    # 8 sheets and 2 chart sheets; the findings list may take a second page. It was 33 pages.
    assert 10 <= pages <= 12, pages


def test_the_xlsx_report_prints_on_few_pages(small, tmp_path, convert_with_soffice):
    project, _ = small
    path = tmp_path / "Valideringsrapport.xlsx"
    path.write_bytes(render(validate_project(project), "xlsx", "da", settings=SETTINGS))
    assert pdf_pages(convert_with_soffice(path, "pdf")) <= 3


def test_the_demo_master_prints_on_a_page_or_two_per_sheet(tmp_path, convert_with_soffice):
    from roedtraad.scaffold import init_project

    project = init_project(tmp_path / "demo", demo_scale=9)
    master = consolidate(project, write_back=False).master
    # About 120 goals on the red thread sheet and 240 follow-up rows take a few pages each; the master
    # without the follow-up sheets was 74 pages before the print setup.
    assert pdf_pages(convert_with_soffice(master, "pdf")) <= 28


def test_template_tables_repeat_their_header_row_when_printed(tmp_path):
    from factories import committee_header, foundation, settings

    from roedtraad.workbook_templates.generate import write_agreement

    path = write_agreement(tmp_path / "ua.xlsx", settings(), "committee_agreement", foundation(), committee_header())
    wb = openpyxl.load_workbook(path)
    assert wb["Mål"].print_title_rows == "$3:$3" and wb["Budget"].print_title_rows == "$3:$3"
    _assert_print_setup(wb["Forside"], title_rows=False)
