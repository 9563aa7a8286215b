"""The database: engine, migrations, loading the catalogue, and every read (each takes a Scope).

Aggregation happens in SQL — sums of numerators and denominators per KPI (and per unit or month
where a view needs it) — so the same code serves a province and a country.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, and_, create_engine, delete, event, func, insert, select, update
from sqlalchemy.orm import Session

from dtplan.domain.access import Scope, require_scope
from dtplan.domain.catalog import Catalog, Kpi, PlanInfo, ReportingCalendar, Task, Unit
from dtplan.domain.metrics import ProgressReport, Sums, month_due_date
from dtplan.domain.periods import period, previous_december
from dtplan.store.models import (
    AuditRow,
    ImportRow,
    KpiReportRow,
    KpiRow,
    Meta,
    PlanRow,
    TaskPartnerRow,
    TaskReportRow,
    TaskRow,
    UnitRow,
)
from dtplan.store.session import transaction  # noqa: F401  (re-exported: store.transaction)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = f"sqlite:///{ROOT / 'data' / 'dtplan.db'}"


class StoreError(RuntimeError):
    """A database that cannot serve the request; the message is for people, in Vietnamese."""


def database_url() -> str:
    url = os.environ.get("DTPLAN_DATABASE_URL", "").strip()
    if not url:
        return DEFAULT_DATABASE_URL
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        # Relative SQLite paths are taken from the project root, not from wherever the shell is.
        relative = url.removeprefix("sqlite:///")
        if relative and not Path(relative).is_absolute():
            return f"sqlite:///{ROOT / relative}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def sqlite_timeout() -> float:
    """Seconds a SQLite write waits for another writer's lock before 'database is locked'
    (DTPLAN_SQLITE_TIMEOUT, default 30)."""
    try:
        return max(0.0, float(os.environ.get("DTPLAN_SQLITE_TIMEOUT", "30")))
    except ValueError:
        return 30.0


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:" and url != "sqlite://":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": sqlite_timeout()})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def upgrade(engine: Engine) -> None:
    """Create or upgrade the schema in place (Alembic)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).resolve().parent / "migrations"))
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            # The SQLite driver runs DDL outside any transaction unless one is open: open it, so that a
            # migration failing half-way leaves the schema as it was (an upgrade is all-or-nothing).
            connection.exec_driver_sql("BEGIN")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


# --- meta ------------------------------------------------------------------------------------------


def get_meta(engine: Engine, key: str) -> str | None:
    with Session(engine) as session:
        row = session.get(Meta, key)
        return row.value if row else None


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value


def is_demo(engine: Engine) -> bool:
    return get_meta(engine, "demo") == "true"


def has_schema(engine: Engine) -> bool:
    from sqlalchemy import inspect

    return inspect(engine).has_table("plan")


# --- the catalogue ----------------------------------------------------------------------------------


def save_catalog(session: Session, catalog: Catalog) -> None:
    """Insert or update the plan, units, KPIs and tasks (tasks are never deleted)."""
    existing = session.scalars(select(PlanRow)).all()
    if existing and existing[0].code != catalog.plan.code:
        raise StoreError(
            f"Cơ sở dữ liệu đang chứa kế hoạch '{existing[0].code}'; không nạp kế hoạch khác "
            f"('{catalog.plan.code}') vào cùng cơ sở dữ liệu"
        )
    cal = catalog.reporting
    session.merge(
        PlanRow(
            code=catalog.plan.code,
            title=catalog.plan.title,
            number=catalog.plan.number,
            province=catalog.plan.province,
            year=catalog.plan.year,
            issued=catalog.plan.issued,
            reporting={
                "monthly_due_day": cal.monthly_due_day,
                "quarterly_due_day": cal.quarterly_due_day,
                "half_year_due": f"{cal.half_year_due[0]:02d}-{cal.half_year_due[1]:02d}",
                "year_due": f"{cal.year_due[0]:02d}-{cal.year_due[1]:02d}",
            },
        )
    )
    for order, unit in enumerate(catalog.units):
        session.merge(
            UnitRow(
                code=unit.code,
                name=unit.name,
                short=unit.short,
                kind=unit.kind,
                parent=unit.parent,
                sort_order=order,
            )
        )
    for order, kpi in enumerate(catalog.kpis):
        session.merge(
            KpiRow(
                code=kpi.code,
                name=kpi.name,
                text=kpi.text,
                unit=kpi.unit,
                op=kpi.op,
                target=kpi.target,
                aggregation=kpi.aggregation,
                levels=list(kpi.levels),
                lead=kpi.lead,
                baseline=kpi.baseline,
                milestones=dict(kpi.milestones),
                sort_order=order,
            )
        )
    save_tasks(session, catalog.tasks)
    set_meta(session, "plan", catalog.plan.code)


