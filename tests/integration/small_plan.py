"""A small constructed plan for store-level tests: a province, three agencies, two districts with
communes, and one KPI of each kind (flow/stock x percent/count, gt/ge)."""

from __future__ import annotations

import datetime as dt

from dtplan.domain.catalog import Catalog, Kpi, PlanInfo, ReportingCalendar, Task, Unit

YEAR = 2023

UNITS = (
    Unit("P", "Tỉnh Thử", "Thử", "province", None),
    Unit("A1", "Sở Một", "Sở 1", "agency", "P"),
    Unit("A2", "Sở Hai", "Sở 2", "agency", "P"),
    Unit("A3", "Sở Ba", "Sở 3", "agency", "P"),
    Unit("D1", "Huyện Một", "H1", "district", "P"),
    Unit("D2", "Huyện Hai", "H2", "district", "P"),
    Unit("C11", "Xã Một Một", "X11", "commune", "D1"),
    Unit("C12", "Xã Một Hai", "X12", "commune", "D1"),
    Unit("C21", "Xã Hai Một", "X21", "commune", "D2"),
)
LEVELS = ("agency", "district", "commune")


def _kpi(code, unit, op, target, aggregation, baseline=None):
    return Kpi(code, code, code, unit, op, float(target), aggregation, LEVELS, "A1", baseline, {})


KPIS = (
    _kpi("F", "percent", "ge", 60, "flow"),
    _kpi("S", "percent", "gt", 50, "stock"),
    _kpi("N", "count", "ge", 3, "stock"),
    _kpi("B", "percent", "ge", 80, "stock", baseline=40.0),
)
TASKS = (
    Task("K-1", "01", "", "Nhiệm vụ hạn cuối tháng 6", "A1", ("D1",), dt.date(YEAR, 1, 1), dt.date(YEAR, 6, 30)),
    Task("K-2", "02", "", "Nhiệm vụ cả năm", "A2", (), dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)),
)
CATALOG = Catalog(
    plan=PlanInfo(code="KH-THU", title="Kế hoạch thử", province="P", year=YEAR, issued=None),
    reporting=ReportingCalendar(monthly_due_day=25, quarterly_due_day=25, half_year_due=(6, 25), year_due=(12, 15)),
    units=UNITS,
    kpis=KPIS,
    tasks=TASKS,
)


def install(engine) -> Catalog:
    """Schema + this plan; returns the catalogue as the store reads it back."""
    from sqlalchemy.orm import Session

    from dtplan import store

    store.upgrade(engine)
    with Session(engine) as session, session.begin():
        store.save_catalog(session, CATALOG)
    return store.read_catalog(engine)
