"""When each unit reported (compliance): the first submission per (unit, period) that counts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, select

from dtplan.domain.access import Scope
from dtplan.domain.metrics import month_due_date
from dtplan.store.engine import chunks
from dtplan.store.models import ImportRow, KpiReportRow, TaskReportRow
from dtplan.store.plan import read_catalog
from dtplan.store.sums import scope_filter


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
                .where(table.period.in_(periods), scope_filter(table.unit_code, scope))
                .group_by(table.unit_code, table.period, table.import_id)
            ).all()
        ids = sorted({i for _u, _p, i, _d in per_import if i is not None})
        imported_at: dict[int, dt.datetime] = {}
        for chunk in chunks(ids, 500):
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