def save_tasks(session: Session, tasks: Iterable[Task]) -> None:
    """Add new tasks and update existing ones by code (never delete)."""
    next_order = (session.scalar(select(func.max(TaskRow.sort_order))) or 0) + 1
    for task in tasks:
        row = session.get(TaskRow, task.code)
        if row is None:
            row = TaskRow(code=task.code, sort_order=next_order)
            next_order += 1
            session.add(row)
        row.appendix = task.appendix
        row.section = task.section
        row.title = task.title
        row.lead = task.lead
        row.start = task.start
        row.due = task.due
        row.product = task.product
        row.illustrative = task.illustrative
        session.flush()
        session.execute(delete(TaskPartnerRow).where(TaskPartnerRow.task_code == task.code))
        for partner in dict.fromkeys(task.partners):
            session.add(TaskPartnerRow(task_code=task.code, unit_code=partner))
    session.flush()


def read_catalog(engine: Engine) -> Catalog:
    """The plan as the database holds it (including imported tasks)."""
    with Session(engine) as session:
        plan = session.scalars(select(PlanRow)).first()
        if plan is None:
            raise StoreError("Cơ sở dữ liệu chưa có kế hoạch: chạy 'python -m dtplan init' trước")
        units = session.scalars(select(UnitRow).order_by(UnitRow.sort_order)).all()
        kpis = session.scalars(select(KpiRow).order_by(KpiRow.sort_order)).all()
        tasks = session.scalars(select(TaskRow).order_by(TaskRow.sort_order)).all()
        partners: dict[str, list[str]] = {}
        for row in session.scalars(select(TaskPartnerRow)).all():
            partners.setdefault(row.task_code, []).append(row.unit_code)
        reporting = plan.reporting
        return Catalog(
            plan=PlanInfo(
                code=plan.code,
                title=plan.title,
                province=plan.province,
                year=plan.year,
                issued=plan.issued,
                number=plan.number,
            ),
            reporting=ReportingCalendar(
                monthly_due_day=int(reporting["monthly_due_day"]),
                quarterly_due_day=int(reporting["quarterly_due_day"]),
                half_year_due=tuple(int(p) for p in reporting["half_year_due"].split("-")),
                year_due=tuple(int(p) for p in reporting["year_due"].split("-")),
            ),
            units=tuple(Unit(u.code, u.name, u.short, u.kind, u.parent) for u in units),
            kpis=tuple(
                Kpi(
                    code=k.code,
                    name=k.name,
                    text=k.text,
                    unit=k.unit,
                    op=k.op,
                    target=k.target,
                    aggregation=k.aggregation,
                    levels=tuple(k.levels),
                    lead=k.lead,
                    baseline=k.baseline,
                    milestones=dict(k.milestones or {}),
                )
                for k in kpis
            ),
            tasks=tuple(
                Task(
                    code=t.code,
                    appendix=t.appendix,
                    section=t.section,
                    title=t.title,
                    lead=t.lead,
                    partners=tuple(sorted(partners.get(t.code, []))),
                    start=t.start,
                    due=t.due,
                    product=t.product,
                    illustrative=t.illustrative,
                )
                for t in tasks
            ),
        )


# --- writing reports -------------------------------------------------------------------------------


