"""The pages of the app: file, title, icon, URL path and the roles that may open each.

Every page is registered for every viewer (so a reload on a sub-page never bounces) and hidden from
the menu for roles that may not use it; the page guard refuses those roles if opened by URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from dtplan.access import ADMIN, LEADER, UNIT

ALL_ROLES = (ADMIN, LEADER, UNIT)


@dataclass(frozen=True)
class PageSpec:
    key: str
    file: str
    title: str
    icon: str
    roles: tuple[str, ...] = ALL_ROLES
    default: bool = False


PAGES: tuple[PageSpec, ...] = (
    PageSpec("overview", "pages/tong_quan.py", "Tổng quan", ":material/dashboard:", default=True),
)


def page(key: str) -> PageSpec:
    for spec in PAGES:
        if spec.key == key:
            return spec
    raise KeyError(key)


def url_path(spec: PageSpec) -> str:
    return spec.file.removeprefix("pages/").removesuffix(".py")


def allowed(spec: PageSpec, role: str | None) -> bool:
    return role in spec.roles
