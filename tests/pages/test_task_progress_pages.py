"""A task's shared progress as a unit user's pages show it (AppTest): the pages and their XLSX files name no
other unit, and an agency's overview lists only its own tasks. The read-level rule is in
tests/integration/test_task_progress_rule.py."""

from __future__ import annotations

import io

import pytest

from dtplan import i18n, store
from dtplan.domain.access import unit_scope
from dtplan.read import views
from tests.integration.test_task_progress_rule import KIM_SON_NOTE, _assert_no_foreign_cells, _kim_son_reports
from tests.pages.conftest import link_tables


@pytest.fixture
def app_with_report(app_factory, downloads):
    """The demo with Kim Sơn's progress reports, and the files the download buttons would give."""
    engine = store.make_engine(app_factory.database_url)
    _kim_son_reports(engine)
    engine.dispose()
    return app_factory, downloads


def test_nhoquan_pages_and_their_xlsx_name_no_other_unit(app_with_report):
    from openpyxl import load_workbook

    make, files = app_with_report
    at = make(user="nhoquan", page="pages/nhiem_vu.py", query={"as_of": "2023-06", "task": "PL01-01"})
    assert not at.exception, at.exception
    catalog = store.read_catalog(store.make_engine(make.database_url))
    scope = unit_scope(catalog, "372")
    frames = [t.value for t in at.table] + [t["frame"] for t in link_tables(at)]
    for frame in frames:
        _assert_no_foreign_cells("trang", frame.values.tolist(), list(frame.columns), catalog, scope)
    lead_cells = [v for f in frames if i18n.COL["lead"] in f.columns for v in f[i18n.COL["lead"]]]
    assert i18n.OTHER_UNIT in lead_cells  # PL01-01 is led by STTTT: shown, not named
    history = next(f for f in frames if i18n.COL["submitted_at"] in f.columns)
    assert "12%" in " ".join(history[i18n.COL["progress"]].astype(str)).replace("\u00a0", "")
    assert i18n.OTHER_UNIT in set(history[i18n.COL["unit"]])
    assert KIM_SON_NOTE not in history.to_string()
    for page in ("pages/nhiem_vu.py", "pages/dia_ban.py", "pages/tong_quan.py", "pages/bao_cao.py"):
        files.clear()
        if page != "pages/nhiem_vu.py":
            at.switch_page(page).run()
            assert not at.exception, (page, at.exception)
        for entry in files:
            data = entry["data"]() if callable(entry["data"]) else entry["data"]
            book = load_workbook(io.BytesIO(data))
            for ws in book.worksheets[1:]:  # the first is the information sheet
                rows = [[c.value for c in row] for row in ws.iter_rows()]
                _assert_no_foreign_cells(f"{page}:{ws.title}", rows[1:], rows[0], catalog, scope)


def test_sotttt_overview_lists_only_its_own_tasks(app_factory):
    at = app_factory(user="sotttt", page="pages/tong_quan.py", query={"as_of": "2023-06"})
    assert not at.exception, at.exception
    engine = store.make_engine(app_factory.database_url)
    catalog = store.read_catalog(engine)
    engine.dispose()
    mine = {t.code for t in views.tasks_in_scope(catalog, unit_scope(catalog, "STTTT"))}
    frames = [t.value for t in at.table] + [t["frame"] for t in link_tables(at)]
    shown = [f for f in frames if i18n.COL["code"] in f.columns]
    assert shown, "the overview shows its most lagging tasks"
    for frame in shown:
        assert set(frame[i18n.COL["code"]]) <= mine