@dataclass(frozen=True)
class KpiReport:
    period: str
    unit_code: str
    kpi_code: str
    numerator: float
    denominator: float | None
    submitted_at: dt.date
    note: str = ""


@dataclass(frozen=True)
class TaskReport:
    period: str
    task_code: str
    unit_code: str
    status: str
    progress: float
    submitted_at: dt.date
    note: str = ""


def add_kpi_reports(session: Session, reports: list[KpiReport], import_id: int | None = None) -> None:
    """Append new versions and move the `is_current` mark to the newest submitted_at of each key.

    A new version wins only when its submitted_at is strictly newer than the current one's; a tie
    goes to the later import (it is the correction the office loaded last).
    """
    if not reports:
        return
    keys = {(r.period, r.unit_code, r.kpi_code) for r in reports}
    periods = sorted({k[0] for k in keys})
    current: dict[tuple[str, str, str], tuple[int, dt.date]] = {}
    for chunk in _chunks(periods, 200):
        rows = session.execute(
            select(
                KpiReportRow.id,
                KpiReportRow.period,
                KpiReportRow.unit_code,
                KpiReportRow.kpi_code,
                KpiReportRow.submitted_at,
            ).where(KpiReportRow.is_current.is_(True), KpiReportRow.period.in_(chunk))
        )
        for row_id, p, u, k, submitted in rows:
            if (p, u, k) in keys:
                current[(p, u, k)] = (row_id, submitted)
    superseded: list[int] = []
    values: list[dict] = []
    pending: dict[tuple[str, str, str], int] = {}  # key -> index in `values` of the winning new row
    for report in reports:
        key = (report.period, report.unit_code, report.kpi_code)
        if key in pending:
            previous_submitted = values[pending[key]]["submitted_at"]
        else:
            previous_submitted = current[key][1] if key in current else None
        wins = previous_submitted is None or report.submitted_at >= previous_submitted
        if wins:
            if key in pending:
                values[pending[key]]["is_current"] = False
            elif key in current:
                superseded.append(current[key][0])
            pending[key] = len(values)
        values.append(
            {
                "period": report.period,
                "unit_code": report.unit_code,
                "kpi_code": report.kpi_code,
                "numerator": float(report.numerator),
                "denominator": None if report.denominator is None else float(report.denominator),
                "submitted_at": report.submitted_at,
                "note": report.note or "",
                "import_id": import_id,
                "is_current": wins,
            }
        )
    for chunk in _chunks(superseded, 500):
        session.execute(update(KpiReportRow).where(KpiReportRow.id.in_(chunk)).values(is_current=False))
    for chunk in _chunks(values, 5000):
        session.execute(insert(KpiReportRow), chunk)


def add_task_reports(session: Session, reports: list[TaskReport], import_id: int | None = None) -> None:
    values = [
        {
            "period": r.period,
            "task_code": r.task_code,
            "unit_code": r.unit_code,
            "status": r.status,
            "progress": float(r.progress),
            "submitted_at": r.submitted_at,
            "note": r.note or "",
            "import_id": import_id,
        }
        for r in reports
    ]
    for chunk in _chunks(values, 5000):
        session.execute(insert(TaskReportRow), chunk)


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def record_audit(session: Session, actor: str, action: str, detail: dict | None = None) -> None:
    session.add(
        AuditRow(
            at=dt.datetime.now(),
            actor=actor,
            action=action,
            detail=json.dumps(detail or {}, ensure_ascii=False, default=str),
        )
    )


# --- scoped reads ------------------------------------------------------------------------------------


def _scope_filter(column, scope: Scope):
    scope = require_scope(scope)
    if scope.is_all:
        return True
    return column.in_(sorted(scope.units))


