"""What a scope may see of the catalogue, and how a view of it names units ("Đơn vị khác" outside it)."""

from __future__ import annotations

from dtplan import i18n
from dtplan.domain.access import Scope, require_scope
from dtplan.domain.catalog import Catalog, Kpi, Task


def kpi_applies(kpi: Kpi, catalog: Catalog, scope: Scope) -> bool:
    """Whether any unit in the scope reports this KPI (the province scope always applies)."""
    if scope.is_all:
        return True
    kinds = {catalog.units_by_code[c].kind for c in scope.units if c in catalog.units_by_code}
    return bool(kinds & set(kpi.levels)) or ("district" in kpi.levels and "commune" in kinds)


def reports_kpi(kpi: Kpi, kind: str) -> bool:
    """Whether units of this kind report the KPI (a district also stands for its communes)."""
    return kind in kpi.levels or (kind == "district" and "commune" in kpi.levels)


def unit_label(catalog: Catalog, scope: Scope, code: str | None, short: bool = True) -> str:
    """How a unit is named in a view of `scope` — on every page table, page XLSX, brief and meeting
    XLSX: by its name when the scope holds it (or is the whole province; the province itself is public),
    otherwise as "Đơn vị khác" — never by another unit's name or code, whoever looks at the view."""
    if not code:
        return ""
    unit = catalog.units_by_code.get(code)
    if unit is not None and (scope.is_all or scope.allows(code) or unit.kind == "province"):
        return (unit.short or unit.name) if short else unit.name
    return i18n.OTHER_UNIT


def unit_labels(catalog: Catalog, scope: Scope, codes) -> str:
    """Several units (a task's partners) for a view of `scope`: unit_label each, "Đơn vị khác" once."""
    return ", ".join(dict.fromkeys(unit_label(catalog, scope, c) for c in codes if c))


def tasks_in_scope(catalog: Catalog, scope: Scope) -> list[Task]:
    """Tasks a scope may see: all of them, or those its units lead or partner."""
    scope = require_scope(scope)
    if scope.is_all:
        return list(catalog.tasks)
    return [t for t in catalog.tasks if scope.allows(t.lead) or any(scope.allows(p) for p in t.partners)]


def reporting_units(catalog: Catalog, scope: Scope) -> list:
    scope = require_scope(scope)
    return [u for u in catalog.reporting_units() if scope.allows(u.code)]
