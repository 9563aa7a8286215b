"""The data-quality section's table (contract §2.4): one line per warning of a unit's newest report,
units named by the one scope rule (dtplan.read.views.unit_label)."""

from __future__ import annotations

import pandas as pd

from dtplan import i18n
from dtplan.domain.access import Scope
from dtplan.domain.catalog import Catalog
from dtplan.ingest.readers import COLUMNS
from dtplan.read import views


def quality_frame(rows: pd.DataFrame, catalog: Catalog, scope: Scope) -> pd.DataFrame:
    """rows: dtplan.read.quality.data_quality (unit_code, kpi_code, period, column, message)."""
    names = i18n.QUALITY_COLUMNS
    kpis = catalog.kpis_by_code
    return pd.DataFrame(
        {
            i18n.QUALITY_KIND_COLUMN: [i18n.QUALITY_WARNING_WORD] * len(rows),
            names["unit"]: [views.unit_label(catalog, scope, u, short=False) for u in rows["unit_code"]],
            names["kpi"]: [f"{k} — {kpis[k].name}" if k in kpis else k for k in rows["kpi_code"]],
            names["period"]: [i18n.month(p) for p in rows["period"]],
            names["column"]: [COLUMNS["kpi"].get(c, c) for c in rows["column"]],
            names["message"]: list(rows["message"]),
        }
    )


def quality_counts(rows: pd.DataFrame) -> tuple[int, int]:
    """(warnings, units with a warning)."""
    return len(rows), int(rows["unit_code"].nunique()) if len(rows) else 0
