"""The scale a KPI's gauge is drawn on, the same on the screen (Altair) and in the PDF brief."""

from __future__ import annotations


def gauge_scale_max(row: dict) -> float:
    """Percent KPIs on 0–100; count KPIs on their own scale, 0 to the target (or beyond, if exceeded)."""
    if row["kpi_unit"] == "percent":
        return 100.0
    return float(max(row["target"], row["actual"] or 0.0, 1.0))
