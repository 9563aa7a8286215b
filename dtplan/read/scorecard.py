"""The scorecard (contract §6): units of one kind × the KPIs reported at that level, for a scope.

Each cell is the KPI's row of `kpi_table` for the unit's own scope — the very function `summary --unit`
reads — so a cell can never differ from the unit's own page. Which units are rows is the scope's rule
(the province: all units of the kind; a district: itself, or its communes; an agency: itself), written
against the catalogue's kinds and parents only, so a plan without districts works the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dtplan.domain import metrics
from dtplan.domain.access import Scope, require_scope, unit_scope, units_in_scope
from dtplan.domain.catalog import Catalog, Kpi, Unit
from dtplan.read.checks import ViewError, check_as_of
from dtplan.read.kpis import kpi_table

if TYPE_CHECKING:
    from sqlalchemy import Engine

KINDS = ("agency", "district", "commune")


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ViewError(f"--kind: '{kind}' không hợp lệ; chỉ nhận agency, district hoặc commune")
    return kind


def scorecard_kpis(catalog: Catalog, kind: str) -> list[Kpi]:
    """The columns: KPIs whose `levels` include the kind, in catalogue order."""
    return [k for k in catalog.kpis if kind in k.levels]


def scorecard_units(catalog: Catalog, scope: Scope, kind: str) -> list[Unit]:
    """The rows: units of the kind inside the scope, in catalogue order (the one rule of per-unit lists)."""
    return units_in_scope(catalog, scope, kind)


def scorecard_kinds(catalog: Catalog, scope: Scope) -> list[str]:
    """The kinds worth a scorecard for this scope: some unit of the kind in scope, some KPI at its level."""
    return [k for k in KINDS if scorecard_units(catalog, scope, k) and scorecard_kpis(catalog, k)]


def scorecard(engine: Engine, catalog: Catalog, scope: Scope, as_of: str, kind: str, raw: bool = False) -> dict:
    """The JSON object of contract §6: one row per unit of `kind` in `scope`, each cell that unit's
    `summary` actual and status (no_data where it sent nothing); `applicable` counts the row's cells.
    `raw` (the CLI) keeps the contract's statuses; screens and files get them as metrics.shown words them
    (the year-end verdict in the plan's final month), like the unit's own page."""
    scope = require_scope(scope)
    as_of = check_as_of(catalog, as_of)
    kpis = scorecard_kpis(catalog, check_kind(kind))
    rows = []
    for unit in scorecard_units(catalog, scope, kind):
        own = {r["code"]: r for r in kpi_table(engine, catalog, unit_scope(catalog, unit.code), as_of, raw=raw)}
        cells = {
            k.code: {"actual": own[k.code]["actual"], "status": own[k.code]["status"]}
            for k in kpis
            if own[k.code]["applies"]
        }
        met = sum(1 for c in cells.values() if metrics.overall_weight(c["status"]) == metrics.MET)
        rows.append({"unit": unit.code, "cells": cells, "met": met, "applicable": len(cells)})
    return {
        "plan": catalog.plan.code,
        "as_of": as_of,
        "kind": kind,
        "scope": scope.code,
        "kpis": [k.code for k in kpis],
        "rows": rows,
    }


def scorecards(engine: Engine, catalog: Catalog, scope: Scope, as_of: str) -> dict[str, dict]:
    """The scorecard of every kind worth one for this scope (the meeting files carry these)."""
    return {kind: scorecard(engine, catalog, scope, as_of, kind) for kind in scorecard_kinds(catalog, scope)}
