"""PDF brief and XLSX export (in process): text and figures equal `summary` for the same as-of and
scope; a unit's brief and workbook name no other unit; notes reach both."""

import dataclasses
import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from dtplan import i18n, store
from dtplan.domain import metrics
from dtplan.domain.access import Viewer, province_scope, unit_scope
from dtplan.present import brief, export
from dtplan.read import meeting, views
from dtplan.store import notes
from tests.conftest import missing

LEADER = Viewer("lanhdao", "Lãnh đạo", "leader")
TODAY = dt.date(2024, 1, 15)
FIELDS = [f.name for f in dataclasses.fields(metrics.KpiResult)]


def pdf_text(data: bytes) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:
        missing("pypdf is not installed (requirements-dev)")
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def catalog(demo_engine):
    return store.read_catalog(demo_engine)


def pdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _render(engine, catalog, scope, as_of, kind):
    data = meeting.meeting_data(engine, catalog, scope, as_of, today=TODAY)
    return data, export.render(kind, engine, catalog, scope, as_of, data=data)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("as_of", ["2023-06", "2023-12"])
def test_province_brief_holds_the_summary_figures(demo_engine, catalog, as_of):
    scope = province_scope(catalog)
    _, pdf = _render(demo_engine, catalog, scope, as_of, export.BRIEF)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    flat = _flat(text)
    summary = views.summary(demo_engine, catalog, scope, as_of)
    # An office report (Nghị định 30): "BÁO CÁO" and its subject; pages numbered from 2 at the top.
    assert i18n.DOC_REPORT_TITLE in flat
    subject = i18n.DOC_REPORT_SUBJECT.format(plan=brief.plan_reference(catalog), month=i18n.month(as_of).lower())
    assert subject in flat
    assert i18n.BRIEF_SUBTITLE.format(month=i18n.month(as_of), scope=catalog.province.name) in flat
    assert i18n.BRIEF_DEMO in flat
    pages = pdf_pages(pdf)
    assert len(pages) >= 2 and "Trang" not in text
    assert all(page.lstrip().startswith(str(n)) for n, page in enumerate(pages[1:], start=2))
    assert not pages[0].lstrip().startswith("1")
    # The brief shows each KPI as metrics.shown words it: the year-end verdict in December, "chưa đạt"
    # before it in place of the contract's "khong_dat".
    counts = dict.fromkeys(metrics.shown_statuses(as_of), 0)
    for kpi in summary["kpis"]:
        result = metrics.shown(metrics.KpiResult(**{f: kpi.get(f) for f in FIELDS}), as_of)
        counts[result.status] += 1
        assert kpi["code"] in flat
        value = (
            i18n.NO_DATA
            if kpi["actual"] is None
            else i18n.kpi_value(kpi["actual"], catalog.kpis_by_code[kpi["code"]].unit)
        )
        assert value in flat, kpi["code"]
        if kpi["assessment"] is not None:
            assert i18n.ASSESSMENT[result.assessment] in flat
    assert _flat(i18n.kpi_counts_line(counts)) in flat
    assert _flat(i18n.BRIEF_TASK_COUNTS.format(**summary["tasks"])) in flat
    # Vietnamese diacritics survive the embedded font (text extraction maps glyphs back to Unicode).
    for word in ("Ý kiến chỉ đạo", "Đánh giá kết quả thực hiện", "Nhiệm vụ chậm tiến độ"):
        assert word in flat


def test_unit_brief_holds_only_that_unit(demo_engine, catalog):
    scope = unit_scope(catalog, "372")
    _, pdf = _render(demo_engine, catalog, scope, "2023-06", export.BRIEF)
    flat = _flat(pdf_text(pdf))
    assert catalog.unit("372").name in flat
    summary = views.summary(demo_engine, catalog, scope, "2023-06")
    for kpi in summary["kpis"]:
        if kpi["applies"] and kpi["actual"] is not None:
            unit = catalog.kpis_by_code[kpi["code"]].unit
            assert i18n.kpi_value(kpi["actual"], unit) in flat
    others = [u for u in catalog.units if u.kind in ("agency", "district") and not scope.allows(u.code)]
    for unit in others:
        assert unit.name not in flat, unit.name
        assert unit.short not in flat.replace(catalog.unit("372").short, ""), unit.short


