"""Who sees what (contract §4): roles, viewers and the scope every data query requires.

A `Scope` is the only way into the store's reads. A unit user's scope is built from their unit code
and the catalogue (a district brings its communes); nothing a page or URL says can widen it.
"""

from __future__ import annotations

from dataclasses import dataclass

from dtplan.domain.catalog import Catalog, Kpi, Task, Unit

ADMIN, LEADER, UNIT = "admin", "leader", "unit"
ROLES = (ADMIN, LEADER, UNIT)


class AccessDenied(PermissionError):
    """A request for data outside the viewer's scope; the message is for people, in Vietnamese."""


@dataclass(frozen=True)
class Scope:
    """The set of units whose rows a query may return.

    `units is None` means every unit (the province as a whole). `code` names the scope's own unit
    (the province code for the whole province) and is what the CLI prints as "scope".
    """

    code: str
    units: frozenset[str] | None

    @property
    def is_all(self) -> bool:
        return self.units is None

    def allows(self, unit_code: str) -> bool:
        return self.units is None or unit_code in self.units

    def __post_init__(self):
        if self.units is not None and not isinstance(self.units, frozenset):
            raise TypeError("Scope.units phải là frozenset")


def province_scope(catalog: Catalog) -> Scope:
    return Scope(code=catalog.plan.province, units=None)


def unit_scope(catalog: Catalog, code: str) -> Scope:
    """One unit with its children (a district with its communes); the province means everything."""
    units = catalog.units_by_code
    if code not in units:
        raise AccessDenied(f"Không có đơn vị mã '{code}' trong kế hoạch")
    if units[code].kind == "province":
        return province_scope(catalog)
    members = {code} | {u.code for u in catalog.units if u.parent == code}
    return Scope(code=code, units=frozenset(members))


def require_scope(scope: object) -> Scope:
    """Every read calls this first: no scope, no rows."""
    if not isinstance(scope, Scope):
        raise AccessDenied("Truy vấn dữ liệu bắt buộc phải có phạm vi người xem (Scope)")
    return scope


def kpi_applies(kpi: Kpi, catalog: Catalog, scope: Scope) -> bool:
    """Whether any unit in the scope reports this KPI (the province scope always applies)."""
    if scope.is_all:
        return True
    kinds = {catalog.units_by_code[c].kind for c in scope.units if c in catalog.units_by_code}
    return bool(kinds & set(kpi.levels)) or ("district" in kpi.levels and "commune" in kinds)


def units_in_scope(catalog: Catalog, scope: Scope, kind: str) -> list[Unit]:
    """The units of one kind a scope holds, in catalogue order: all of them for the province; for a
    district, itself or (kind "commune") its communes; for an agency or a commune, itself. Used for
    every per-unit list (ranking, scorecard, compliance) so a unit user never gets another unit."""
    scope = require_scope(scope)
    return [u for u in catalog.units_of_kind(kind) if scope.allows(u.code)]


def tasks_in_scope(catalog: Catalog, scope: Scope) -> list[Task]:
    """Tasks a scope may see: all of them, or those its units lead or partner."""
    scope = require_scope(scope)
    if scope.is_all:
        return list(catalog.tasks)
    return [t for t in catalog.tasks if scope.allows(t.lead) or any(scope.allows(p) for p in t.partners)]


@dataclass(frozen=True)
class Viewer:
    username: str
    full_name: str
    role: str
    unit_code: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def reads_everything(self) -> bool:
        return self.role in (ADMIN, LEADER)


def viewer_scope(catalog: Catalog, viewer: Viewer) -> Scope:
    """The widest scope a viewer may read."""
    if viewer.reads_everything:
        return province_scope(catalog)
    if viewer.role != UNIT or not viewer.unit_code:
        raise AccessDenied("Tài khoản không có quyền xem dữ liệu")
    return unit_scope(catalog, viewer.unit_code)


def scope_for_request(catalog: Catalog, viewer: Viewer, requested_unit: str | None) -> Scope:
    """The scope for a view that asks for `requested_unit` (None: the viewer's own widest scope).

    A unit user asking for another unit is refused, not silently given their own.
    """
    widest = viewer_scope(catalog, viewer)
    if requested_unit in (None, "", catalog.plan.province):
        if widest.is_all:
            return widest
        if requested_unit in (None, ""):
            return widest
        raise AccessDenied("Bạn chỉ được xem dữ liệu của đơn vị mình")
    if requested_unit not in catalog.units_by_code:
        raise AccessDenied(f"Không có đơn vị mã '{requested_unit}' trong kế hoạch")
    if not widest.allows(requested_unit):
        raise AccessDenied("Bạn chỉ được xem dữ liệu của đơn vị mình")
    return unit_scope(catalog, requested_unit)


def require_admin(viewer: Viewer | None) -> Viewer:
    """Account and audit operations are the coordinating office's alone."""
    if viewer is None or not viewer.is_admin:
        raise AccessDenied("Chỉ quản trị viên được thực hiện thao tác này")
    return viewer
