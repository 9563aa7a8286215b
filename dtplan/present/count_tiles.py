"""Counts shown as tiles — a large figure under its label — in one HTML block for the whole row.

One block rather than an st.metric per count inside st.columns: a row of five metrics is eleven
elements, and every element costs the server a message and the browser a React mount with a forced
layout. The label carries the status's symbol and word; the coloured bar only repeats them, so a reader
who cannot tell the colours apart loses nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from dtplan.present.palette import INK, TRACK

# The attributes a screen test or a wall-screen style finds the tiles by.
TILES_ATTR = "data-dt-counts"
LABEL_ATTR = "data-dt-label"
VALUE_ATTR = "data-dt-value"


@dataclass(frozen=True)
class CountTile:
    label: str
    value: str
    accent: str = TRACK  # the bar's colour (a status colour, or neutral)


def tiles_html(tiles: Sequence[CountTile]) -> str:
    """The row of tiles; every text is escaped, so a label can never become markup."""
    cells = "".join(
        f'<div style="flex:1 1 7.5rem;min-width:0;padding:0.35rem 0.6rem 0.45rem;'
        f'border-top:0.3rem solid {tile.accent};background:#F7F8FA">'
        f'<div {LABEL_ATTR} style="font-size:0.875rem;color:{INK};line-height:1.3">{escape(tile.label)}</div>'
        f'<div {VALUE_ATTR} style="font-size:2.25rem;font-weight:600;color:{INK};line-height:1.15">'
        f"{escape(tile.value)}</div></div>"
        for tile in tiles
    )
    return f'<div {TILES_ATTR} style="display:flex;flex-wrap:wrap;gap:0.6rem">{cells}</div>'