def _sums_by_unit(engine: Engine, scope: Scope, catalog: Catalog, as_of: str) -> dict[tuple[str, str], Sums]:
    """Σ numerator, Σ denominator, report count per (unit, KPI) for the scope at month M.

    flow: all periods January..M; stock: each unit's latest report at or before M (the previous
    December counts as the starting state).
    """
    scope = require_scope(scope)
    year = catalog.plan.year
    flow = [k.code for k in catalog.kpis if k.aggregation == "flow"]
    stock = [k.code for k in catalog.kpis if k.aggregation == "stock"]
    r = KpiReportRow
    keys = (r.unit_code, r.kpi_code)
    sums = (func.sum(r.numerator), func.sum(r.denominator), func.count())
    result: dict[tuple[str, str], Sums] = {}

    def collect(rows) -> None:
        for unit, code, num, den, count in rows:
            result[(unit, code)] = Sums(float(num or 0), float(den or 0), int(count))

    with engine.connect() as conn:
        if flow:
            collect(
                conn.execute(
                    select(*keys, *sums)
                    .where(
                        r.is_current.is_(True),
                        r.kpi_code.in_(flow),
                        r.period >= period(year, 1),
                        r.period <= as_of,
                        _scope_filter(r.unit_code, scope),
                    )
                    .group_by(*keys)
                )
            )
        if stock:
            latest = (
                select(r.unit_code, r.kpi_code, func.max(r.period).label("period"))
                .where(
                    r.is_current.is_(True),
                    r.kpi_code.in_(stock),
                    r.period >= previous_december(year),
                    r.period <= as_of,
                    _scope_filter(r.unit_code, scope),
                )
                .group_by(r.unit_code, r.kpi_code)
                .subquery()
            )
            collect(
                conn.execute(
                    select(*keys, *sums)
                    .join(
                        latest,
                        and_(
                            r.unit_code == latest.c.unit_code,
                            r.kpi_code == latest.c.kpi_code,
                            r.period == latest.c.period,
                        ),
                    )
                    .where(r.is_current.is_(True))
                    .group_by(*keys)
                )
            )
    return result


def december_sums_by_unit(engine: Engine, scope: Scope, catalog: Catalog) -> dict[tuple[str, str], Sums]:
    """The previous December's reports per (unit_code, kpi_code): each unit's baseline."""
    r = KpiReportRow
    keys = (r.unit_code, r.kpi_code)
    with engine.connect() as conn:
        rows = conn.execute(
            select(*keys, func.sum(r.numerator), func.sum(r.denominator), func.count())
            .where(
                r.is_current.is_(True),
                r.period == previous_december(catalog.plan.year),
                _scope_filter(r.unit_code, scope),
            )
            .group_by(*keys)
        )
        return {(u, k): Sums(float(n or 0), float(d or 0), int(c)) for u, k, n, d, c in rows}


def kpi_sums(engine: Engine, scope: Scope, catalog: Catalog, as_of: str) -> dict[str, Sums]:
    """Σ numerator, Σ denominator, report count per KPI for the scope at the as-of month."""
    return summary_sums(engine, scope, catalog, as_of)[0]


def december_sums(engine: Engine, scope: Scope, catalog: Catalog) -> dict[str, Sums]:
    """The previous December's reports per KPI: the baseline of contract §3 (independent of the month)."""
    return summary_sums(engine, scope, catalog, period(catalog.plan.year, 1))[1]


def kpi_month_sums(engine: Engine, scope: Scope, kpi_code: str, until: str) -> dict[tuple[str, str], Sums]:
    """Per (period, unit) sums of one KPI up to a month, previous December included (trend, stock)."""
    r = KpiReportRow
    year = int(until[:4])
    with engine.connect() as conn:
        rows = conn.execute(
            select(r.period, r.unit_code, func.sum(r.numerator), func.sum(r.denominator), func.count())
            .where(
                r.is_current.is_(True),
                r.kpi_code == kpi_code,
                r.period >= previous_december(year),
                r.period <= until,
                _scope_filter(r.unit_code, scope),
            )
            .group_by(r.period, r.unit_code)
        )
        return {(p, u): Sums(float(n or 0), float(d or 0), int(c)) for p, u, n, d, c in rows}


