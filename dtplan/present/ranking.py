"""The ranking section of the meeting files (brief and XLSX): which kinds of unit are ranked, and how many
rows of a long ranking the brief prints.

The kinds follow the plan's shape: agencies and districts in a plan with districts, agencies and communes in
a two-level plan (contract §1.5). The XLSX lists every unit; the brief lists every unit of a short ranking
(the ~20 agencies, the 8 districts) but, of a long one (~100 communes), only the worst few, saying how many
there are and where the full table is: a meeting reads a page, not three.
"""

from __future__ import annotations

from dtplan.domain.catalog import Catalog

BRIEF_ALL_UP_TO = 30  # a ranking this long or shorter is printed whole in the brief
BRIEF_WORST = 10  # of a longer one, the brief prints this many of the last ranks


def ranking_kinds(catalog: Catalog) -> tuple[str, ...]:
    """Agencies, then the plan's local units (districts, or communes in a two-level plan), when present."""
    return tuple(k for k in ("agency", catalog.local_kind) if k and catalog.has_kind(k))


def brief_rows(rows: list[dict]) -> tuple[list[dict], bool]:
    """The rows the brief prints (in rank order) and whether the ranking was cut to its last ranks."""
    if len(rows) <= BRIEF_ALL_UP_TO:
        return rows, False
    return rows[-BRIEF_WORST:], True
