"""The widgets pages share: tables that show text as typed (static, or with links; a long one a page at a
time), charts drawn on the server, download buttons whose file is built on click and audited then, and
counts as tiles (the KPI statuses), the reporting heat map."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import streamlit as st

from dtplan import i18n
from dtplan.domain import metrics
from dtplan.present.count_tiles import CountTile, tiles_html
from dtplan.present.heatmap import heatmap_html
from dtplan.present.link_table import link_table
from dtplan.present.literal import literal_markdown
from dtplan.present.palette import KPI_COLOURS
from dtplan.store import audit
from dtplan.web.cache import SHARED_FRAME, derived
from dtplan.web.frame import scope_name
from dtplan.web.resources import is_demo

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from dtplan.web.guard import PageContext

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


PAGE_ROWS = 50  # a read-only table longer than this is shown a page at a time (st.table draws every row)


def table(
    frame,
    key: str | None = None,
    links: Mapping[str, Sequence[str | None]] | None = None,
    header_titles: Mapping[str, str] | None = None,
) -> None:
    """A full-width table without the index, drawn static: plain text that a wall screen scales and a
    printout keeps, and about 0.1 s less to draw than the st.dataframe grid (bench: 1.0× vs 1.3–1.5× a bare
    page for 5–150 rows). With `links` ({column: the URL each row's cell opens}), those cells are links in
    the same tab (dtplan.present.link_table), as a chart's marks are: how a row or a cell opens a task, a
    unit or a figure. With a `key`, a list longer than PAGE_ROWS is shown PAGE_ROWS rows at a time, with a
    page number to choose. st.table renders every cell as Markdown, so its text cells go through
    literal_frame first."""
    shared = frame.attrs.get(SHARED_FRAME, False)  # (web.derived) its cells converted to Arrow once, not per run
    above = st  # where the table is drawn
    if key is not None and len(frame) > PAGE_ROWS:
        above = st.container()  # the table above its page number
        rows = _chosen_page(frame, key)
        links = {column: list(hrefs)[rows.start : rows.stop] for column, hrefs in (links or {}).items()}
        # A page is a new frame on every run: kept in the shared cache, it would only push others out.
        frame, shared = frame.iloc[rows], False
    if links:
        above.markdown(link_table(frame, links, header_titles), unsafe_allow_html=True)
    elif shared:
        above.table(derived(static_table_cells, frame), hide_index=True, width="stretch")
    else:
        above.table(literal_frame(frame), hide_index=True, width="stretch")


def _chosen_page(frame, key: str) -> slice:
    """The rows of the page whose number is chosen here (the first until another is chosen)."""
    pages = -(-len(frame) // PAGE_ROWS)
    if st.session_state.get(key, 1) > pages:  # the list got shorter (a filter, another file): its last page
        st.session_state[key] = pages
    left, right = st.columns([1, 5], vertical_alignment="center")
    page = left.number_input(i18n.TABLE_PAGE, min_value=1, max_value=pages, step=1, key=key)
    first = (page - 1) * PAGE_ROWS
    last = min(len(frame), first + PAGE_ROWS)
    right.caption(
        i18n.TABLE_ROWS.format(
            first=i18n.number(first + 1, 0), last=i18n.number(last, 0), total=i18n.number(len(frame), 0), pages=pages
        )
    )
    return slice(first, last)


def literal_frame(frame):
    """The frame for st.table: every text cell (and index label) shown as typed, never as Markdown."""

    def literal(value):
        return literal_markdown(value) if isinstance(value, str) else value

    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype) in ("string", "str"):
            out[column] = out[column].map(literal)
    out.index = out.index.map(literal)
    return out


def static_table_cells(frame):
    """literal_frame(frame) as the Arrow table st.table would make of it (Streamlit's own conversion)."""
    from streamlit import dataframe_util

    return dataframe_util.convert_pandas_df_to_arrow_table(literal_frame(frame))


def picture(svg: str) -> None:
    """A chart drawn on the server (dtplan.present.charts.picture), as one element: `data-dt-chart` marks it
    for the screen style sheet (scaled to its column) and for the browser tests."""
    # st.html keeps HTML only (its sanitiser drops SVG); Markdown passes the markup, which
    # charts.picture has checked: Vega's drawing, escaped text, relative links, nothing else.
    st.markdown(f"<div data-dt-chart>{svg}</div>", unsafe_allow_html=True)


def compliance_map(rows: list[dict], unit_names: dict[str, str]) -> None:
    """The reporting heat map (dtplan.present.heatmap): one HTML element, built once per input."""
    st.html(derived(heatmap_html, rows, unit_names))


def count_tiles(tiles: list[CountTile]) -> None:
    """A row of counts, one element for the whole row (see dtplan.present.count_tiles)."""
    st.html(tiles_html(tiles))


def status_counts(rows: list[dict], as_of: str) -> None:
    """Met / on track / at risk / off track / no data — in the plan's final month vượt / đạt / không đạt /
    no data (metrics.shown_statuses) — each with its symbol and word."""
    order = metrics.shown_statuses(as_of)
    counts = metrics.status_counts([r["status"] for r in rows], order)
    count_tiles([CountTile(i18n.kpi_status_label(s), i18n.number(counts[s], 0), KPI_COLOURS[s]) for s in order])


def audited(
    engine: Engine, actor: str, action: str, detail: dict, build: Callable[[], bytes | str]
) -> Callable[[], bytes | str]:
    """`build`, recording in the audit log who took which file when it runs. Given to st.download_button
    as its data, it runs only when the button is clicked (Streamlit's deferred download), so every file
    that leaves the server is in the log, and a page merely shown is not."""

    def run() -> bytes | str:
        content = build()
        audit.record_event(engine, actor, action, detail)
        return content

    return run


def download(
    ctx: PageContext,
    label: str,
    build: Callable[[], bytes | str],
    file_name: str,
    mime: str,
    detail: dict,
    key: str,
    action: str = "download",
) -> None:
    """A download button whose file is built on click and audited then (see `audited`)."""
    detail = {"file": file_name, "page": ctx.page.key, **detail}
    st.download_button(
        label,
        data=audited(ctx.engine, ctx.viewer.username, action, detail, build),
        file_name=file_name,
        mime=mime,
        icon=":material/download:",
        on_click="ignore",
        key=key,
    )


def download_xlsx(ctx: PageContext, sheets: Callable[[], list], file_name: str, key: str = "xlsx") -> None:
    """The page's "Tải số liệu (XLSX)" button; the workbook is built only when clicked, and audited."""
    from dtplan.present import xlsx

    caption = f"{ctx.catalog.plan.title}\n{i18n.month(ctx.as_of)} · {i18n.SIDEBAR_SCOPE}: {scope_name(ctx)}"
    demo = is_demo()

    def build() -> bytes:
        return xlsx.workbook_bytes(sheets(), demo=demo, caption=caption)

    download(
        ctx,
        i18n.DOWNLOAD_XLSX,
        build,
        f"{file_name}-{ctx.scope.code}-{ctx.as_of}.xlsx",
        XLSX_MIME,
        {"kind": "page_xlsx", "as_of": ctx.as_of, "scope": ctx.scope.code},
        key=f"dtplan_dl_{key}",
    )
