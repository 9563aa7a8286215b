"""Tasks of a scope at an as-of month: their status table, the filtered list a page shows (lagging
first), the counts per status, and one task's history of progress reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from dtplan import i18n, store
from dtplan.domain import metrics
from dtplan.domain.access import AccessDenied, Scope, require_scope
from dtplan.domain.catalog import Catalog
from dtplan.domain.periods import last_day
from dtplan.read.scope import tasks_in_scope, unit_label

if TYPE_CHECKING:
    from sqlalchemy import Engine

LAGGING_FILTER = "lagging"  # the task filter value for "overdue or behind"


class TaskRow(TypedDict):
    """One task of Phụ lục 01–03 at a month: its catalogue fields, its latest progress report and its status."""

    code: str
    appendix: str
    section: str
    title: str
    lead: str
    partners: list[str]
    start: str
    due: str
    progress: float | None
    status: str
    expected_progress: float
    last_period: str | None
    illustrative: bool
    product: str


def task_table(engine: Engine, catalog: Catalog, scope: Scope, as_of: str, lagging: bool = False) -> list[TaskRow]:
    tasks = tasks_in_scope(catalog, scope)
    reports = store.latest_task_progress(engine, scope, [t.code for t in tasks], as_of)
    rows: list[TaskRow] = []
    for task in tasks:
        latest = metrics.latest_report(reports.get(task.code, []), as_of)
        status = metrics.task_status(task, latest, as_of)
        if lagging and not metrics.is_lagging(status):
            continue
        rows.append(
            {
                "code": task.code,
                "appendix": task.appendix,
                "section": task.section,
                "title": task.title,
                "lead": task.lead,
                "partners": list(task.partners),
                "start": task.start.isoformat(),
                "due": task.due.isoformat(),
                "progress": None if latest is None else latest.progress,
                "status": status,
                "expected_progress": metrics.expected_progress(task.start, task.due, last_day(as_of)),
                "last_period": None if latest is None else latest.period,
                "illustrative": task.illustrative,
                "product": task.product,
            }
        )
    return rows


def task_counts(rows: list[dict]) -> dict[str, int]:
    counts = {"total": len(rows)}
    for status in metrics.TASK_STATUSES:
        counts[status] = sum(1 for r in rows if r["status"] == status)
    return counts


def task_list(
    engine: Engine,
    catalog: Catalog,
    scope: Scope,
    as_of: str,
    appendix: str | None = None,
    section: str | None = None,
    lead: str | None = None,
    status: str | None = None,
) -> list[dict]:
    """Tasks in the scope, filtered, lagging first (overdue, behind, no report, ..., done)."""
    rows = task_table(engine, catalog, scope, as_of)
    if appendix:
        rows = [r for r in rows if r["appendix"] == appendix]
    if section:
        rows = [r for r in rows if r["section"] == section]
    if lead:
        rows = [r for r in rows if r["lead"] == lead]
    if status == LAGGING_FILTER:
        rows = [r for r in rows if metrics.is_lagging(r["status"])]
    elif status:
        rows = [r for r in rows if r["status"] == status]
    return sorted(rows, key=lambda r: (metrics.TASK_SEVERITY[r["status"]], r["progress"] or 0.0, r["code"]))


def task_history(engine: Engine, catalog: Catalog, scope: Scope, task_code: str) -> list[dict]:
    """Every progress report of one task the scope may see — the same reports task_table's status comes
    from (a task's progress is shared by its lead and partners). A report sent by a unit outside the
    scope has `unit` None (store.task_history hides its code and note) and `unit_name` "Đơn vị khác"."""
    scope = require_scope(scope)
    if task_code not in {t.code for t in tasks_in_scope(catalog, scope)}:
        raise AccessDenied("Bạn không được xem nhiệm vụ này")
    return [
        {
            "period": r.period,
            "unit": r.unit_code,
            "unit_name": unit_label(catalog, scope, r.unit_code, short=False) if r.unit_code else i18n.OTHER_UNIT,
            "status": r.status,
            "progress": r.progress,
            "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
            "note": r.note,
        }
        for r in store.task_history(engine, scope, task_code)
    ]
