"""Data-quality warnings read from the database (contract §2.4): an import's, before it is loaded, and
the current ones of the units in a scope (the admin page's "Chất lượng số liệu" section)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from dtplan import store
from dtplan.domain.access import Scope, require_scope
from dtplan.domain.catalog import Catalog
from dtplan.ingest import Batch
from dtplan.ingest import quality as checks

if TYPE_CHECKING:
    from sqlalchemy import Engine


def import_warnings(engine: Engine, catalog: Catalog, batch: Batch) -> list[checks.QualityWarning]:
    """Judge the import's error-free KPI rows against the stored reports and each other; the batch keeps
    them (batch.warnings). They never change what is loaded."""
    rows = checks.incoming_rows(batch.sound)
    if rows.empty:
        batch.warnings = []
        return batch.warnings
    stored = store.earlier_reports(engine, rows["kpi_code"].unique().tolist(), str(rows["period"].max()))
    batch.warnings = checks.import_warnings(batch.sound, stored, catalog)
    return batch.warnings


def data_quality(engine: Engine, catalog: Catalog, scope: Scope) -> pd.DataFrame:
    """For each unit in the scope and each KPI, its newest report against its earlier ones: columns
    unit_code, kpi_code, period, column, message."""
    require_scope(scope)
    return checks.current_warnings(store.current_reports(engine, scope), catalog)
