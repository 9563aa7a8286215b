"""Deterministic demo data (seeded): a whole plan year of reports, with every status on show.

Everything generated here is marked as demo in the database (meta 'demo'), and the app labels it
on every screen. Demo accounts exist only in a demo database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random

from sqlalchemy import Engine, column, func, inspect, select, table

from dtplan import i18n
from dtplan.domain import metrics
from dtplan.domain.catalog import Catalog, Kpi, Task
from dtplan.domain.periods import last_day, months_of_year, previous_december
from dtplan.store import accounts
from dtplan.store.engine import is_demo, set_meta, transaction
from dtplan.store.models import Base, ImportRow
from dtplan.store.reports import KpiReport, TaskReport, add_kpi_reports, add_task_reports

SEED = 194_2023
DEMO_USER = "demo"
COMMUNE_DEMO_USER = "capxa"  # the demo account of a commune, in a two-level plan

# How far each KPI gets by December, as a share of its target (cycled over the catalogue's KPIs):
# some beat the target, some land just short, some lag badly.
_FINAL_SHARES = (1.12, 0.97, 1.05, 0.86, 1.08, 0.93, 0.74, 1.15, 0.99, 0.89, 1.03)


class DemoError(RuntimeError):
    pass


def demo_password() -> str:
    return os.environ.get("DTPLAN_DEMO_PASSWORD", "demo")


def _submission_dates(rng: random.Random, catalog: Catalog, unit_codes: list[str]) -> dict:
    """When each unit sent its report for each month (None: it never did)."""
    year = catalog.plan.year
    silent = _silent_unit(catalog)
    dates: dict[tuple[str, str], dt.date | None] = {}
    for unit in unit_codes:
        for p in [previous_december(year), *months_of_year(year)]:
            due = metrics.month_due_date(catalog.reporting, p)
            roll = rng.random()
            if unit == silent and p != previous_december(year):
                dates[(unit, p)] = None
            elif p == previous_december(year):
                dates[(unit, p)] = due - dt.timedelta(days=rng.randint(1, 10))
            elif roll < 0.04:
                dates[(unit, p)] = None  # missing this month
            elif roll < 0.17:
                dates[(unit, p)] = due + dt.timedelta(days=rng.randint(0, 12))  # late
            else:
                dates[(unit, p)] = due - dt.timedelta(days=rng.randint(1, 14))
    return dates


def _silent_unit(catalog: Catalog) -> str | None:
    """The last agency never reports in the demo, so 'missing' and 'no data' are on show."""
    agencies = [u.code for u in catalog.units if u.kind == "agency"]
    return agencies[-1] if len(agencies) > 3 else None


def _reporters(catalog: Catalog, kpi: Kpi) -> list[str]:
    """The units that report a KPI: the province's figure is sent under the province's code."""
    codes = []
    for unit in catalog.units:
        # Communes of a district are summed into it; in a two-level plan they report themselves.
        if kpi.sent_by(unit.kind) and (unit.kind != "commune" or catalog.local_kind == "commune"):
            codes.append(unit.code)
    return codes


def _kpi_reports(rng: random.Random, catalog: Catalog, dates: dict) -> list[KpiReport]:
    year = catalog.plan.year
    periods = [previous_december(year), *months_of_year(year)]
    strength = {u.code: rng.uniform(0.82, 1.12) for u in catalog.units}
    reports: list[KpiReport] = []
    for index, kpi in enumerate(catalog.kpis):
        share = _FINAL_SHARES[index % len(_FINAL_SHARES)]
        if kpi.target >= 100 and index % 2 == 0:
            share = 1.0  # a target of 100 % reached exactly: assessed "đạt", not "vượt"
        for unit in _reporters(catalog, kpi):
            reporter = kpi.lead if unit == catalog.plan.province else unit
            unit_strength = 1.0 if share == 1.0 else strength[unit]
            if kpi.unit == "count":
                reports += _count_series(catalog, kpi, unit, reporter, dates, periods)
                continue
            final = min(100.0, kpi.target * share * unit_strength)
            start = final * rng.uniform(0.45, 0.8)
            bend = rng.uniform(0.7, 1.5)
            size = rng.randint(40, 400) if unit != catalog.plan.province else rng.randint(30, 60)
            first_month = 4 if unit == catalog.plan.province and kpi.aggregation == "flow" else 0
            for step, p in enumerate(periods):
                submitted = dates.get((reporter, p))
                if submitted is None or step < first_month:
                    continue
                progress = (step / 12) ** bend
                if kpi.aggregation == "stock":
                    ratio = start + (final - start) * progress + rng.uniform(-1.5, 1.5)
                    denominator = size
                else:
                    ratio = final * (0.88 + 0.12 * progress) + rng.uniform(-4, 4)
                    denominator = max(5, round(size * rng.uniform(0.7, 1.3)))
                if step == 12 and share == 1.0:
                    ratio = 100.0
                ratio = min(100.0, max(0.0, ratio))
                numerator = min(denominator, round(denominator * ratio / 100))
                reports.append(KpiReport(p, unit, kpi.code, numerator, denominator, submitted, ""))
    return reports


def _count_series(catalog, kpi, unit, reporter, dates, periods) -> list[KpiReport]:
    """A count KPI (units that adopted a model): reaches the target in steps, exactly by December."""
    target = int(kpi.target)
    reports = []
    for step, p in enumerate(periods):
        submitted = dates.get((reporter, p))
        if submitted is None:
            continue
        value = min(target, (step * target) // 12) if step < 12 else target
        reports.append(KpiReport(p, unit, kpi.code, value, None, submitted, ""))
    return reports


def _corrections(rng: random.Random, reports: list[KpiReport]) -> list[KpiReport]:
    """About 3 % of figures are corrected later; the correction wins, the first stays on record."""
    corrected = []
    for report in reports:
        if rng.random() >= 0.03:
            continue
        numerator = report.numerator * rng.uniform(0.93, 1.07)
        if report.denominator is not None:
            numerator = min(report.denominator, numerator)
        corrected.append(
            KpiReport(
                report.period,
                report.unit_code,
                report.kpi_code,
                round(numerator),
                report.denominator,
                report.submitted_at + dt.timedelta(days=rng.randint(3, 20)),
                "Đính chính số liệu (demo)",
            )
        )
    return corrected


_TASK_FATES = ("on_track", "done", "behind", "overdue", "suspended", "no_report", "on_track", "done", "never")


def _task_reports(rng: random.Random, catalog: Catalog, dates: dict) -> list[TaskReport]:
    year = catalog.plan.year
    reports: list[TaskReport] = []
    for index, task in enumerate(catalog.tasks):
        fate = _TASK_FATES[index % len(_TASK_FATES)]
        if task.due.year < year:
            fate = "done"
        if fate == "no_report":
            continue
        for p in [previous_december(year), *months_of_year(year)]:
            day = last_day(p)
            if day < task.start.replace(day=1) or dates.get((task.lead, p)) is None:
                continue
            expected = metrics.expected_progress(task.start, task.due, day)
            status, progress = _task_point(rng, fate, task, p, expected)
            reports.append(TaskReport(p, task.code, task.lead, status, progress, dates[(task.lead, p)], ""))
            if status == metrics.HOAN_THANH:
                break
    return reports


def _task_point(rng: random.Random, fate: str, task: Task, p: str, expected: float) -> tuple[str, float]:
    if fate == "never":
        return metrics.CHUA_TRIEN_KHAI, 0.0
    if fate == "done" and expected >= 95:
        return metrics.HOAN_THANH, 100.0
    if fate == "suspended" and expected >= 40:
        return metrics.TAM_DUNG, round(min(60.0, expected), 0)
    if fate == "behind":
        return metrics.DANG_THUC_HIEN, round(max(0.0, expected - 35), 0)
    if fate == "overdue":
        return metrics.DANG_THUC_HIEN, round(min(80.0, expected * 0.8), 0)
    progress = round(min(99.0, max(0.0, expected + rng.uniform(-8, 8))), 0)
    return (metrics.DANG_THUC_HIEN if progress > 0 else metrics.CHUA_TRIEN_KHAI), progress


# What a database may hold that `init --demo` must never mix demo data and demo accounts into.
_HELD = (
    ("users", "tài khoản"),
    ("imports", "lần nhập tệp"),
    ("kpi_reports", "dòng số liệu chỉ tiêu"),
    ("task_reports", "báo cáo tiến độ nhiệm vụ"),
    ("notes", "ghi chú, ý kiến chỉ đạo"),
    ("audit_log", "dòng nhật ký"),
)


def _held(engine: Engine, with_plan: bool) -> list[str]:
    """What the database holds besides an empty schema ("3 tài khoản", ...); read-only."""
    tables = set(inspect(engine).get_table_names())
    held = []
    with engine.connect() as conn:
        for name, label in _HELD:
            if name in tables and (n := conn.scalar(select(func.count()).select_from(table(name)))):
                held.append(f"{i18n.number(n, 0)} {label}")
        if with_plan and "plan" in tables:
            code = conn.scalar(select(column("code")).select_from(table("plan")).limit(1))
            if code is not None:
                held.append(f"kế hoạch {code} đã khởi tạo không có dữ liệu mẫu")
    foreign = sorted(tables - set(Base.metadata.tables) - {"alembic_version"})
    if foreign:
        held.append("bảng không phải của dtplan: " + ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else ""))
    return held


def _refused(held: list[str]) -> str:
    return (
        f"không nạp dữ liệu mẫu (demo): cơ sở dữ liệu này đã có dữ liệu ({'; '.join(held)}); "
        "--demo chỉ dùng cho cơ sở dữ liệu mới (DTPLAN_DATABASE_URL trỏ tới một tệp hay CSDL trống)"
    )


def _marked_demo(engine: Engine) -> bool:
    return inspect(engine).has_table("meta") and is_demo(engine)


def init_refusal(engine: Engine) -> str | None:
    """Why `init --demo` must not touch this database, checked before anything is written (None: a new
    database, or one already marked demo). Demo accounts share one known password and a demo database
    lets the app start without a cookie key, so only a database `init --demo` creates may become demo."""
    if _marked_demo(engine):
        return None
    held = _held(engine, with_plan=True)
    return _refused(held) if held else None


def load_demo(engine: Engine, catalog: Catalog) -> str:
    """Fill an empty database (the plan loaded, nothing else) with demo data and accounts."""
    if is_demo(engine):
        return "Cơ sở dữ liệu đã có dữ liệu mẫu (demo); giữ nguyên."
    if held := _held(engine, with_plan=False):
        raise DemoError(_refused(held))
    rng = random.Random(SEED)
    reporting = sorted({u.code for u in catalog.reporting_units()} | {k.lead for k in catalog.kpis})
    dates = _submission_dates(rng, catalog, reporting)
    kpi_reports = _kpi_reports(rng, catalog, dates)
    kpi_reports += _corrections(rng, kpi_reports)
    task_reports = _task_reports(rng, catalog, dates)
    now = dt.datetime(catalog.plan.year + 1, 1, 5, 8, 0)
    with transaction(engine) as session:
        demo_import = ImportRow(
            filename="du-lieu-mau-demo",
            sha256=hashlib.sha256(f"demo-{SEED}".encode()).hexdigest(),
            kind="demo",
            imported_by=DEMO_USER,
            imported_at=now,
            outcome="accepted",
            rows=len(kpi_reports) + len(task_reports),
            content=None,
            summary="Dữ liệu mẫu (demo) sinh tự động, không phải số liệu thật",
        )
        session.add(demo_import)
        session.flush()
        add_kpi_reports(session, kpi_reports, demo_import.id)
        add_task_reports(session, task_reports, demo_import.id)
        for username, full_name, role, unit in DEMO_ACCOUNTS_FOR(catalog):
            _add_demo_user(
                session,
                catalog,
                username,
                full_name,
                role,
                unit,
                demo_password(),
                actor=DEMO_USER,
                is_demo=True,
                check_strength=False,
            )
        set_meta(session, "demo", "true")
        set_meta(session, "demo_seed", str(SEED))
    return (
        f"Đã nạp dữ liệu mẫu (demo): {i18n.number(len(kpi_reports), 0)} dòng chỉ tiêu, "
        f"{i18n.number(len(task_reports), 0)} dòng tiến độ nhiệm vụ, {len(DEMO_ACCOUNTS_FOR(catalog))} tài khoản demo."
    )


def _add_demo_user(session, catalog, username, full_name, role, unit, password, **kwargs) -> None:
    try:
        accounts.add_user(session, catalog, username, full_name, role, unit, password, **kwargs)
    except accounts.AccountError as exc:
        raise DemoError(f"không nạp dữ liệu mẫu (demo): {exc}") from None


def DEMO_ACCOUNTS_FOR(catalog: Catalog):  # noqa: N802 - reads like the constant it filters
    """The demo accounts whose unit exists in this plan (another plan may lack STTTT or 372); a two-level
    plan (no district, so no 372) gets the commune account `capxa`, bound to its first commune."""
    units = catalog.units_by_code
    chosen = [a for a in accounts.DEMO_ACCOUNTS if a[3] is None or a[3] in units]
    if catalog.local_kind == "commune":
        first = catalog.units_of_kind("commune")[0]
        chosen.append((COMMUNE_DEMO_USER, f"Chủ tịch UBND {first.name} (demo)", "unit", first.code))
    return chosen
