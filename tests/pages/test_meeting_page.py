"""Cuộc họp page (AppTest of app.py): what is on screen equals dtplan.read.changes / notes / meeting."""

import pytest

from dtplan import i18n, store
from dtplan.domain.access import Viewer, province_scope, unit_scope
from dtplan.read import changes, meeting
from dtplan.store import notes
from dtplan.web import state

LEADER = Viewer("lanhdao", "Lãnh đạo", "leader")
PAGE = "pages/cuoc_hop.py"


def _texts(at) -> str:
    parts = []
    for kind in ("markdown", "caption", "text", "header", "subheader", "title", "info", "error", "warning", "success"):
        parts += [str(e.value) for e in at.get(kind)]
    for frame in [*at.dataframe, *at.table]:
        parts.append(frame.value.to_csv(index=False))
    return "\n".join(parts)


def _frame(at, column: str):
    """The first table holding `column` (tables are identified by their Vietnamese headers): every table of
    the page is read-only (st.table)."""
    assert not at.dataframe  # no grid to load: nothing on this page is picked from a table
    for frame in at.table:
        if column in frame.value.columns:
            return frame.value
    return None


@pytest.fixture
def engine(app_factory):
    engine = store.make_engine(app_factory.database_url)
    yield engine
    engine.dispose()


def test_changes_on_screen_equal_dtplan_changes(app_factory, engine):
    at = app_factory(user="lanhdao", page=PAGE, query={"as_of": "2023-06", "compare": "2023-03"})
    assert not at.exception, at.exception
    catalog = store.read_catalog(engine)
    expected = changes.changes(engine, catalog, province_scope(catalog), "2023-06", "2023-03")
    text = _texts(at)
    assert i18n.CHANGES_TITLE.format(before="Tháng 3/2023", after="Tháng 6/2023") in text
    kpis = _frame(at, i18n.COL["kpi"])
    assert expected["kpis"], "the demo data should change some KPI status between March and June"
    assert sorted(kpis[i18n.COL["code"]]) == sorted(r["code"] for r in expected["kpis"])
    assert sorted(kpis[i18n.COL_CHANGE]) == sorted(i18n.CHANGE_DIRECTION[r["direction"]] for r in expected["kpis"])
    tasks = _frame(at, i18n.COL["title"])
    assert sorted(tasks[i18n.COL["code"]]) == sorted(r["code"] for r in expected["tasks"])
    units = _frame(at, i18n.COL["unit"])
    assert sorted(units[i18n.COL["unit"]]) == sorted(catalog.unit(r["unit"]).short for r in expected["units"])
    # Projection and year-end tables: one row per KPI of the scope, the method stated on screen.
    data = meeting.meeting_data(engine, catalog, province_scope(catalog), "2023-06", compare="2023-03")
    projection = _frame(at, i18n.COL_PROJECTED)
    assert list(projection[i18n.COL["code"]]) == [r["code"] for r in data["projection"]]
    assert i18n.MEETS[data["projection"][0]["meets"]] == projection[i18n.COL_MEETS][0]
    assert "Dự báo đến tháng 12 nếu giữ nguyên xu hướng" in text
    year_end = _frame(at, i18n.YE_COL_VERDICT)
    assert list(year_end[i18n.YE_COL_CODE]) == [r["code"] for r in data["yearend"]]
    assert "T08" in list(year_end[i18n.YE_COL_CODE])
    labels = [b.label for b in at.get("download_button")]
    assert labels == [i18n.DOWNLOAD_BRIEF, i18n.DOWNLOAD_BRIEF_DOCX, i18n.DOWNLOAD_FIGURES]


def test_default_compare_is_the_month_before_and_january_has_none(app_factory):
    at = app_factory(user="lanhdao", page=PAGE, query={"as_of": "2023-08"})
    assert not at.exception
    assert at.selectbox(key="dtplan_meeting_compare").value == "2023-07"
    assert i18n.CHANGES_TITLE.format(before="Tháng 7/2023", after="Tháng 8/2023") in _texts(at)
    at = app_factory(user="lanhdao", page=PAGE, query={"as_of": "2023-01", "compare": "2022-12"})
    assert not at.exception
    assert i18n.MEETING_NO_COMPARE in _texts(at)


