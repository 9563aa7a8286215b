"""The ranking section of the meeting files (brief and XLSX): which kinds of unit are ranked, and which rows
of a long ranking, and of the scorecard of the same units, the brief prints.

The kinds follow the plan's shape: agencies and districts in a plan with districts, agencies and communes in
a two-level plan (contract §1.5). The XLSX lists every unit; the brief lists every unit of a short ranking
(the ~20 agencies, the 8 districts) but, of a long one (~100 communes), only the last ranks — the units the
meeting has to talk about — saying how many there are and where the full table is: a meeting reads a page,
not three. Its scorecard of those units is cut to the same units (seven pages of ~100 rows otherwise).
"""

from __future__ import annotations

from dtplan.domain.catalog import Catalog

BRIEF_ALL_UP_TO = 30  # a ranking this long or shorter is printed whole in the brief
BRIEF_WORST = 10  # of a longer one, the brief prints this many of the last ranks (and those tied with them)


def ranking_kinds(catalog: Catalog) -> tuple[str, ...]:
    """Agencies, then the plan's local units (districts, or communes in a two-level plan), when present."""
    return tuple(k for k in ("agency", catalog.local_kind) if k and catalog.has_kind(k))


def _standing(row: dict) -> tuple:
    return row["ok_share"] or 0.0, row["lagging_tasks"]


def brief_rows(rows: list[dict]) -> tuple[list[dict], bool]:
    """The rows the brief prints (in rank order) and whether the ranking was cut to its last ranks. A unit
    tied with the first one shown is shown too (the name alone must not decide who is named at a meeting),
    unless the ties would make the cut as long as a whole ranking."""
    if len(rows) <= BRIEF_ALL_UP_TO:
        return rows, False
    start = len(rows) - BRIEF_WORST
    while start > 0 and _standing(rows[start - 1]) == _standing(rows[start]):
        start -= 1
    if len(rows) - start > BRIEF_ALL_UP_TO:
        start = len(rows) - BRIEF_WORST
    return rows[start:], True


def brief_scorecard_rows(card: dict, ranking: list[dict]) -> list[dict] | None:
    """The scorecard rows the brief prints for a kind: all (None) when its ranking is printed whole, else
    the rows of the units its ranking shows, in the same order."""
    shown, cut = brief_rows(ranking)
    if not cut:
        return None
    by_unit = {r["unit"]: r for r in card["rows"]}
    return [by_unit[r["code"]] for r in shown if r["code"] in by_unit]
