"""The read side's names in one place, for the command line, the exports, the store's note rules and the
tests (`views.kpi_table(...)`). Each read lives in the module of its job: checks (as-of month, KPI code),
scope (what a scope sees, how units are named), kpis, tasks, units (results and rankings by unit),
tiles (the district map) and compliance. Store sums -> domain metrics -> plain rows (dicts) in the
contract's vocabulary: pages, the command line and the exports all read through these, so they cannot
disagree."""

from __future__ import annotations

from dtplan.read.checks import ViewError, check_as_of, kpi_or_error
from dtplan.read.compliance import compliance_counts, compliance_table, reported_count
from dtplan.read.kpis import default_as_of, kpi_contributions, kpi_results, kpi_table, kpi_trend, summary
from dtplan.read.scope import kpi_applies, reporting_units, tasks_in_scope, unit_label, unit_labels
from dtplan.read.tasks import LAGGING_FILTER, task_counts, task_history, task_list, task_table
from dtplan.read.tiles import LAYOUT_DIR, OVERALL, district_layout, district_tiles
from dtplan.read.units import (
    commune_kpis,
    kpi_breakdown,
    overall_status,
    unit_kpi_results,
    unit_kpis,
    unit_ranking,
    unit_rankings,
)

__all__ = [
    "LAGGING_FILTER",
    "LAYOUT_DIR",
    "OVERALL",
    "ViewError",
    "check_as_of",
    "commune_kpis",
    "compliance_counts",
    "compliance_table",
    "default_as_of",
    "district_layout",
    "district_tiles",
    "kpi_applies",
    "kpi_breakdown",
    "kpi_contributions",
    "kpi_or_error",
    "kpi_results",
    "kpi_table",
    "kpi_trend",
    "overall_status",
    "reported_count",
    "reporting_units",
    "summary",
    "task_counts",
    "task_history",
    "task_list",
    "task_table",
    "tasks_in_scope",
    "unit_kpi_results",
    "unit_kpis",
    "unit_label",
    "unit_labels",
    "unit_ranking",
    "unit_rankings",
]
