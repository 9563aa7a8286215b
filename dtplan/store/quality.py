"""The reports the data-quality warnings compare with (contract §2.4): current versions only, the
figures and submission dates — the rules themselves are pure (dtplan.domain.quality, dtplan.ingest.quality).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from dtplan.domain.access import Scope
from dtplan.store.models import KpiReportRow
from dtplan.store.sums import scope_filter

COLUMNS = ["period", "unit_code", "kpi_code", "numerator", "denominator", "submitted_at"]


def _frame(rows) -> pd.DataFrame:
    # Column by column from plain tuples: pandas reading SQLAlchemy Row objects one attribute at a time was
    # most of the cost.
    columns = list(zip(*(tuple(r) for r in rows), strict=True)) or [()] * len(COLUMNS)
    frame = pd.DataFrame(dict(zip(COLUMNS, columns, strict=True)), columns=COLUMNS)
    frame["submitted_at"] = frame["submitted_at"].map(lambda d: d.isoformat() if hasattr(d, "isoformat") else d)
    frame["numerator"] = frame["numerator"].astype("float64")
    frame["denominator"] = frame["denominator"].astype("float64")
    return frame


def earlier_reports(engine: Engine, kpi_codes: list[str], before: str) -> pd.DataFrame:
    """The current reports of these KPIs for the periods before `before` (YYYY-MM): what an import's
    rows are compared with. Read by the import (CLI operator or the admin page), not shown to anyone."""
    r = KpiReportRow
    if not kpi_codes:
        return _frame([])
    query = select(r.period, r.unit_code, r.kpi_code, r.numerator, r.denominator, r.submitted_at).where(
        r.is_current.is_(True), r.kpi_code.in_(sorted(kpi_codes)), r.period < before
    )
    with engine.connect() as conn:
        return _frame(conn.execute(query).all())


def current_reports(engine: Engine, scope: Scope) -> pd.DataFrame:
    """Every current report of the units in the scope (the data-quality section's input)."""
    r = KpiReportRow
    query = select(r.period, r.unit_code, r.kpi_code, r.numerator, r.denominator, r.submitted_at).where(
        r.is_current.is_(True), scope_filter(r.unit_code, scope)
    )
    with engine.connect() as conn:
        return _frame(conn.execute(query).all())
