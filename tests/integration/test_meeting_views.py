"""Changes, year-end table, projection read side and notes against the demo database (SQLite copy)."""

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from dtplan import store
from dtplan.domain import metrics
from dtplan.domain.access import AccessDenied, Viewer, province_scope, unit_scope
from dtplan.domain.metrics import Sums
from dtplan.read import changes, meeting, views, yearend
from dtplan.store import notes
from dtplan.store.models import AuditRow

LEADER = Viewer("lanhdao", "Lãnh đạo", "leader")
ADMIN = Viewer("quantri", "Quản trị", "admin")
UNIT_USER = Viewer("nhoquan", "Nho Quan", "unit", "372")


@pytest.fixture
def catalog(demo_engine):
    return store.read_catalog(demo_engine)


# --- changes -------------------------------------------------------------------------------------------


def test_kpi_direction_rules():
    assert changes.kpi_direction("at_risk", "on_track") == "better"
    assert changes.kpi_direction("on_track", "off_track") == "worse"
    assert changes.kpi_direction("met", "met") is None
    assert changes.kpi_direction("no_data", "off_track") == "first_data"


def test_task_and_unit_changes_on_constructed_rows():
    before = [
        {"code": "A", "status": "on_track"},
        {"code": "B", "status": "behind"},
        {"code": "C", "status": "overdue"},
    ]
    after = [
        {"code": c, "status": s, "title": c, "lead": "X", "progress": 0, "due": "2023-12-31"}
        for c, s in (("A", "overdue"), ("B", "done"), ("C", "behind"), ("D", "behind"))
    ]
    result = {r["code"]: r["direction"] for r in changes.task_changes(before, after)}
    # C stays lagging (overdue -> behind): no change; D had no row before: newly lagging.
    assert result == {"A": "newly_lagging", "B": "recovered", "D": "newly_lagging"}
    compliance = [
        {"unit": u, "period": p, "status": s}
        for u, p, s in (
            ("U1", "2023-05", "on_time"),
            ("U1", "2023-06", "late"),
            ("U2", "2023-05", "missing"),
            ("U2", "2023-06", "on_time"),
            ("U3", "2023-05", "late"),
            ("U3", "2023-06", "missing"),
        )
    ]
    result = {r["unit"]: r["direction"] for r in changes.unit_changes(compliance, "2023-05", "2023-06")}
    assert result == {"U1": "newly_late", "U2": "back_on_time"}


def test_changes_match_the_views_of_both_months(demo_engine, catalog):
    scope = province_scope(catalog)
    result = changes.changes(demo_engine, catalog, scope, "2023-09", "2023-06", today=dt.date(2024, 1, 31))
    before = {r["code"]: r["status"] for r in views.kpi_table(demo_engine, catalog, scope, "2023-06")}
    after = {r["code"]: r["status"] for r in views.kpi_table(demo_engine, catalog, scope, "2023-09")}
    assert {r["code"] for r in result["kpis"]} == {c for c in after if after[c] != before[c]}
    assert result["kpis"], "the demo year must show some KPI changing status between June and September"
    t_before = {r["code"]: r["status"] for r in views.task_table(demo_engine, catalog, scope, "2023-06")}
    t_after = {r["code"]: r["status"] for r in views.task_table(demo_engine, catalog, scope, "2023-09")}
    lag = metrics.LAGGING
    expected = {c for c in t_after if (t_after[c] in lag) != (t_before[c] in lag)}
    assert {r["code"] for r in result["tasks"]} == expected


def test_changes_refuse_a_later_or_foreign_compare_month(demo_engine, catalog):
    scope = province_scope(catalog)
    for bad in ("2023-09", "2023-10", "2022-12", "xx"):
        with pytest.raises(changes.ChangesError):
            changes.changes(demo_engine, catalog, scope, "2023-09", bad)
    assert changes.default_compare("2023-01") is None and changes.default_compare("2023-07") == "2023-06"


def test_unit_changes_hold_only_the_unit(demo_engine, catalog):
    scope = unit_scope(catalog, "372")
    allowed = {t.code for t in views.tasks_in_scope(catalog, scope)}
    for compare in ("2023-03", "2023-05", "2023-08"):
        result = changes.changes(demo_engine, catalog, scope, "2023-11", compare, today=dt.date(2024, 1, 31))
        assert {r["unit"] for r in result["units"]} <= {"372"}
        assert {r["code"] for r in result["tasks"]} <= allowed


