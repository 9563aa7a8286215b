"""A task's progress is shared task data: its lead and partners see the same status in the list, the
history and every file — and a unit outside the viewer's scope is never named, only "Đơn vị khác". The
pages themselves (AppTest) are in tests/pages/test_task_progress_pages.py."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from dtplan import i18n, store
from dtplan.domain import metrics
from dtplan.domain.access import unit_scope
from dtplan.domain.metrics import ProgressReport
from dtplan.present import brief, export, tables
from dtplan.read import views

KIM_SON_NOTE = "Huyện Kim Sơn đã nối 12% xã"


def _kim_son_reports(engine):
    """Kim Sơn (376), a partner of PL01-01 (lead STTTT, partners 372 and 376), reports 12 % in June."""
    with Session(engine) as session, session.begin():
        store.add_task_reports(
            session,
            [store.TaskReport("2023-06", "PL01-01", "376", "dang_thuc_hien", 12.0, dt.date(2023, 6, 28), KIM_SON_NOTE)],
        )


@pytest.fixture
def demo(demo_db_url):
    engine = store.make_engine(demo_db_url)
    _kim_son_reports(engine)
    yield engine, store.read_catalog(engine)
    engine.dispose()


def test_the_history_shows_the_report_the_list_status_comes_from(demo):
    engine, catalog = demo
    scope = unit_scope(catalog, "372")
    row = next(r for r in views.task_table(engine, catalog, scope, "2023-06") if r["code"] == "PL01-01")
    assert row["progress"] == 12.0
    history = views.task_history(engine, catalog, scope, "PL01-01")
    june = [h for h in history if h["period"] == "2023-06" and h["progress"] == 12.0]
    assert june, history
    # The sender is another unit: not named, its code and its free-text note not sent.
    assert june[0]["unit"] is None and june[0]["unit_name"] == i18n.OTHER_UNIT and june[0]["note"] == ""
    assert all(h["unit"] is None or scope.allows(h["unit"]) for h in history)


def _latest(history: list[dict], as_of: str):
    reports = [
        ProgressReport(h["period"], h["status"], h["progress"], dt.date.fromisoformat(h["submitted_at"]))
        for h in history
    ]
    return metrics.latest_report(reports, as_of)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(unit=st.sampled_from(["STTTT", "SNV", "372", "376", "373", "VPUBND"]), month=st.integers(1, 12))
def test_property_list_and_history_agree_for_every_task_and_month(demo, unit, month):
    engine, catalog = demo
    scope = unit_scope(catalog, unit)
    as_of = f"2023-{month:02d}"
    for row in views.task_table(engine, catalog, scope, as_of):
        latest = _latest(views.task_history(engine, catalog, scope, row["code"]), as_of)
        assert (None if latest is None else latest.progress) == row["progress"], (unit, as_of, row["code"])
        task = next(t for t in catalog.tasks if t.code == row["code"])
        assert metrics.task_status(task, latest, as_of) == row["status"]


def test_one_naming_rule_for_pages_and_files(demo):
    _engine, catalog = demo
    scope = unit_scope(catalog, "372")
    assert brief.unit_label is views.unit_label
    for code in ("STTTT", "373", "376", "SNV"):
        assert views.unit_label(catalog, scope, code) == i18n.OTHER_UNIT
        assert views.unit_label(catalog, scope, code, short=False) == i18n.OTHER_UNIT
    assert views.unit_label(catalog, scope, "372", short=False) == catalog.unit("372").name
    assert (
        views.unit_labels(catalog, scope, ["372", "376", "STTTT"]) == f"{catalog.unit('372').short}, {i18n.OTHER_UNIT}"
    )


# --- what nhoquan is sent: page tables, page XLSX, the meeting PDF ---------------------------------------


def _foreign(catalog, scope):
    """Codes, full names and short names of the units outside the scope (the province is public)."""
    others = [u for u in catalog.units if not scope.allows(u.code) and u.kind != "province"]
    mine = {u.short for u in catalog.units if scope.allows(u.code)}
    return {u.code for u in others}, {u.name for u in others}, {u.short for u in others if u.short not in mine}


# Columns whose text is the plan's own wording (a task's title may name the agency it is about).
PLAN_TEXT_HEADERS = {i18n.COL["title"], i18n.COL["section"], i18n.COL.get("product", "Sản phẩm"), i18n.COL["kpi"]}


def _assert_no_foreign_cells(label, rows, headers, catalog, scope):
    codes, names, shorts = _foreign(catalog, scope)
    for row in rows:
        for header, cell in zip(headers, row, strict=False):
            if not isinstance(cell, str) or header in PLAN_TEXT_HEADERS:
                continue
            assert cell not in codes and cell not in shorts, (label, header, cell)
            assert not any(name in cell for name in names), (label, header, cell)


def test_the_meeting_pdf_of_nhoquan_names_no_other_unit(demo):
    from pypdf import PdfReader

    engine, catalog = demo
    scope = unit_scope(catalog, "372")
    pdf = export.render("brief", engine, catalog, scope, "2023-06", compare="2023-05")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    codes, names, shorts = _foreign(catalog, scope)
    plan_text = " ".join(t.title + " " + t.product + " " + t.section for t in catalog.tasks)
    for code in codes:
        assert not re.search(rf"(?<![\w.]){re.escape(code)}(?![\w.])", text), code
    for name in names | shorts:
        if name not in plan_text:
            assert name not in text, name


def test_table_unit_names_are_the_views_rule(demo):
    _engine, catalog = demo
    scope = unit_scope(catalog, "372")
    task = {"code": "X", "title": "t", "illustrative": False, "due": "2023-06-30", "status": metrics.LAGGING[0]}
    task |= {"progress": None, "expected_progress": None}
    table = tables.task_table([task | {"lead": "STTTT"}, task | {"lead": "372"}], catalog, scope)
    leads = list(table.frame()[i18n.COL["lead"]])
    assert leads == [views.unit_label(catalog, scope, "STTTT"), views.unit_label(catalog, scope, "372")]
    assert leads[0] == i18n.OTHER_UNIT
    report = {"unit": "372", "period": "2023-06", "due": "2023-07-05", "submitted_at": None, "status": "missing"}
    sheet = tables.compliance_sheet([report, report | {"unit": "STTTT"}], catalog, scope)
    assert [row[1] for row in sheet.rows] == [catalog.unit("372").name, i18n.OTHER_UNIT]