def kpi_unit_rows(engine: Engine, scope: Scope, kpi_code: str, until: str) -> list[KpiReport]:
    """The current figures of one KPI, row by row (for the contributing-numbers table)."""
    r = KpiReportRow
    year = int(until[:4])
    with engine.connect() as conn:
        rows = conn.execute(
            select(r.period, r.unit_code, r.kpi_code, r.numerator, r.denominator, r.submitted_at, r.note)
            .where(
                r.is_current.is_(True),
                r.kpi_code == kpi_code,
                r.period >= previous_december(year),
                r.period <= until,
                _scope_filter(r.unit_code, scope),
            )
            .order_by(r.unit_code, r.period)
        )
        return [KpiReport(*row) for row in rows]


def _visible_tasks(scope: Scope):
    """The task codes a scope may see: those its units lead or partner (all tasks for the province)."""
    scope = require_scope(scope)
    if scope.is_all:
        return select(TaskRow.code)
    units = sorted(scope.units)
    partnered = select(TaskPartnerRow.task_code).where(TaskPartnerRow.unit_code.in_(units))
    return select(TaskRow.code).where((TaskRow.lead.in_(units)) | (TaskRow.code.in_(partnered)))


def task_progress(
    engine: Engine, scope: Scope, task_codes: Iterable[str], as_of: str
) -> dict[str, list[ProgressReport]]:
    """Progress reports at or before the as-of month for those of the given tasks the scope may see."""
    codes = list(task_codes)
    result: dict[str, list[ProgressReport]] = {}
    if not codes:
        return result
    visible = _visible_tasks(scope)
    r = TaskReportRow
    with engine.connect() as conn:
        for chunk in _chunks(codes, 500):
            rows = conn.execute(
                select(r.task_code, r.period, r.status, r.progress, r.submitted_at).where(
                    r.task_code.in_(chunk), r.task_code.in_(visible), r.period <= as_of
                )
            )
            for code, p, status, progress, submitted in rows:
                result.setdefault(code, []).append(ProgressReport(p, status, float(progress), submitted))
    return result


def task_history(engine: Engine, scope: Scope, task_code: str) -> list[TaskReport]:
    """Every progress report of one task the scope may see (empty when it may not see the task).

    A task's progress is shared task data: its lead and partners read every report of it, whoever sent
    it — the reports task_progress and latest_task_progress compute the task's status from, so the list
    and the history agree. Who sent a report is the sender's own data: outside the scope its unit code
    is None and its free-text note is dropped (a note may name the sender)."""
    scope = require_scope(scope)
    r = TaskReportRow
    with engine.connect() as conn:
        rows = conn.execute(
            select(r.period, r.task_code, r.unit_code, r.status, r.progress, r.submitted_at, r.note)
            .where(r.task_code == task_code, r.task_code.in_(_visible_tasks(scope)))
            .order_by(r.period, r.submitted_at, r.id)
        )
        return [
            TaskReport(*row) if scope.allows(row.unit_code) else TaskReport(*row[:2], None, *row[3:6], "")
            for row in rows
        ]


