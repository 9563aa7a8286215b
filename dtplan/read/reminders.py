"""What each reporting unit owes at a month: the monthly reports it has not sent for any month of the plan
year up to M, and M's report if it came late (from the `compliance` rows, so with the viewer's scope: a unit
user gets its own unit's debts only). The reminder letter and a unit's own page both read this."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from dtplan.domain import metrics
from dtplan.domain.access import Scope, require_scope
from dtplan.domain.catalog import Catalog
from dtplan.read.compliance import compliance_table

if TYPE_CHECKING:
    from sqlalchemy import Engine


def owed_from(rows: list[dict], month: str) -> list[dict]:
    """Per unit with something owed, in the rows' order: {"unit", "missing": [periods], "late": [rows of
    month M sent late]}. An earlier month that came late is settled and not listed."""
    owed: dict[str, dict] = {}
    for row in rows:
        if row["period"] > month:
            continue
        missing = row["status"] == metrics.MISSING
        late = row["status"] == metrics.LATE and row["period"] == month
        if missing or late:
            entry = owed.setdefault(row["unit"], {"unit": row["unit"], "missing": [], "late": []})
            if missing:
                entry["missing"].append(row["period"])
            else:
                entry["late"].append(row)
    return list(owed.values())


def owed_reports(
    engine: Engine, catalog: Catalog, scope: Scope, month: str, today: dt.date | None = None
) -> list[dict]:
    scope = require_scope(scope)
    return owed_from(compliance_table(engine, catalog, scope, month, today=today), month)