def test_notes_are_plain_text_and_equal_dtplan_notes(app_factory, engine):
    catalog = store.read_catalog(engine)
    tricky = "**Khẩn** <b>đậm</b> [bấm](javascript:alert(1)) `mã`"
    notes.add_note(engine, catalog, LEADER, "kpi", "T03", "2023-06", tricky)
    notes.add_note(engine, catalog, LEADER, "unit", "STTTT", "2023-06", "Sở TT&TT rà soát số liệu T05")
    notes.add_note(engine, catalog, LEADER, "task", "VI-01", "2023-02", "Ghi chú cũ, trước kỳ so sánh")
    at = app_factory(user="lanhdao", page=PAGE, query={"as_of": "2023-06"})
    assert not at.exception
    expected = notes.notes_for(engine, catalog, province_scope(catalog), since="2023-05", until="2023-06")
    shown = [t.value for t in at.text]
    assert shown == [n["text"] for n in expected]
    assert tricky in shown and "Ghi chú cũ, trước kỳ so sánh" not in shown
    assert not any("<b>" in str(m.value) or "javascript" in str(m.value) for m in at.markdown)


def test_leader_adds_a_note_through_the_form(app_factory, engine):
    at = app_factory(user="lanhdao", page=PAGE, query={"as_of": "2023-06"})
    at.toggle(key=state.NOTE_FORM_OPEN + "meeting").set_value(True).run()
    at.radio(key="dtplan_note_kind_meeting").set_value("unit").run()
    at.selectbox(key="dtplan_note_code_meeting").set_value("372")  # inside the form: sent on submit
    at.text_area(key="dtplan_note_text_meeting").input("Huyện Nho Quan gửi báo cáo đúng hạn")
    next(b for b in at.button if b.label == i18n.NOTE_FORM_SUBMIT).click().run()
    assert not at.exception
    catalog = store.read_catalog(engine)
    saved = notes.notes_for(engine, catalog, province_scope(catalog), kind="unit", code="372")
    assert [n["text"] for n in saved] == ["Huyện Nho Quan gửi báo cáo đúng hạn"]
    assert saved[0]["author"] == "lanhdao" and saved[0]["period"] == "2023-06"
    assert "Huyện Nho Quan gửi báo cáo đúng hạn" in [t.value for t in at.text]
    assert i18n.NOTE_SAVED in _texts(at)


def test_unit_user_sees_only_their_unit(app_factory, engine):
    catalog = store.read_catalog(engine)
    notes.add_note(engine, catalog, LEADER, "unit", "STTTT", "2023-06", "Chỉ dành cho Sở TT&TT", visible_to_units=True)
    notes.add_note(engine, catalog, LEADER, "unit", "372", "2023-06", "Chỉ dành cho Nho Quan", visible_to_units=True)
    notes.add_note(engine, catalog, LEADER, "unit", "372", "2023-06", "Chỉ lãnh đạo đọc")  # leaders only
    at = app_factory(user="nhoquan", page=PAGE, query={"as_of": "2023-06", "compare": "2023-02"})
    assert not at.exception
    text = _texts(at)
    scope = unit_scope(catalog, "372")
    for unit in catalog.units:
        if unit.kind in ("agency", "district") and not scope.allows(unit.code):
            assert unit.name not in text, unit.name
    assert [t.value for t in at.text] == ["Chỉ dành cho Nho Quan"]
    assert not [b for b in at.button if b.label == i18n.NOTE_FORM_SUBMIT]  # unit users cannot write notes
    assert not [t for t in at.toggle if t.label.startswith(i18n.NOTE_FORM_TITLE)]
    expected = changes.changes(engine, catalog, scope, "2023-06", "2023-02")
    kpis = _frame(at, i18n.COL["kpi"])
    codes = [] if kpis is None else sorted(kpis[i18n.COL["code"]])
    assert codes == sorted(r["code"] for r in expected["kpis"])


def test_show_notes_on_a_kpi_page(app_factory, engine):
    """ui.show_notes (used by the KPI, task and unit pages): this item's notes up to the as-of month."""
    catalog = store.read_catalog(engine)
    notes.add_note(engine, catalog, LEADER, "kpi", "T03", "2023-04", "Đẩy nhanh phê duyệt hồ sơ cấp độ")
    notes.add_note(engine, catalog, LEADER, "kpi", "T03", "2023-09", "Ghi chú của tháng sau")
    notes.add_note(engine, catalog, LEADER, "kpi", "T04", "2023-04", "Ghi chú của chỉ tiêu khác")
    at = app_factory(user="lanhdao", page="pages/chi_tieu.py", query={"as_of": "2023-06", "kpi": "T03"})
    assert not at.exception, at.exception
    assert [t.value for t in at.text] == ["Đẩy nhanh phê duyệt hồ sơ cấp độ"]
    assert at.toggle(key=state.NOTE_FORM_OPEN + "kpi_T03").label.startswith(i18n.NOTE_FORM_TITLE)
