"""The plan's hierarchy: every unit's parent, and the plan's shape — districts with their communes, or
communes directly under the province (a two-level plan, contract §1.5), never both."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dtplan.domain.plan_fields import CatalogError

if TYPE_CHECKING:
    from dtplan.domain.catalog import Unit


def check_hierarchy(units: list[Unit], by_code: dict[str, Unit]) -> None:
    """Each unit's parent exists and is of the right kind, and the plan keeps one shape."""
    shape: tuple[int, str] | None = None  # (index, code) of the first unit that settles the plan's shape
    for i, unit in enumerate(units):
        where = f"units[{i}] ({unit.code}).parent"
        if unit.kind == "province":
            continue
        if unit.parent not in by_code:
            raise CatalogError(f"{where}: đơn vị cha '{unit.parent}' không có trong danh sách")
        parent_kind = by_code[unit.parent].kind
        if unit.kind == "commune" and parent_kind not in ("district", "province"):
            raise CatalogError(f"{where}: đơn vị cha của 'commune' phải là cấp 'district' hoặc 'province'")
        if unit.kind != "commune" and parent_kind != "province":
            raise CatalogError(f"{where}: đơn vị cha của '{unit.kind}' phải là cấp 'province'")
        _check_shape(units, i, shape)
        if shape is None and unit.kind in ("district", "commune"):
            shape = (i, unit.code)


def _two_level(unit: Unit, by_kind: dict[str, str]) -> bool | None:
    """Which shape one unit says the plan has: True for a commune under the province, False for a
    district or a commune under a district, None for the province and agencies."""
    if unit.kind == "district":
        return False
    if unit.kind == "commune":
        return by_kind.get(unit.parent or "") == "province"
    return None


def _check_shape(units: list[Unit], i: int, shape: tuple[int, str] | None) -> None:
    """A plan has districts with their communes, or communes directly under the province (contract §1.5),
    never both: the first unit (in file order) that disagrees with the shape set by the units before it
    is named."""
    if shape is None:
        return
    by_kind = {u.code: u.kind for u in units}
    unit, first = units[i], units[shape[0]]
    says, settled = _two_level(unit, by_kind), _two_level(first, by_kind)
    if says is None or says == settled:
        return
    if settled:
        rule = f"kế hoạch hai cấp (xã '{first.code}' trực thuộc tỉnh) không được có cấp huyện"
    else:
        rule = f"kế hoạch có cấp huyện ('{first.code}') thì mọi xã phải trực thuộc một huyện"
    key = "kind" if unit.kind == "district" else "parent"
    raise CatalogError(
        f"units[{i}] ({unit.code}).{key}: {rule}; đơn vị '{unit.code}' ({unit.name}) trộn hai mô hình — "
        "một kế hoạch chỉ có huyện với các xã của huyện, hoặc chỉ có xã trực thuộc tỉnh"
    )
