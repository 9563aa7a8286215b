"""The district tile map: where each district's tile sits (data/plans/layout-*.yaml, else a grid) and
its status — overall, or of one KPI."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dtplan import store
from dtplan.domain import metrics
from dtplan.domain.access import Scope, require_scope
from dtplan.domain.catalog import Catalog
from dtplan.read.checks import kpi_or_error
from dtplan.read.units import unit_kpi_results, unit_ranking

if TYPE_CHECKING:
    from sqlalchemy import Engine

OVERALL = "overall"  # the tile colour choice for each district's overall status
LAYOUT_DIR = store.ROOT / "data" / "plans"


def district_layout(catalog: Catalog) -> dict[str, tuple[int, int]]:
    """(column, row) of each district's tile: from data/plans/layout-*.yaml for this province when one
    exists (roughly as on the map), else — and for any district it leaves out — a plain grid."""
    import yaml

    districts = [u.code for u in catalog.units if u.kind == "district"]
    placed: dict[str, tuple[int, int]] = {}
    for path in sorted(LAYOUT_DIR.glob("layout-*.yaml")):
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        if str(raw.get("province")) != catalog.plan.province:
            continue
        for code, cell in (raw.get("tiles") or {}).items():
            if str(code) in districts and isinstance(cell, list | tuple) and len(cell) == 2:
                placed[str(code)] = (int(cell[0]), int(cell[1]))
        break
    used = set(placed.values())
    width = max([c for c, _r in used] + [max(1, round(len(districts) ** 0.5 + 0.49)) - 1]) + 1
    slot = 0
    for code in districts:
        if code in placed:
            continue
        while (slot % width, slot // width) in used:
            slot += 1
        placed[code] = (slot % width, slot // width)
        used.add(placed[code])
    return placed


def district_tiles(
    engine: Engine, catalog: Catalog, scope: Scope, as_of: str, kpi_code: str | None = None
) -> list[dict]:
    """One tile per district in the scope: its place on the map and its status — overall, or of one KPI."""
    scope = require_scope(scope)
    layout = district_layout(catalog)
    units = catalog.units_by_code
    rows = []
    if kpi_code in (None, "", OVERALL):
        for r in unit_ranking(engine, catalog, scope, as_of, "district"):
            rows.append({"code": r["code"], "status": r["overall"], "value": r["ok_share"], "kpi_unit": "percent"})
    else:
        kpi = kpi_or_error(catalog, kpi_code)
        results = unit_kpi_results(engine, catalog, scope, as_of)
        for code, by_kpi in results.items():
            if units[code].kind != "district":
                continue
            result = by_kpi.get(kpi.code)
            rows.append(
                {
                    "code": code,
                    "status": metrics.shown(result, as_of).status if result else metrics.NO_DATA,
                    "value": result.actual if result else None,
                    "kpi_unit": kpi.unit,
                }
            )
    for row in rows:
        unit = units[row["code"]]
        row |= {"name": unit.name, "short": unit.short, "col": layout[unit.code][0], "row": layout[unit.code][1]}
    return rows