# --- year-end table --------------------------------------------------------------------------------------


def test_yearend_groups_t08_levels_under_the_sentence(demo_engine, catalog):
    rows = yearend.yearend_table(demo_engine, catalog, province_scope(catalog), "2023-12")
    codes = [(r["kind"], r["code"]) for r in rows]
    i = codes.index(("group", "T08"))
    assert codes[i + 1 : i + 4] == [("sub", "T08.1"), ("sub", "T08.2"), ("sub", "T08.3")]
    assert rows[i]["label"] == catalog.kpis_by_code["T08.1"].text
    # T01.1 and T01.2 have different sentences: no group.
    assert ("group", "T01") not in codes and ("kpi", "T01.1") in codes
    summary = {k["code"]: k for k in views.summary(demo_engine, catalog, province_scope(catalog), "2023-12")["kpis"]}
    figures = [r for r in rows if r["kind"] != "group"]
    assert [r["code"] for r in figures] == list(summary)
    for row in figures:
        assert row["assessment"] == summary[row["code"]]["assessment"]
        assert row["actual"] == summary[row["code"]]["actual"]
    verdicts = {r["assessment"] for r in figures}
    assert {"vuot", "dat", "khong_dat"} <= verdicts


def test_yearend_for_an_agency_keeps_only_its_level(demo_engine, catalog):
    rows = yearend.yearend_table(demo_engine, catalog, unit_scope(catalog, "STTTT"), "2023-06")
    codes = [r["code"] for r in rows]
    # An agency reports T08.1 only: one row, no group, no district-level KPIs.
    assert "T08.1" in codes and "T08" not in codes and "T08.2" not in codes and "T01.1" not in codes


def test_yearend_display_rows_format(catalog):
    kpi_rows = [
        {
            "code": "T01.1",
            "name": "n",
            "kpi_unit": "percent",
            "op": "gt",
            "target": 75.0,
            "actual": 80.26,
            "assessment": "vuot",
            "status": "met",
            "applies": True,
        },
        {
            "code": "T18",
            "name": "n",
            "kpi_unit": "count",
            "op": "ge",
            "target": 3.0,
            "actual": None,
            "assessment": None,
            "status": "no_data",
            "applies": True,
        },
    ]
    cells = yearend.display_rows(yearend.yearend_rows(catalog, kpi_rows))
    assert cells[0][2:] == ["> 75%", "80,3%", "Vượt"]
    assert cells[1][2:] == ["≥ 3", "Chưa có số liệu", "—"]


# --- projection read side --------------------------------------------------------------------------------


def test_flow_series_equal_the_per_month_sums_of_the_store(demo_engine, catalog):
    scope = unit_scope(catalog, "372")
    monthly = meeting.monthly_sums(demo_engine, catalog, scope, "2023-08")
    series = meeting._series("flow", "T12", monthly)
    by_period: dict[str, Sums] = {}
    for (p, _unit), sums in store.kpi_month_sums(demo_engine, scope, "T12", "2023-08").items():
        if p >= "2023-01":
            by_period[p] = by_period.get(p, Sums()) + sums
    assert set(series) == {int(p[5:]) for p in by_period}
    for month, sums in series.items():
        other = by_period[f"2023-{month:02d}"]
        assert sums.numerator == pytest.approx(other.numerator)
        assert sums.denominator == pytest.approx(other.denominator)
        assert sums.reports == other.reports


def test_projection_in_december_is_the_actual_and_early_warning_rule(demo_engine, catalog):
    scope = province_scope(catalog)
    actual = {r["code"]: r["actual"] for r in views.kpi_table(demo_engine, catalog, scope, "2023-12")}
    for row in meeting.projection_table(demo_engine, catalog, scope, "2023-12"):
        assert row["projected"] == actual[row["code"]]
    for row in meeting.projection_table(demo_engine, catalog, scope, "2023-06"):
        assert row["projected"] is not None
        assert row["early_warning"] == (row["status"] in ("met", "on_track") and row["meets"] is False)
        if row["kpi_unit"] == "percent":
            assert 0 <= row["projected"] <= 100


# --- notes --------------------------------------------------------------------------------------------------


