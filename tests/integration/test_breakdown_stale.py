"""kpi_breakdown marks a unit whose stock figure is old (no new report for metrics.STALE_MONTHS), on SQLite
and on PostgreSQL: one of the reasons two equal bars on the KPI page carry different statuses."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from dtplan import store
from dtplan.domain.access import province_scope, unit_scope
from dtplan.read import views
from dtplan.store import KpiReport
from tests.integration.small_plan import install

D = dt.date


@pytest.fixture
def small(empty_db_url):
    engine = store.make_engine(empty_db_url)
    catalog = install(engine)
    with Session(engine) as session, session.begin():
        store.add_kpi_reports(
            session,
            [
                KpiReport("2023-02", "A1", "S", 30, 100, D(2023, 2, 20)),  # not since February
                KpiReport("2023-05", "A2", "S", 30, 100, D(2023, 5, 20)),
                KpiReport("2023-01", "C11", "S", 3, 10, D(2023, 1, 20)),  # D1: one commune old, one recent
                KpiReport("2023-05", "C12", "S", 3, 10, D(2023, 5, 20)),
                KpiReport("2023-01", "C21", "S", 3, 10, D(2023, 1, 20)),  # D2: only an old report
                KpiReport("2023-01", "A1", "F", 30, 100, D(2023, 1, 20)),  # a flow figure is never old
            ],
        )
    yield engine, catalog
    engine.dispose()


def _stale(engine, catalog, scope, kpi: str, as_of: str) -> dict[str, bool]:
    return {r["unit"]: r["stale"] for r in views.kpi_breakdown(engine, catalog, scope, kpi, as_of)}


def test_a_stock_figure_with_no_report_for_months_is_marked(small):
    engine, catalog = small
    everything = province_scope(catalog)
    june = _stale(engine, catalog, everything, "S", "2023-06")
    # A1 (February) and D2 (January) are older than three months before June; A2 and D1 (a commune in May)
    # are not; units with no report have no figure to be old.
    assert {code for code, old in june.items() if old} == {"A1", "D2"}
    assert june["A2"] is False and june["D1"] is False and june["A3"] is False
    # In May, February is not yet more than three months back (January is); in April nothing is old.
    may = _stale(engine, catalog, everything, "S", "2023-05")
    assert {code for code, old in may.items() if old} == {"D2"}
    assert not any(_stale(engine, catalog, everything, "S", "2023-04").values())
    assert not any(_stale(engine, catalog, everything, "F", "2023-06").values())
    # A unit's own view says the same of it.
    assert _stale(engine, catalog, unit_scope(catalog, "A1"), "S", "2023-06") == {"A1": True}