def first_submissions(
    engine: Engine, scope: Scope, periods: list[str], dues: dict[str, dt.date] | None = None
) -> dict[tuple[str, str], dt.date]:
    """Earliest submitted_at per (unit, period) over KPI and task-progress rows — the evidence of when a
    unit reported, for compliance.

    A date written in a file is the unit's word; the import time is the server's. So a row counts only
    when it is the unit's first word on that period — it came with the earliest import holding any row
    of that (unit, period) — or its import happened before the period's due date (`dues`): it then
    existed before the deadline. A correction imported after the due date may carry any date in its
    file, it never lowers the first submission (contract §2.1: a correction does not turn a late report
    into an on-time one). Rows written without an import (demo data) count as they are.
    `dues`: period -> due date; by default from the stored plan's calendar.
    """
    result: dict[tuple[str, str], dt.date] = {}
    if not periods:
        return result
    if dues is None:
        calendar = read_catalog(engine).reporting
        dues = {p: month_due_date(calendar, p) for p in periods}
    # (unit, period) -> [(import order key, import id, earliest submitted_at in that import)]
    found: dict[tuple[str, str], list[tuple[tuple, int | None, dt.date]]] = {}
    with engine.connect() as conn:
        per_import = []
        for table in (KpiReportRow, TaskReportRow):
            per_import += conn.execute(
                select(table.unit_code, table.period, table.import_id, func.min(table.submitted_at))
                .where(table.period.in_(periods), _scope_filter(table.unit_code, scope))
                .group_by(table.unit_code, table.period, table.import_id)
            ).all()
        ids = sorted({i for _u, _p, i, _d in per_import if i is not None})
        imported_at: dict[int, dt.datetime] = {}
        for chunk in _chunks(ids, 500):
            query = select(ImportRow.id, ImportRow.imported_at).where(ImportRow.id.in_(chunk))
            imported_at.update(tuple(row) for row in conn.execute(query))
    for unit, p, import_id, first in per_import:
        if isinstance(first, str):  # SQLite returns MIN() of dates as text
            first = dt.date.fromisoformat(first)
        at = imported_at.get(import_id) if import_id is not None else None
        order = (at or dt.datetime.min, import_id or 0)
        found.setdefault((unit, p), []).append((order, at, first))
    for key, versions in found.items():
        original = min(order for order, _at, _first in versions)
        counted = [
            first
            for order, at, first in versions
            if at is None or order == original or at < dt.datetime.combine(dues[key[1]], dt.time())
        ]
        result[key] = min(counted)
    return result


def latest_period_with_data(engine: Engine, scope: Scope, year: int) -> str | None:
    r = KpiReportRow
    with engine.connect() as conn:
        return conn.scalar(
            select(func.max(r.period)).where(
                r.period >= period(year, 1), r.period <= period(year, 12), _scope_filter(r.unit_code, scope)
            )
        )


def last_import_at(engine: Engine, scope: Scope) -> dt.datetime | None:
    """When data was last loaded (the time is not a unit's figure, so any scope may see it)."""
    require_scope(scope)
    with engine.connect() as conn:
        return conn.scalar(select(func.max(ImportRow.imported_at)))


# --- dashboard reads (issue 4): the same sums as kpi_sums, one row per (unit, KPI) ---------------------


def kpi_sums_by_unit(engine: Engine, scope: Scope, catalog: Catalog, as_of: str) -> dict[tuple[str, str], Sums]:
    """Like kpi_sums, but per (unit_code, kpi_code): flow Σ January..M, stock each unit's latest ≤ M."""
    return _sums_by_unit(engine, scope, catalog, as_of)


# --- summary reads (issue 2, speed): flow, stock and December sums in one round trip ----------------------
# The statement is built once per kind of scope and reused with bind parameters, so SQLAlchemy neither
# rebuilds nor recompiles it on every call. kpi_sums and december_sums are views of it.
_FLOW, _STOCK, _DECEMBER = 1, 2, 3


@functools.cache
def _summary_statement(scoped: bool):
    from sqlalchemy import bindparam, literal_column, true, union_all

    r = KpiReportRow
    in_scope = r.unit_code.in_(bindparam("units", expanding=True)) if scoped else true()
    sums = (func.sum(r.numerator), func.sum(r.denominator), func.count())
    flow = (
        select(literal_column(str(_FLOW)).label("part"), r.kpi_code, *sums)
        .where(
            r.is_current.is_(True),
            r.kpi_code.in_(bindparam("flow", expanding=True)),
            r.period >= bindparam("january"),
            r.period <= bindparam("as_of"),
            in_scope,
        )
        .group_by(r.kpi_code)
    )
    latest = (
        select(r.unit_code, r.kpi_code, func.max(r.period).label("period"))
        .where(
            r.is_current.is_(True),
            r.kpi_code.in_(bindparam("stock", expanding=True)),
            r.period >= bindparam("december"),
            r.period <= bindparam("as_of"),
            in_scope,
        )
        .group_by(r.unit_code, r.kpi_code)
        .subquery()
    )
    stock = (
        select(literal_column(str(_STOCK)).label("part"), r.kpi_code, *sums)
        .join(
            latest,
            and_(r.unit_code == latest.c.unit_code, r.kpi_code == latest.c.kpi_code, r.period == latest.c.period),
        )
        # The same bounds as the subquery: results are unchanged, but the planner can scan only
        # these months through the index instead of joining the whole table.
        .where(
            r.is_current.is_(True),
            r.kpi_code.in_(bindparam("stock", expanding=True)),
            r.period >= bindparam("december"),
            r.period <= bindparam("as_of"),
            in_scope,
        )
        .group_by(r.kpi_code)
    )
    december = (
        select(literal_column(str(_DECEMBER)).label("part"), r.kpi_code, *sums)
        .where(r.is_current.is_(True), r.period == bindparam("december"), in_scope)
        .group_by(r.kpi_code)
    )
    return union_all(flow, stock, december)


