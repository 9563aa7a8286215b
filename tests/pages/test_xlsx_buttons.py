"""Every dashboard page offers the figures behind its view as XLSX; the workbook holds the same numbers
as dtplan.read.views, and formula-like text is neutralised."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from dtplan import i18n
from dtplan.domain.access import unit_scope
from dtplan.read import views


def _workbook(entry):
    data = entry["data"]() if callable(entry["data"]) else entry["data"]
    return load_workbook(io.BytesIO(data))


PAGES = ("pages/chi_tieu.py", "pages/don_vi.py", "pages/dia_ban.py", "pages/nhiem_vu.py", "pages/bao_cao.py")


def test_each_page_has_an_xlsx_button_that_builds(app_factory, downloads):
    at = app_factory(user="lanhdao", page=PAGES[0], query={"as_of": "2023-06"})
    for page in PAGES:  # one signed-in session visits every page (cheaper than signing in five times)
        if page != PAGES[0]:
            downloads.clear()
            at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        mine = [d for d in downloads if d["label"] == i18n.DOWNLOAD_XLSX]
        assert mine and mine[-1]["file_name"].endswith("-2023-06.xlsx"), page
        book = _workbook(mine[-1])
        assert len(book.sheetnames) >= 2, page  # the information sheet (demo marker) and the figures


def test_overview_workbook_equals_the_views(app_factory, downloads, engine_catalog):
    engine, cat = engine_catalog
    at = app_factory(user="sotttt", page="pages/tong_quan.py", query={"as_of": "2023-06"})
    assert not at.exception, at.exception
    book = _workbook([d for d in downloads if d["label"] == i18n.DOWNLOAD_XLSX][-1])
    sheet = book[i18n.SHEET["kpis"]]
    rows = [r for r in views.kpi_table(engine, cat, unit_scope(cat, "STTTT"), "2023-06") if r["applies"]]
    cells = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [c[0] for c in cells] == [r["code"] for r in rows]
    assert [c[2] for c in cells] == pytest.approx([r["actual"] for r in rows])
    assert [c[6] for c in cells] == [r["numerator"] for r in rows]
