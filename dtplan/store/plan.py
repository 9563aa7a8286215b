"""The plan in the database: saving the catalogue (plan, units, KPIs, tasks) and reading it back."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from dtplan.domain.catalog import Catalog, Kpi, PlanInfo, ReportingCalendar, Task, Unit
from dtplan.domain.letterhead import parse_letterhead
from dtplan.domain.quality import Thresholds
from dtplan.store.engine import StoreError, set_meta
from dtplan.store.models import KpiRow, Meta, PlanRow, TaskPartnerRow, TaskRow, UnitRow


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
                # The data-quality thresholds ride in the same JSON column: no schema change for three numbers.
                "quality": {
                    "stock_drop_points": catalog.quality.stock_drop_points,
                    "denominator_change": catalog.quality.denominator_change,
                    "repeat_months": catalog.quality.repeat_months,
                },
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
    # The letterhead of the office's documents: a key/value fact, so the schema stays as it is.
    set_meta(session, "document", json.dumps(catalog.letterhead.as_dict(), ensure_ascii=False))


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
        document = session.get(Meta, "document")
        province = next(u for u in units if u.code == plan.province)
        letterhead = parse_letterhead(
            None if document is None else json.loads(document.value), province.name, province.short
        )
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
            quality=_thresholds(reporting.get("quality")),
            document=letterhead,
        )


def _thresholds(saved: dict | None) -> Thresholds:
    """The saved thresholds; a database initialised before they existed has the defaults."""
    if not saved:
        return Thresholds()
    return Thresholds(
        stock_drop_points=float(saved["stock_drop_points"]),
        denominator_change=float(saved["denominator_change"]),
        repeat_months=int(saved["repeat_months"]),
    )