def summary_sums(engine: Engine, scope: Scope, catalog: Catalog, as_of: str) -> tuple[dict[str, Sums], dict[str, Sums]]:
    """(sums per KPI at the as-of month, the previous December's sums per KPI) for the scope, in one query."""
    scope = require_scope(scope)
    year = catalog.plan.year
    params = {
        "flow": [k.code for k in catalog.kpis if k.aggregation == "flow"],
        "stock": [k.code for k in catalog.kpis if k.aggregation == "stock"],
        "january": period(year, 1),
        "december": previous_december(year),
        "as_of": as_of,
    }
    if not scope.is_all:
        params["units"] = sorted(scope.units)
    sums: dict[str, Sums] = {}
    december: dict[str, Sums] = {}
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            # Each unit's latest stock report is a hash aggregate over (unit, KPI): at national size
            # (10,000 communes) it outgrows the default 4 MB and spills to disk. For this query only.
            conn.exec_driver_sql("SET LOCAL work_mem = '64MB'")
        for part, code, num, den, count in conn.execute(_summary_statement(not scope.is_all), params):
            target = december if part == _DECEMBER else sums
            target[code] = Sums(float(num or 0), float(den or 0), int(count))
    return sums, december


@functools.cache
def _latest_task_statement(scoped: bool):
    from sqlalchemy import bindparam

    r = TaskReportRow
    conditions = [r.task_code.in_(bindparam("codes", expanding=True)), r.period <= bindparam("as_of")]
    if scoped:
        units = bindparam("units", expanding=True)
        partnered = select(TaskPartnerRow.task_code).where(TaskPartnerRow.unit_code.in_(units))
        conditions.append(
            r.task_code.in_(select(TaskRow.code).where(TaskRow.lead.in_(units) | TaskRow.code.in_(partnered)))
        )
    latest = select(r.task_code, func.max(r.period).label("period")).where(*conditions).group_by(r.task_code).subquery()
    return select(r.task_code, r.period, r.status, r.progress, r.submitted_at).join(
        latest, and_(r.task_code == latest.c.task_code, r.period == latest.c.period)
    )


def latest_task_progress(
    engine: Engine, scope: Scope, task_codes: Iterable[str], as_of: str
) -> dict[str, list[ProgressReport]]:
    """Like task_progress, but only the reports of each task's latest period at or before the as-of
    month — all that metrics.latest_report looks at — so a summary does not fetch a year of history."""
    scope = require_scope(scope)
    codes = list(task_codes)
    result: dict[str, list[ProgressReport]] = {}
    if not codes:
        return result
    statement = _latest_task_statement(not scope.is_all)
    with engine.connect() as conn:
        for chunk in _chunks(codes, 500):
            params = {"codes": chunk, "as_of": as_of}
            if not scope.is_all:
                params["units"] = sorted(scope.units)
            for code, p, status, progress, submitted in conn.execute(statement, params):
                result.setdefault(code, []).append(ProgressReport(p, status, float(progress), submitted))
    return result