def test_notes_and_changes_reach_brief_and_workbook(demo_engine, catalog):
    text = "Yêu cầu Sở TT&TT hoàn thành =SUM(A1) trước 30/7"
    notes.add_note(demo_engine, catalog, LEADER, "kpi", "T03", "2023-06", text)
    scope = province_scope(catalog)
    data, pdf = _render(demo_engine, catalog, scope, "2023-06", export.BRIEF)
    assert text in _flat(pdf_text(pdf))
    wb = load_workbook(io.BytesIO(export.render(export.XLSX, demo_engine, catalog, scope, "2023-06", data=data)))
    ws = wb[i18n.SHEET["notes"]]
    assert ws.cell(2, 5).value == text and ws.cell(2, 3).value == "T03"
    changed = wb[i18n.SHEET["changes"]]
    expected = len(data["changes"]["kpis"]) + len(data["changes"]["tasks"]) + len(data["changes"]["units"])
    assert changed.max_row - 1 == expected


@pytest.mark.parametrize("unit", [None, "STTTT", "372"])
def test_workbook_equals_summary(demo_engine, catalog, unit):
    scope = province_scope(catalog) if unit is None else unit_scope(catalog, unit)
    _, raw = _render(demo_engine, catalog, scope, "2023-09", export.XLSX)
    wb = load_workbook(io.BytesIO(raw))
    assert wb.sheetnames[0] == "Thông tin"
    assert set(i18n.SHEET.values()) <= set(wb.sheetnames)
    ws = wb[i18n.SHEET["kpis"]]
    header = [c.value for c in ws[1]]
    col = {
        name: header.index(i18n.COL[key])
        for key, name in (
            ("code", "code"),
            ("numerator", "num"),
            ("denominator", "den"),
            ("actual", "actual"),
            ("target", "target"),
        )
    }
    rows = {r[col["code"]]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    summary = {k["code"]: k for k in views.summary(demo_engine, catalog, scope, "2023-09")["kpis"] if k["applies"]}
    assert set(rows) == set(summary)
    for code, kpi in summary.items():
        row = rows[code]
        assert row[col["num"]] == pytest.approx(kpi["numerator"])
        assert row[col["den"]] == pytest.approx(kpi["denominator"])
        assert row[col["target"]] == pytest.approx(kpi["target"])
        if kpi["actual"] is None:
            assert row[col["actual"]] is None
        else:
            assert isinstance(row[col["actual"]], float | int)
            assert row[col["actual"]] == pytest.approx(kpi["actual"])
    tasks = wb[i18n.SHEET["tasks"]]
    assert tasks.max_row - 1 == summary_tasks(demo_engine, catalog, scope)
    assert isinstance(tasks.cell(2, 7).value, dt.datetime)  # due date stored as a date
    if unit is not None:
        names = {u.name for u in catalog.units if u.kind in ("agency", "district") and not scope.allows(u.code)}
        for sheet in wb.worksheets:
            for r in sheet.iter_rows(values_only=True):
                assert not names & {str(v) for v in r if v is not None}


def summary_tasks(engine, catalog, scope) -> int:
    return views.summary(engine, catalog, scope, "2023-09")["tasks"]["total"]


def test_unit_label_hides_other_units(catalog):
    scope = unit_scope(catalog, "STTTT")
    assert brief.unit_label(catalog, scope, "STTTT") == catalog.unit("STTTT").short
    assert brief.unit_label(catalog, scope, "372") == i18n.BRIEF_OTHER_UNIT
    assert brief.unit_label(catalog, province_scope(catalog), "372") == catalog.unit("372").short


def test_january_brief_has_no_comparison(demo_engine, catalog):
    data, pdf = _render(demo_engine, catalog, province_scope(catalog), "2023-01", export.BRIEF)
    assert data["changes"] is None
    assert i18n.MEETING_NO_COMPARE in _flat(pdf_text(pdf))
