"""Contract §3's edges at the store level, through SQL, on SQLite and on PostgreSQL: a stock KPI carried
forward per unit, the December baseline, corrections (newest submitted_at wins; a late report stays
late), gt vs ge at exactly the target, a task due on the as-of month's last day."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from dtplan import store
from dtplan.domain.access import province_scope, unit_scope
from dtplan.read import views
from dtplan.store import KpiReport, TaskReport
from tests.integration.small_plan import install

D = dt.date


@pytest.fixture
def small(empty_db_url):
    engine = store.make_engine(empty_db_url)
    catalog = install(engine)
    yield engine, catalog
    engine.dispose()


def add(engine, *reports) -> None:
    with Session(engine) as session, session.begin():
        store.add_kpi_reports(session, [r for r in reports if isinstance(r, KpiReport)])
        store.add_task_reports(session, [r for r in reports if isinstance(r, TaskReport)])


def row(engine, catalog, code: str, as_of: str, unit: str | None = None) -> dict:
    """The KPI's row as contract §3 computes it (raw: the status the CLI prints, not the screens' wording)."""
    scope = province_scope(catalog) if unit is None else unit_scope(catalog, unit)
    return next(r for r in views.kpi_table(engine, catalog, scope, as_of, raw=True) if r["code"] == code)


def test_stock_is_each_units_latest_report_carried_forward(small):
    engine, catalog = small
    add(
        engine,
        KpiReport("2023-02", "A1", "S", 30, 100, D(2023, 2, 20)),
        KpiReport("2023-02", "A2", "S", 10, 100, D(2023, 2, 20)),
        KpiReport("2023-05", "A2", "S", 60, 100, D(2023, 5, 20)),
        KpiReport("2023-03", "C11", "S", 5, 50, D(2023, 3, 20)),
    )
    # January: nobody has reported yet (and there is no December) -> no data, not 0.
    january = row(engine, catalog, "S", "2023-01")
    assert january["status"] == "no_data" and january["actual"] is None
    # April: A1's and A2's February figures, C11's March figure.
    assert row(engine, catalog, "S", "2023-04")["actual"] == pytest.approx(100 * (30 + 10 + 5) / 250)
    # June: A1 has not reported since February, but its February state still counts.
    june = row(engine, catalog, "S", "2023-06")
    assert june["actual"] == pytest.approx(100 * (30 + 60 + 5) / 250)
    assert (june["numerator"], june["denominator"]) == (95.0, 250.0)
    # Per unit and per district (with its communes), the same rule.
    assert row(engine, catalog, "S", "2023-06", "A1")["actual"] == pytest.approx(30.0)
    assert row(engine, catalog, "S", "2023-06", "D1")["actual"] == pytest.approx(10.0)
    assert row(engine, catalog, "S", "2023-06", "D2")["status"] == "no_data"


def test_flow_sums_every_month_from_january_and_never_december(small):
    engine, catalog = small
    add(
        engine,
        KpiReport("2022-12", "A1", "F", 99, 100, D(2022, 12, 20)),
        KpiReport("2023-01", "A1", "F", 10, 20, D(2023, 1, 20)),
        KpiReport("2023-03", "A1", "F", 30, 40, D(2023, 3, 20)),
        KpiReport("2023-03", "D1", "F", 1, 40, D(2023, 3, 20)),
        KpiReport("2023-07", "A1", "F", 50, 50, D(2023, 7, 20)),
    )
    assert row(engine, catalog, "F", "2023-02")["actual"] == pytest.approx(50.0)
    march = row(engine, catalog, "F", "2023-03")
    assert march["actual"] == pytest.approx(100 * 41 / 100)  # Σnum/Σden, not the mean of 50, 75, 2.5
    assert march["expected"] == 60.0  # flow: expected is the target


def test_december_reports_are_the_baseline_and_the_starting_state(small):
    engine, catalog = small
    add(
        engine,
        KpiReport("2022-12", "A1", "B", 20, 100, D(2022, 12, 20)),
        KpiReport("2022-12", "A2", "B", 40, 100, D(2022, 12, 20)),
        KpiReport("2023-03", "A1", "B", 50, 100, D(2023, 3, 20)),
    )
    # Baseline from December's reports (30 %) beats the catalogue's 40: expected(3) = 30 + 50 * 3/12.
    march = row(engine, catalog, "B", "2023-03")
    assert march["baseline"] == pytest.approx(30.0)
    assert march["expected"] == pytest.approx(30 + (80 - 30) * 3 / 12)
    assert march["actual"] == pytest.approx(100 * (50 + 40) / 200)  # A2 carried from December
    # In January only December exists: the state is December's, status measured against it.
    january = row(engine, catalog, "B", "2023-01")
    assert january["actual"] == pytest.approx(30.0)
    # A unit scope's baseline is its own December; without one, the catalogue's 40.
    assert row(engine, catalog, "B", "2023-03", "A1")["baseline"] == pytest.approx(20.0)
    assert row(engine, catalog, "B", "2023-03", "A3")["baseline"] == pytest.approx(40.0)
    assert row(engine, catalog, "B", "2023-03", "A3")["status"] == "no_data"


def test_newest_submission_wins_and_every_version_is_kept(small):
    engine, catalog = small
    add(engine, KpiReport("2023-03", "A1", "F", 10, 100, D(2023, 3, 20)))
    add(engine, KpiReport("2023-03", "A1", "F", 70, 100, D(2023, 4, 2)))  # correction after the due day
    add(engine, KpiReport("2023-03", "A1", "F", 5, 100, D(2023, 3, 22)))  # an older version, loaded last
    assert row(engine, catalog, "F", "2023-03")["actual"] == pytest.approx(70.0)
    rows = store.kpi_unit_rows(engine, province_scope(catalog), "F", "2023-03")
    assert [(r.numerator, r.submitted_at) for r in rows] == [(70.0, D(2023, 4, 2))]
    from sqlalchemy import func, select

    from dtplan.store.models import KpiReportRow

    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(KpiReportRow)) == 3


@pytest.mark.parametrize(
    ("first", "correction", "status"),
    [
        (D(2023, 3, 20), D(2023, 4, 2), "on_time"),  # on time, corrected late: still on time
        (D(2023, 3, 28), D(2023, 4, 2), "late"),  # late, corrected later: still late
        (D(2023, 3, 25), D(2023, 3, 26), "late"),  # on the due day itself is late
    ],
)
def test_a_correction_does_not_change_when_the_report_came(small, first, correction, status):
    engine, catalog = small
    add(engine, KpiReport("2023-03", "A1", "F", 10, 100, first))
    add(engine, KpiReport("2023-03", "A1", "F", 20, 100, correction))
    rows = views.compliance_table(engine, catalog, unit_scope(catalog, "A1"), "2023-03", today=D(2023, 5, 1))
    march = next(r for r in rows if r["period"] == "2023-03")
    assert march["submitted_at"] == first.isoformat()
    assert march["status"] == status
    assert next(r for r in rows if r["period"] == "2023-02")["status"] == "missing"


def test_gt_and_ge_at_exactly_the_target_through_sql(small):
    engine, catalog = small
    add(
        engine,
        KpiReport("2023-12", "A1", "S", 25, 50, D(2023, 12, 10)),
        KpiReport("2023-12", "A2", "S", 25, 50, D(2023, 12, 10)),  # 50/100 = 50, op gt 50
        KpiReport("2023-11", "A1", "N", 1, None, D(2023, 11, 10)),
        KpiReport("2023-12", "A2", "N", 2, None, D(2023, 12, 10)),  # 1 + 2 = 3, op ge 3
        KpiReport("2023-12", "A1", "F", 7, 10, D(2023, 12, 10)),
        KpiReport("2023-12", "A2", "F", 0.5, 1, D(2023, 12, 10)),  # 7.5/11 -> above 60: vượt
    )
    stock = row(engine, catalog, "S", "2023-12")
    assert stock["actual"] == pytest.approx(50.0)
    assert stock["status"] != "met" and stock["assessment"] == "khong_dat"
    count = row(engine, catalog, "N", "2023-12")
    assert count["actual"] == 3.0 and count["denominator"] is None
    assert count["status"] == "met" and count["assessment"] == "dat"
    assert row(engine, catalog, "F", "2023-12")["assessment"] == "vuot"


def test_a_task_due_on_the_last_day_of_the_month(small):
    engine, catalog = small
    add(
        engine,
        TaskReport("2023-06", "K-1", "A1", "dang_thuc_hien", 95, D(2023, 6, 20)),
        TaskReport("2023-06", "K-2", "A2", "dang_thuc_hien", 10, D(2023, 6, 20)),
    )
    scope = province_scope(catalog)
    june = {r["code"]: r["status"] for r in views.task_table(engine, catalog, scope, "2023-06")}
    assert june["K-1"] == "on_track"  # due 30/06 = the as-of day: not overdue yet
    assert june["K-2"] == "behind"  # 10 % against ≈ 49 % expected
    july = {r["code"]: r["status"] for r in views.task_table(engine, catalog, scope, "2023-07")}
    assert july["K-1"] == "overdue"
    may = {r["code"]: r["status"] for r in views.task_table(engine, catalog, scope, "2023-05")}
    assert may == {"K-1": "no_report", "K-2": "no_report"}
    # The partner district sees the task it partners, and the lead's report drives its status.
    district = views.task_table(engine, catalog, unit_scope(catalog, "D1"), "2023-06")
    assert [(r["code"], r["status"]) for r in district] == [("K-1", "on_track")]
