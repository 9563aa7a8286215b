"""dtplan's web layer: the only package that imports Streamlit for pages. A page starts with
`ctx = web.guard("page-key")` and lays itself out with what this package re-exports from its modules:

  resources   engine, catalogue and demo flag cached per database URL; the database-unavailable message
  guard       PageContext, the guard, the way back after sign-in
  url_state   view state in the URL (as-of, scope, filters), refused URL values recorded
  cache       shared reads (`web.view(kpis.kpi_table, ...)`) and values derived from them, computed once
              (`web.derived(format_rows, rows)`, `web.derived(charts.trend_svg, rows, unit)`)
  frame       sidebar, page header with freshness, links, demo banner
  widgets     tables (static, of links, paged), audited downloads, count tiles, charts drawn on the server,
              the reporting heat map
  notes, meeting, unit_pages, kiosk   what those pages share
  directives  the meeting's directives, a unit's own directives, the count on Tổng quan
  imports, users                      the admin pages' store calls (pages never import the store)
  auth, navigation, state             sign-in, the page list, session and URL key names
"""

from __future__ import annotations

from dtplan.present.literal import WORD_JOINER, literal_markdown, plain_markdown
from dtplan.web.cache import cached_default_as_of, derived, view
from dtplan.web.directives import directive_count_line, meeting_directives, unit_directives
from dtplan.web.frame import (
    demo_banner,
    freshness,
    open_page,
    page_header,
    page_href,
    page_link,
    scope_name,
    unit_links,
    unit_row_links,
)
from dtplan.web.guard import PageContext, follow_next, guard
from dtplan.web.kiosk import kiosk_style
from dtplan.web.meeting import download_meeting, meeting_data
from dtplan.web.notes import note_form, note_list, show_notes
from dtplan.web.reminder import owed_section, reminder_downloads
from dtplan.web.resources import DATABASE_ERRORS, data_changed, database_errors, database_unavailable, engine
from dtplan.web.screen import gauge_grid, is_phone, phone_layout
from dtplan.web.unit_pages import unit_page_top
from dtplan.web.url_state import set_scope, url_choice, url_number, url_selectbox
from dtplan.web.widgets import (
    PAGE_ROWS,
    XLSX_MIME,
    compliance_map,
    count_tiles,
    download,
    download_xlsx,
    literal_frame,
    picture,
    status_counts,
    table,
)

__all__ = [
    "DATABASE_ERRORS",
    "PAGE_ROWS",
    "WORD_JOINER",
    "XLSX_MIME",
    "PageContext",
    "cached_default_as_of",
    "compliance_map",
    "count_tiles",
    "data_changed",
    "database_errors",
    "database_unavailable",
    "demo_banner",
    "derived",
    "directive_count_line",
    "download",
    "download_meeting",
    "download_xlsx",
    "engine",
    "follow_next",
    "freshness",
    "guard",
    "kiosk_style",
    "literal_frame",
    "literal_markdown",
    "meeting_data",
    "meeting_directives",
    "note_form",
    "note_list",
    "open_page",
    "page_header",
    "page_href",
    "page_link",
    "picture",
    "plain_markdown",
    "scope_name",
    "set_scope",
    "show_notes",
    "status_counts",
    "table",
    "unit_directives",
    "unit_links",
    "unit_page_top",
    "unit_row_links",
    "url_choice",
    "url_number",
    "url_selectbox",
    "view",
]
__all__ += ["owed_section", "reminder_downloads"]
__all__ += ["gauge_grid", "is_phone", "phone_layout"]