def test_only_leaders_and_admins_write_notes(demo_engine, catalog):
    with pytest.raises(AccessDenied):
        notes.add_note(demo_engine, catalog, UNIT_USER, "unit", "372", "2023-06", "Tự ghi")
    assert notes.notes_for(demo_engine, catalog, province_scope(catalog)) == []
    at = dt.datetime(2023, 7, 3, 9, 30)
    note_id = notes.add_note(
        demo_engine, catalog, LEADER, "kpi", "T12", "2023-06", "  Đẩy mạnh hồ sơ toàn trình  ", now=at
    )
    rows = notes.notes_for(demo_engine, catalog, province_scope(catalog))
    assert [(r["id"], r["text"], r["author"], r["created_at"]) for r in rows] == [
        (note_id, "Đẩy mạnh hồ sơ toàn trình", "lanhdao", at)
    ]
    assert rows[0]["author_name"] == "Lãnh đạo UBND tỉnh (demo)"
    with Session(demo_engine) as session:
        audit = session.scalars(select(AuditRow).where(AuditRow.action == "note")).all()
    assert [a.actor for a in audit] == ["lanhdao"]


@pytest.mark.parametrize(
    ("kind", "code", "period", "text"),
    [
        ("kpi", "T99", "2023-06", "x"),
        ("task", "NOPE", "2023-06", "x"),
        ("bogus", "T12", "2023-06", "x"),
        ("kpi", "T12", "2022-12", "x"),
        ("kpi", "T12", "2023-6", "x"),
        ("kpi", "T12", "2023-06", "   "),
        ("kpi", "T12", "2023-06", "a" * (notes.MAX_LENGTH + 1)),
        ("kpi", "T12", "2023-06", "bell\x07"),
    ],
)
def test_bad_notes_are_refused(demo_engine, catalog, kind, code, period, text):
    with pytest.raises(notes.NoteError):
        notes.add_note(demo_engine, catalog, ADMIN, kind, code, period, text)
    assert notes.notes_for(demo_engine, catalog, province_scope(catalog)) == []


def test_note_reading_rule(demo_engine, catalog):
    commune = next(u.code for u in catalog.units if u.parent == "372")
    own_task = next(t.code for t in catalog.tasks if t.lead == "372" or "372" in t.partners)
    other_task = next(t.code for t in catalog.tasks if t.lead != "372" and "372" not in t.partners)
    for kind, code in (
        ("kpi", "T12"),  # applies to districts: visible to Nho Quan
        ("kpi", "T08.1"),  # agency level only: not about Nho Quan
        ("unit", "372"),
        ("unit", commune),
        ("unit", "369"),
        ("task", own_task),
        ("task", other_task),
    ):
        notes.add_note(demo_engine, catalog, LEADER, kind, code, "2023-06", f"ý kiến {code}", visible_to_units=True)
    seen = {(r["kind"], r["code"]) for r in notes.notes_for(demo_engine, catalog, unit_scope(catalog, "372"))}
    assert seen == {("kpi", "T12"), ("unit", "372"), ("unit", commune), ("task", own_task)}
    assert len(notes.notes_for(demo_engine, catalog, province_scope(catalog))) == 7
    seen = {(r["kind"], r["code"]) for r in notes.notes_for(demo_engine, catalog, unit_scope(catalog, "STTTT"))}
    assert ("unit", "372") not in seen and ("kpi", "T08.1") in seen and ("kpi", "T12") in seen


def test_notes_filters_by_target_and_period(demo_engine, catalog):
    for period in ("2023-05", "2023-06", "2023-07"):
        notes.add_note(demo_engine, catalog, ADMIN, "kpi", "T12", period, f"T12 {period}")
    notes.add_note(demo_engine, catalog, ADMIN, "kpi", "T13", "2023-06", "T13")
    scope = province_scope(catalog)
    rows = notes.notes_for(demo_engine, catalog, scope, kind="kpi", code="T12")
    assert [r["period"] for r in rows] == ["2023-07", "2023-06", "2023-05"]
    assert [r["text"] for r in notes.notes_for(demo_engine, catalog, scope, period="2023-06", code="T13")] == ["T13"]
    assert {r["period"] for r in notes.notes_for(demo_engine, catalog, scope, since="2023-05", until="2023-06")} == {
        "2023-06"
    }
    display = notes.display_rows(rows[:1])[0]
    assert display["Kỳ"] == "Tháng 7/2023" and display["Ý kiến chỉ đạo"] == "T12 2023-07"
