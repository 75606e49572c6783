"""How every workbook roedtraad writes is printed: one place for the page setup.

Finance prints the master and the reports, departments print their
agreements for signing. Wide tables printed as they are became a page per two
columns (the master: 33 pages for 16 goals), so every sheet is landscape A4,
all columns on the page's width and as many pages down as the rows need, with
the header row repeated on every page and the sheet name and page number in
the footer. Works on openpyxl's ordinary and write-only worksheets.
"""
from __future__ import annotations

from typing import Any

A4 = "9"  # the paper size code of the OOXML page setup


def print_landscape_fit_width(ws: Any, header_row: int | None = None) -> None:
    """Landscape A4, fit to one page wide (any number tall); repeat `header_row` on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # 0: as many pages tall as needed
    if header_row is not None:
        ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.center.text = "&A – &P / &N"  # sheet name, page / pages (codes, not language)
