"""Data-quality warnings on the admin import page (AppTest, demo database): the preview lists an upload's
warnings under their own heading beside its errors, the "Chất lượng số liệu" section lists the current
warnings of the stored figures — with the ⚠ symbol and the word, never a colour alone."""

from __future__ import annotations

import pytest

from dtplan import i18n, store
from dtplan.domain.access import province_scope
from tests.import_files import KPI_EN
from tests.pages.conftest import shown_tables

PAGE = "pages/quan_tri_nhap_lieu.py"


def _uploader(at):
    return next(u for u in at.file_uploader if u.label == i18n.IMPORT_UPLOAD)


def _warnings_grid(at):
    """The import preview's warning list (the section's table names units, not files)."""
    lists = [
        frame
        for frame in shown_tables(at)
        if i18n.QUALITY_KIND_COLUMN in frame.columns and i18n.IMPORT_COLUMNS["row"] in frame.columns
    ]
    assert len(lists) == 1, [list(frame.columns) for frame in shown_tables(at)]
    return lists[0]


def _stored(url: str, unit: str, kpi: str) -> list[tuple]:
    engine = store.make_engine(url)
    try:
        catalog = store.read_catalog(engine)
        frame = store.current_reports(engine, province_scope(catalog))
    finally:
        engine.dispose()
    mine = frame[(frame["unit_code"] == unit) & (frame["kpi_code"] == kpi)].sort_values("period")
    return list(mine[["period", "numerator", "denominator"]].itertuples(index=False, name=None))


@pytest.fixture
def page(app_factory, monkeypatch):
    monkeypatch.setenv("DTPLAN_TODAY", "2024-01-31")
    at = app_factory(user="quantri", page=PAGE)
    assert not at.exception, at.exception
    return at


def _jump(url: str) -> tuple[bytes, float]:
    """A December row for STTTT/T12 whose denominator is four times November's stored one."""
    november = next(r for r in _stored(url, "STTTT", "T12") if r[0] == "2023-11")
    denominator = november[2] * 4
    row = f"2023-12,STTTT,T12,1,{denominator:g},2024-01-10,\n"
    return (",".join(KPI_EN) + "\n" + row).encode(), november[2]


def test_preview_lists_warnings_and_the_file_can_still_be_committed(page, app_factory):
    data, november = _jump(app_factory.database_url)
    _uploader(page).set_value([("thang-12.csv", data, "text/csv")])
    page.run()
    assert not page.exception, page.exception
    assert any(w.value == i18n.QUALITY_IMPORT_WARNINGS.format(count=1) for w in page.warning)
    warnings = _warnings_grid(page)
    assert list(warnings[i18n.QUALITY_KIND_COLUMN]) == [i18n.QUALITY_WARNING_WORD]
    assert list(warnings[i18n.IMPORT_COLUMNS["row"]]) == ["2"]
    assert list(warnings[i18n.IMPORT_COLUMNS["column"]]) == ["denominator"]
    assert "mẫu số tăng 300,0%" in warnings[i18n.QUALITY_COLUMNS["message"]].iloc[0]
    assert "⚠" in i18n.QUALITY_WARNING_WORD and "Cảnh báo" in i18n.QUALITY_WARNING_WORD
    commit = [b for b in page.button if b.label == i18n.IMPORT_COMMIT]
    assert commit, "a warning does not stop the import"
    commit[0].click()
    page.run()
    assert not page.exception, page.exception
    assert ("2023-12", 1.0, november * 4) in _stored(app_factory.database_url, "STTTT", "T12")
    # the section now lists the new December figure among the unit's warnings
    section = next(f for f in shown_tables(page) if i18n.QUALITY_COLUMNS["unit"] in f.columns)
    mine = section[section[i18n.QUALITY_COLUMNS["unit"]] == "Sở Thông tin và Truyền thông"]
    assert list(mine[i18n.QUALITY_COLUMNS["column"]]) == ["Mẫu số"]
    assert "mẫu số tăng 300,0%" in mine[i18n.QUALITY_COLUMNS["message"]].iloc[0]
    assert set(section[i18n.QUALITY_KIND_COLUMN]) == {i18n.QUALITY_WARNING_WORD}


def test_refused_upload_lists_errors_then_the_other_rows_warnings(page, app_factory):
    data, _november = _jump(app_factory.database_url)
    bad = data + b"2023-12,STTTT,T13,50,40,2024-01-10,\n"  # numerator > denominator: an error
    _uploader(page).set_value([("loi.csv", bad, "text/csv")])
    page.run()
    assert not page.exception, page.exception
    assert any(e.value == i18n.IMPORT_ERRORS.format(count=1) for e in page.error)
    errors = next(f for f in shown_tables(page) if i18n.IMPORT_COLUMNS["message"] in f.columns)
    warnings = _warnings_grid(page)
    assert list(errors[i18n.IMPORT_COLUMNS["row"]]) == ["3"]
    assert list(warnings[i18n.IMPORT_COLUMNS["row"]]) == ["2"]  # the error row is not also warned
    assert any(w.value == i18n.QUALITY_IMPORT_WARNINGS.format(count=1) for w in page.warning)
    assert not [b for b in page.button if b.label == i18n.IMPORT_COMMIT]


def test_data_quality_section_lists_current_warnings(page):
    assert any(s.value == i18n.QUALITY_TITLE for s in page.subheader)
    section = next(f for f in shown_tables(page) if i18n.QUALITY_COLUMNS["unit"] in f.columns)
    assert len(section) >= 1
    assert set(section[i18n.QUALITY_KIND_COLUMN]) == {i18n.QUALITY_WARNING_WORD}
    count = i18n.QUALITY_COUNT.format(count=len(section), units=section[i18n.QUALITY_COLUMNS["unit"]].nunique())
    assert any(w.value == count for w in page.warning)
    assert all(p.startswith("Tháng ") for p in section[i18n.QUALITY_COLUMNS["period"]])
