"""Task progress for a scope: which tasks it may see, their reports up to a month, a task's history."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from sqlalchemy import Engine, and_, bindparam, func, select

from dtplan.domain.access import Scope, require_scope
from dtplan.domain.metrics import ProgressReport
from dtplan.store.engine import chunks
from dtplan.store.models import TaskPartnerRow, TaskReportRow, TaskRow
from dtplan.store.reports import TaskReport


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
        for chunk in chunks(codes, 500):
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


@functools.cache
def _latest_task_statement(scoped: bool):
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
        for chunk in chunks(codes, 500):
            params = {"codes": chunk, "as_of": as_of}
            if not scope.is_all:
                params["units"] = sorted(scope.units)
            for code, p, status, progress, submitted in conn.execute(statement, params):
                result.setdefault(code, []).append(ProgressReport(p, status, float(progress), submitted))
    return result
