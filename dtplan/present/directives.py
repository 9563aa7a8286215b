"""Directives as a table of plain strings (header + rows), for the meeting brief and any file: status as
symbol and word, dates in Vietnamese form, units named by the scope's rule ("Đơn vị khác" outside it)."""

from __future__ import annotations

from dtplan import i18n
from dtplan.domain.access import Scope
from dtplan.domain.catalog import Catalog
from dtplan.present.tables import Table
from dtplan.read.directives import about_label, to_label

COLUMNS = ("id", "meeting", "about", "to", "due", "text", "status", "done_at")


def status_label(status: str) -> str:
    """'✔ Đã hoàn thành', '○ Đang mở', '✖ Quá hạn': never by colour alone."""
    return f"{i18n.DIRECTIVE_STATUS_SYMBOL[status]} {i18n.DIRECTIVE_STATUS[status]}"


def grouped(rows: list[dict]) -> list[tuple[str, list[dict]]]:
    """(status, rows) in the order a meeting reads them: overdue, open, done — empty groups left out."""
    groups = [(s, [r for r in rows if r["status"] == s]) for s in i18n.DIRECTIVE_GROUP_ORDER]
    return [(s, g) for s, g in groups if g]


def _done_at(value: str | None) -> str:
    return "" if not value else i18n.date(value[:10])


def directives_table(rows: list[dict], catalog: Catalog, scope: Scope) -> Table:
    """One row per directive (dtplan.read.directives.directive_list rows), every cell a string."""
    return Table(
        [i18n.DIRECTIVE_COLUMNS[c] for c in COLUMNS],
        [
            [
                str(r["id"]),
                i18n.month(r["meeting"]),
                about_label(catalog, scope, r["about"]),
                to_label(catalog, scope, r["to"]),
                i18n.date(r["due"]),
                r["text"],
                status_label(r["status"]),
                _done_at(r["done_at"]),
            ]
            for r in rows
        ],
    )
