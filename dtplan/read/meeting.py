"""The read side of the meeting tools: monthly series, projection table, early warnings, and the one
bundle (`meeting_data`) the Cuộc họp page, the PDF brief and the XLSX export all draw from, so that
the three cannot disagree. Every function takes the viewer's Scope.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from dtplan import store
from dtplan.domain import projection
from dtplan.domain.access import Scope, Viewer, require_scope
from dtplan.domain.catalog import Catalog
from dtplan.domain.metrics import Sums, is_lagging
from dtplan.domain.periods import month_of, months_of_year, shift
from dtplan.read import changes, yearend
from dtplan.read.checks import check_as_of
from dtplan.read.compliance import compliance_table
from dtplan.read.directives import directive_list
from dtplan.read.kpis import kpi_table, summary
from dtplan.read.scorecard import scorecards
from dtplan.read.tasks import task_table
from dtplan.read.units import unit_rankings
from dtplan.store import notes

if TYPE_CHECKING:
    from sqlalchemy import Engine


def monthly_sums(engine: Engine, catalog: Catalog, scope: Scope, as_of: str) -> dict[int, dict[str, Sums]]:
    """The store's sums (as `summary` computes them) at the end of each month 1..M, and month 0 =
    the previous December's reports. Flow sums are cumulative from January; stock sums are states."""
    scope = require_scope(scope)
    result: dict[int, dict[str, Sums]] = {}
    for index, p in enumerate(months_of_year(catalog.plan.year, as_of), start=1):
        result[index], result[0] = store.summary_sums(engine, scope, catalog, p)
    return result


def _series(aggregation: str, code: str, monthly: dict[int, dict[str, Sums]]) -> dict[int, Sums]:
    """Flow: each month's own sums (difference of cumulative sums); stock: the month-end states."""
    if aggregation == "stock":
        return {m: sums[code] for m, sums in monthly.items() if code in sums}
    out = {}
    previous = Sums()
    for m in sorted(k for k in monthly if k >= 1):
        current = monthly[m].get(code, Sums())
        own = Sums(
            current.numerator - previous.numerator,
            current.denominator - previous.denominator,
            current.reports - previous.reports,
        )
        if own.reports > 0:
            out[m] = own
        previous = current
    return out


def projection_table(engine: Engine, catalog: Catalog, scope: Scope, as_of: str) -> list[dict]:
    """One row per KPI that applies to the scope: today's figure and status, the projected December
    value, whether it meets the target, how far off, and the early-warning flag."""
    check_as_of(catalog, as_of)
    monthly = monthly_sums(engine, catalog, scope, as_of)
    rows = []
    for kpi, row in zip(catalog.kpis, kpi_table(engine, catalog, scope, as_of), strict=True):
        if not row["applies"]:
            continue
        p = projection.project(
            kpi.code,
            kpi.unit,
            kpi.aggregation,
            kpi.op,
            kpi.target,
            row["actual"],
            _series(kpi.aggregation, kpi.code, monthly),
            month_of(as_of),
        )
        rows.append(
            {
                "code": kpi.code,
                "name": kpi.name,
                "kpi_unit": kpi.unit,
                "aggregation": kpi.aggregation,
                "op": kpi.op,
                "target": kpi.target,
                "actual": row["actual"],
                "status": row["status"],
                "projected": p.projected,
                "meets": p.meets,
                "gap": p.gap,
                "method": p.method,
                "early_warning": projection.early_warning(row["status"], p),
            }
        )
    return rows


def meeting_data(
    engine: Engine,
    catalog: Catalog,
    scope: Scope,
    as_of: str,
    compare: str | None = None,
    today: dt.date | None = None,
    viewer: Viewer | None = None,
) -> dict:
    """Everything the meeting page, the brief and the export show, for one scope and month (the notes
    those the viewer may read: see dtplan.store.notes)."""
    scope = require_scope(scope)
    check_as_of(catalog, as_of)
    compare = compare or changes.default_compare(as_of)
    kpis = kpi_table(engine, catalog, scope, as_of)
    tasks = task_table(engine, catalog, scope, as_of)
    proj = projection_table(engine, catalog, scope, as_of)
    return {
        "plan": catalog.plan,
        "as_of": as_of,
        "compare": compare,
        "scope": scope.code,
        "scope_name": catalog.unit(scope.code).name,
        "summary": summary(engine, catalog, scope, as_of),
        "kpis": [r for r in kpis if r["applies"]],
        "tasks": tasks,
        "lagging": [r for r in tasks if is_lagging(r["status"])],
        "compliance": compliance_table(engine, catalog, scope, as_of, today=today),
        "changes": None if compare is None else changes.changes(engine, catalog, scope, as_of, compare, today=today),
        "projection": proj,
        "early_warning": [r for r in proj if r["early_warning"]],
        "yearend": yearend.yearend_rows(catalog, kpis),
        "notes": notes.notes_for(engine, catalog, scope, since=compare, until=as_of, viewer=viewer),
        "demo": store.is_demo(engine),
        # Who lags: agencies and districts ranked (a unit's own scope: only its own row and rank).
        "rankings": unit_rankings(engine, catalog, scope, as_of),
        "scorecards": scorecards(engine, catalog, scope, as_of),
        # The directives of this meeting and the earlier ones, with what became of them.
        "directives": directive_list(engine, catalog, scope, today=today, meeting_before=shift(as_of, 1)),
    }
