"""The look every page shares, from a phone to a 4K wall screen, as one static style sheet.

- Large screens (≥ 2400 CSS px wide, a 4K TV at 100 %): type grows with the viewport (clamp on the root
  font size, which Streamlit's text follows in rem), the page keeps the whole width and every chart takes
  its container's width (its SVG scaled, so its own text grows with it). A `scale=` URL
  parameter (the kiosk's) sets the type itself, so the page then leaves the root size alone.
- Phones (≤ 640 px): nothing makes the page scroll sideways. The server never learns the screen's width
  (st.context has none), so a phone is told by its request headers (is_phone) and the gauge grid is drawn
  in two columns for it (gauge_grid); a table scrolls inside itself.
- A chart drawn on the server (an SVG of fixed size) is scaled down to its column when the column is
  narrower, on any screen (the others already follow the width). A table of links (web.table with links)
  takes the full width and scrolls inside itself when it is wider; so does the reporting heat map (an HTML
  table sized in rem, so a wall screen's larger type enlarges it), its units' names staying in view.
- Streamlit's file uploader writes its help in English ("Upload", "50MB per file"): the English is hidden
  and the same facts are written in Vietnamese (CSS content, since the widget has no parameters for them).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from dtplan import i18n
from dtplan.ingest.file_limits import MAX_FILE_MB as MAX_FILE_MB  # re-exported: app.py passes it here
from dtplan.present.charts import PHONE_GRID

# Static CSS: the only values formatted in are the app's own labels and a number (never user text).
_BASE = """<style>
[data-testid="stFileUploaderDropzoneInstructions"] > * {{ display: none !important; }}
[data-testid="stFileUploaderDropzoneInstructions"]::before {{ content: "{instructions}"; }}
[data-testid="stFileUploaderDropzone"] button > * {{ display: none !important; }}
[data-testid="stFileUploaderDropzone"] button::after {{ content: "{button}"; }}
[data-dt-chart] svg.marks {{ max-width: 100%; height: auto; }}
[data-dt-table] {{ overflow-x: auto; }}
[data-dt-table] table {{ width: 100%; }}
[data-dt-table] td.dt-number {{ text-align: right; }}
[data-dt-table] td.dt-word {{ white-space: nowrap; }}
[data-dt-table] a {{ color: inherit; text-decoration-color: #8a8f98; text-underline-offset: 0.2em; }}
[data-dt-table] a:hover, [data-dt-table] a:focus {{ text-decoration: underline 2px currentColor; }}
[data-dt-heatmap] > div {{ overflow-x: auto; }}
[data-dt-heatmap] table {{ border-collapse: separate; border-spacing: 2px; font-size: 0.875rem; margin: 0; }}
[data-dt-heatmap] th, [data-dt-heatmap] td {{ border: none; padding: 0 0.3rem; font-weight: 400; line-height: 1.6rem; }}
[data-dt-heatmap] thead th {{ text-align: center; white-space: nowrap; }}
[data-dt-heatmap] tbody th {{ text-align: left; white-space: nowrap; position: sticky; left: 0; background: #FFFFFF; }}
[data-dt-heatmap] td[data-dt-status] {{ min-width: 3.5rem; text-align: center; font-weight: 700; cursor: default; }}
[data-dt-heatmap] .dt-legend {{ display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem; margin: 0 0 0.5rem; }}
[data-dt-heatmap] .dt-legend b {{ display: inline-block; min-width: 1.75rem; margin-right: 0.4rem; text-align: center }}
@media (max-width: 640px) {{
  [data-testid="stMain"], [data-testid="stMainBlockContainer"] {{ overflow-x: hidden; }}
  [data-testid="stTable"], [data-testid="stDataFrame"] {{ max-width: 100%; overflow-x: auto; }}
  [data-testid="stTable"] td, [data-testid="stTable"] th, [data-dt-table] td {{ overflow-wrap: anywhere; }}
}}
</style>"""
_LARGE = """<style>
@media (min-width: 2400px) {
  html { font-size: clamp(16px, 0.84vw, 40px); }
  [data-testid="stMainBlockContainer"], .block-container { max-width: 100% !important; }
  /* A chart (drawn on the server, of fixed size) grows with the page: its SVG scales by its viewBox, and
     its links stay on their marks. */
  [data-dt-chart] svg.marks { width: 100%; height: auto; }
}
</style>"""


def screen_style(upload_mb: int, scaled: bool = False) -> None:
    """Draw the shared style sheet (once per run, from app.py); `scaled`: a scale= parameter sets the type."""
    css = _BASE.format(
        instructions=i18n.UPLOAD_INSTRUCTIONS.format(mb=upload_mb).replace('"', ""),
        button=i18n.UPLOAD_BUTTON.replace('"', ""),
    )
    st.html(css if scaled else css + _LARGE)


def is_phone() -> bool:
    """The browser is a phone: the client hint `Sec-CH-UA-Mobile: ?1` (Chromium) or "Mobi" in the
    User-Agent (Mozilla's advice: every mobile browser writes it, tablets do not), read from the request
    that opened the session's websocket. A tablet or a desktop gets the wide layout (scaled down by CSS)."""
    try:
        headers = st.context.headers
        hint, agent = headers.get("Sec-CH-UA-Mobile", ""), headers.get("User-Agent", "")
    except Exception:  # no session (a bare script run): not a phone
        return False
    return hint.strip() == "?1" or "Mobi" in agent


def gauge_grid(columns: int, cell: int, font_scale: float = 1.0) -> dict[str, Any]:
    """The gauges' layout (keyword arguments of charts.gauges_spec): the given one, or on a phone two
    columns of larger cells (charts.PHONE_GRID) that fit its width unscaled."""
    return phone_layout(PHONE_GRID) or {"columns": columns, "cell": cell, "font_scale": font_scale}


def phone_layout(layout: dict[str, Any]) -> dict[str, Any]:
    """A chart's phone layout (keywords of its builder, e.g. charts.PHONE_TREND) on a phone; none elsewhere."""
    return dict(layout) if is_phone() else {}
