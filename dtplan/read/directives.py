"""Directives read with the viewer's scope (contract §7), for the command line, the pages and the brief.

`directive_list` is the contract's JSON list; `--unit` narrows it to a unit (a district: with its
communes), never wider than the scope. What a directive is about is named with the one rule of
dtplan.read.scope.unit_label: in a unit's view a unit outside the scope is "Đơn vị khác" — its code is
not shown either. Directives change without an import, so pages read them fresh (not via web.view).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from dtplan import i18n
from dtplan.domain import directives as rules
from dtplan.domain.access import AccessDenied, Scope, require_scope, unit_scope
from dtplan.domain.catalog import Catalog
from dtplan.domain.periods import today as reference_day
from dtplan.read.scope import unit_label
from dtplan.store import directives as directive_store

if TYPE_CHECKING:
    from sqlalchemy import Engine


def _visible_about(catalog: Catalog, scope: Scope, about: str) -> str:
    kind, _, code = about.partition(":")
    if kind == rules.UNIT_KIND and not (scope.is_all or scope.allows(code)):
        unit = catalog.units_by_code.get(code)
        if unit is None or unit.kind != "province":
            return f"{kind}:{i18n.OTHER_UNIT}"
    return about


def directive_list(
    engine: Engine,
    catalog: Catalog,
    scope: Scope,
    unit: str | None = None,
    status: str | None = None,
    today: dt.date | None = None,
    meeting_before: str | None = None,
    meeting: str | None = None,
) -> list[dict]:
    """The directives the scope may read, ordered by due date; `unit` narrows to that unit's (a district
    with its communes) — a unit outside the scope is refused (AccessDenied), not silently emptied."""
    scope = require_scope(scope)
    if status is not None and status not in rules.STATUSES:
        raise ValueError(status)
    if unit not in (None, "", catalog.plan.province):
        wanted = unit_scope(catalog, unit)
        if not scope.is_all and not wanted.units <= scope.units:
            raise AccessDenied("Bạn chỉ được xem kết luận chỉ đạo của đơn vị mình")
        narrowed = wanted
    else:
        narrowed = scope
    day = today or reference_day()
    rows = directive_store.directive_rows(engine, narrowed, day, meeting_before=meeting_before, meeting=meeting)
    out = []
    for r in rows:
        if status is not None and r["status"] != status:
            continue
        out.append(r | {"about": _visible_about(catalog, scope, r["about"])})
    return out


def directive_counts(rows: list[dict]) -> dict[str, int]:
    """How many are open, overdue and done (the statuses are disjoint, as in the contract)."""
    counts = dict.fromkeys(rules.STATUSES, 0)
    for r in rows:
        counts[r["status"]] += 1
    return counts


def about_label(catalog: Catalog, scope: Scope, about: str) -> str:
    """'Chỉ tiêu T12 — Hồ sơ TTHC trực tuyến toàn trình' (a unit outside the scope: "Đơn vị khác")."""
    kind, _, code = about.partition(":")
    kind_word = i18n.NOTE_KIND.get(kind, kind)
    if kind == rules.KPI and code in catalog.kpis_by_code:
        return f"{kind_word} {code} — {catalog.kpis_by_code[code].name}"
    if kind == rules.TASK:
        task = next((t for t in catalog.tasks if t.code == code), None)
        return f"{kind_word} {code} — {task.title}" if task else f"{kind_word} {code}"
    if kind == rules.UNIT_KIND:
        if code in catalog.units_by_code:
            return f"{kind_word} {unit_label(catalog, scope, code, short=False)}"
        return i18n.OTHER_UNIT
    return about


def to_label(catalog: Catalog, scope: Scope, code: str) -> str:
    return unit_label(catalog, scope, code, short=False)
