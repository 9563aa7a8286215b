"""What a scope may see of the catalogue, and how a view of it names units ("Đơn vị khác" outside it).
Which KPIs apply and which tasks a scope sees are rules of dtplan.domain.access, re-exported here."""

from __future__ import annotations

from dtplan import i18n
from dtplan.domain.access import Scope, kpi_applies, require_scope, tasks_in_scope
from dtplan.domain.catalog import Catalog

__all__ = ["kpi_applies", "reporting_units", "tasks_in_scope", "unit_label", "unit_labels"]


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


def reporting_units(catalog: Catalog, scope: Scope) -> list:
    scope = require_scope(scope)
    return [u for u in catalog.reporting_units() if scope.allows(u.code)]
