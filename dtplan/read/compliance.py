"""Reporting compliance: for each reporting unit and month up to the as-of month, whether its report came
on time, late, is missing or not yet due (contract §5 `compliance`), and the counts drawn from it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypedDict

from dtplan import store
from dtplan.domain import metrics
from dtplan.domain.access import Scope
from dtplan.domain.catalog import Catalog
from dtplan.domain.periods import months_of_year
from dtplan.read.checks import check_as_of
from dtplan.read.scope import reporting_units

if TYPE_CHECKING:
    from sqlalchemy import Engine


class ComplianceRow(TypedDict):
    """One reporting unit's report for one month: due and first submission dates (ISO), and on time / late / missing."""

    unit: str
    period: str
    due: str
    submitted_at: str | None
    status: str


def compliance_table(
    engine: Engine, catalog: Catalog, scope: Scope, as_of: str, today: dt.date | None = None
) -> list[ComplianceRow]:
    """One row per reporting unit and month up to the as-of month (contract §5 `compliance`)."""
    as_of = check_as_of(catalog, as_of)
    today = today or dt.date.today()
    periods = months_of_year(catalog.plan.year, as_of)
    dues = {p: metrics.month_due_date(catalog.reporting, p) for p in periods}
    first = store.first_submissions(engine, scope, periods, dues)
    rows: list[ComplianceRow] = []
    for unit in reporting_units(catalog, scope):
        for p in periods:
            due = dues[p]
            submitted = first.get((unit.code, p))
            rows.append(
                {
                    "unit": unit.code,
                    "period": p,
                    "due": due.isoformat(),
                    "submitted_at": None if submitted is None else submitted.isoformat(),
                    "status": metrics.compliance_status(due, submitted, today),
                }
            )
    return rows


def compliance_counts(rows: list[dict]) -> list[dict]:
    """Per unit: how many months were on time, late, missing, not yet due (from compliance_table)."""
    counts: dict[str, dict] = {}
    for row in rows:
        entry = counts.setdefault(row["unit"], {"unit": row["unit"], **dict.fromkeys(metrics.COMPLIANCE_STATUSES, 0)})
        entry[row["status"]] += 1
    return list(counts.values())


def reported_count(rows: list[dict], as_of: str) -> tuple[int, int]:
    """(units that sent anything for the as-of month, reporting units) from compliance_table rows."""
    month = [r for r in rows if r["period"] == as_of]
    return sum(1 for r in month if r["submitted_at"] is not None), len(month)


def worst_first(rows: list[dict]) -> list[dict]:
    """compliance_table rows regrouped unit by unit, the worst reporter first: most months missing, then
    most late, then the plan's order (stable) — so among ~100 communes the ones to chase are on top."""
    counts = {c["unit"]: c for c in compliance_counts(rows)}
    order = {unit: i for i, unit in enumerate(counts)}

    def key(row: dict) -> tuple:
        c = counts[row["unit"]]
        return (-c["missing"], -c["late"], order[row["unit"]])

    return sorted(rows, key=key)
