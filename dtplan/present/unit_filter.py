"""Searching and filtering a long list of units (the ~100–150 communes of a two-level plan): a name typed
with or without diacritics, and the overall statuses to keep. Pure: the page gives the rows and the
words, this returns the rows to show, in the order they came (the ranking)."""

from __future__ import annotations

import unicodedata


def folded(text: str) -> str:
    """Lower case without diacritics ("Đông Thành" -> "dong thanh"), so a search typed without accents
    finds the name."""
    text = text.replace("Đ", "D").replace("đ", "d")
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return " ".join(plain.lower().split())


def filter_units(rows: list[dict], query: str = "", statuses: list[str] | tuple[str, ...] = ()) -> list[dict]:
    """Rows of a unit ranking whose name, short name or code holds `query` (diacritics and case ignored)
    and whose overall status is one of `statuses` (none chosen: every status)."""
    wanted = folded(query or "")
    keep = set(statuses)
    return [
        r
        for r in rows
        if (not keep or r["overall"] in keep)
        and (not wanted or any(wanted in folded(str(r.get(k) or "")) for k in ("name", "short", "code")))
    ]
