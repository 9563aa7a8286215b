"""The pages of the app: file, title, icon, URL path and the roles that may open each.

Every page is registered for every viewer (so a reload on a sub-page never bounces) and hidden from
the menu for roles that may not use it; the page guard refuses those roles if opened by URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st

from dtplan.domain.access import ADMIN, LEADER, UNIT
from dtplan.web import state

if TYPE_CHECKING:
    from dtplan.domain.catalog import Catalog

ALL_ROLES = (ADMIN, LEADER, UNIT)


@dataclass(frozen=True)
class PageSpec:
    key: str
    file: str
    title: str
    icon: str
    roles: tuple[str, ...] = ALL_ROLES
    default: bool = False
    local: bool = False  # about the plan's local units (districts or communes): not in the menu of a plan without
    # For a unit user: the kinds of unit whose users have the page in their menu (None: every kind). A
    # district's head has no use for "Đơn vị" (agencies), an agency's none for "Địa bàn".
    unit_kinds: tuple[str, ...] | None = None


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "pages/tong_quan.py", "Tổng quan", ":material/dashboard:", default=True),
    PageSpec("kpi", "pages/chi_tieu.py", "Chỉ tiêu", ":material/speed:"),
    PageSpec("agencies", "pages/don_vi.py", "Đơn vị", ":material/apartment:", unit_kinds=("agency",)),
    PageSpec(
        "districts", "pages/dia_ban.py", "Địa bàn", ":material/map:", local=True, unit_kinds=("district", "commune")
    ),
    PageSpec("scorecard", "pages/bang_tong_hop.py", "Bảng tổng hợp", ":material/table_chart:"),
    PageSpec("tasks", "pages/nhiem_vu.py", "Nhiệm vụ", ":material/checklist:"),
    PageSpec("compliance", "pages/bao_cao.py", "Báo cáo đúng hạn", ":material/event_available:"),
    PageSpec("meeting", "pages/cuoc_hop.py", "Cuộc họp", ":material/groups:"),
    PageSpec("kiosk", "pages/trinh_chieu.py", "Trình chiếu", ":material/tv:", roles=(ADMIN, LEADER)),
    PageSpec("import", "pages/quan_tri_nhap_lieu.py", "Nhập số liệu", ":material/upload_file:", roles=(ADMIN,)),
    PageSpec(
        "users", "pages/quan_tri_nguoi_dung.py", "Người dùng, nhật ký", ":material/manage_accounts:", roles=(ADMIN,)
    ),
)


def page(key: str) -> PageSpec:
    for spec in PAGES:
        if spec.key == key:
            return spec
    raise KeyError(key)


def url_path(spec: PageSpec) -> str:
    return spec.file.removeprefix("pages/").removesuffix(".py")


def by_url_path(path: str | None) -> PageSpec | None:
    """The page served at /<path>, or None (an unknown or missing path)."""
    return next((spec for spec in PAGES if path and url_path(spec) == path), None)


def allowed(spec: PageSpec, role: str | None) -> bool:
    return role in spec.roles


def in_menu(spec: PageSpec, role: str | None, local_kind: str | None = None, unit_kind: str | None = None) -> bool:
    """Whether the menu lists the page: the role may use it, the plan has the units it is about, and it is of
    use to a unit user's kind of unit (opened by URL, such a page still answers, with a pointer to the
    viewer's own page)."""
    if not allowed(spec, role) or (spec.local and local_kind is None):
        return False
    return role != UNIT or spec.unit_kinds is None or unit_kind in spec.unit_kinds


def st_pages(role: str | None, local_kind: str | None = None, unit_kind: str | None = None) -> list:
    """The st.Page list for st.navigation. Every page is registered for everyone (a reload on a sub-page
    never bounces, a direct link never says "page not found"); pages a role may not use are hidden from the
    menu and refused by their guard. Made once per session and menu (making a page resolves its file on
    disk: a tenth of a rerun); not shared between sessions, since st.navigation marks the page it returns."""
    made = st.session_state.setdefault(state.NAVIGATION_PAGES, {})
    menu = (role, local_kind, unit_kind)
    if menu not in made:
        made[menu] = [
            st.Page(
                spec.file,
                title=spec.title,
                icon=spec.icon,
                default=spec.default,
                visibility="visible" if in_menu(spec, role, local_kind, unit_kind) else "hidden",
            )
            for spec in PAGES
        ]
    return made[menu]


def unit_page(catalog: Catalog, code: str | None) -> str | None:
    """The key of the page of one unit, for a click on its bar or cell: an agency's is Đơn vị, a district's
    or (in a two-level plan) a commune's is Địa bàn; the province, a district's commune or an unknown code
    has none."""
    unit = catalog.units_by_code.get(code) if code else None
    if unit is None:
        return None
    if unit.kind == "agency":
        return "agencies"
    return "districts" if unit.kind == catalog.local_kind else None
