"""The wall screen's look: large type scaled by ?scale=, and with ?kiosk=1 none of Streamlit's chrome."""

from __future__ import annotations

import streamlit as st

# Static CSS only (the one number in it is a clamped float, never text from a user or a file).
_KIOSK_CHROME_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stMainMenu"], footer { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container { padding: 0.6rem 1.5rem 0 1.5rem !important;
  max-width: 100% !important; }
</style>"""
_KIOSK_TYPE_CSS = """<style>
html {{ font-size: {size:.1f}px; }}
[data-testid="stMetricValue"], [data-dt-value] {{ font-size: {metric:.1f}px !important; line-height: 1.1; }}
[data-testid="stMetricLabel"] p, [data-dt-label] {{ font-size: {label:.1f}px !important; }}
[data-testid="stVerticalBlock"] {{ gap: 0.4rem; }}
[data-testid="stTable"] td, [data-testid="stTable"] th {{ font-size: {size:.1f}px !important; }}
</style>"""


def kiosk_style(scale: float, hide_chrome: bool = True) -> None:
    """Large type on the kiosk page; with ?kiosk=1 also no sidebar, header or toolbar (wall screen).
    Opened from the menu without it, the sidebar stays so that a leader can leave the page.
    (CSS zoom for 4K was tried: Streamlit then measures chart containers wrongly and clips them.)"""
    if hide_chrome:
        st.html(_KIOSK_CHROME_CSS)
    st.html(_KIOSK_TYPE_CSS.format(size=18 * scale, metric=40 * scale, label=20 * scale))
