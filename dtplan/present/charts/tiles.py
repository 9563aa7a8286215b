"""The district tile map: one square per district, filled with its status, drawn on the server
(charts.picture); each tile a link to its district's page (on Địa bàn), its facts in its hover title."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from dtplan import i18n
from dtplan.present.charts.picture import drawn, linked
from dtplan.present.charts.templates import with_data
from dtplan.present.charts.theme import status_scale, themed
from dtplan.present.palette import KPI_COLOURS, KPI_TEXT


def tile_frame(rows: list[dict], links: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per district tile: its place on the grid, the words it writes and its link (`links[code]`)."""
    links = links or {}
    return pd.DataFrame.from_records(
        [
            {
                "code": r["code"],
                "short": r["short"],
                "col": r["col"],
                "row": r["row"],
                "status": r["status"],
                "status_label": i18n.kpi_status_label(r["status"]),
                "value_label": i18n.kpi_value(r["value"], r["kpi_unit"]) if r["value"] is not None else i18n.NO_DATA,
                "description": tile_description(r),
                "href": links.get(r["code"]),
            }
            for r in rows
        ]
    )


def tile_description(row: dict) -> str:
    """'Kim Sơn: ▼ Chậm tiến độ · 45,2%' (its hover title and its name for a screen reader)."""
    value = i18n.kpi_value(row["value"], row["kpi_unit"]) if row["value"] is not None else i18n.NO_DATA
    return f"{row['name']}: {i18n.kpi_status_label(row['status'])} · {value}"


def _grid(rows: list[dict]) -> tuple[int, int]:
    """(columns, rows) of the tile grid."""
    return max([r["col"] for r in rows] + [0]) + 1, max([r["row"] for r in rows] + [0]) + 1


def tile_map(
    rows: list[dict], font_scale: float = 1.0, tile: int = 150, links: dict[str, str] | None = None
) -> alt.LayerChart:
    """One square per district at its (column, row) on the map, filled with its status colour; the
    tile writes the district's name, the status symbol and word, and the value. With `links`, each tile
    (its square and its words) is a link to `links[code]`."""
    data = tile_frame(rows, links)
    cols, nrows = _grid(rows)
    x = alt.X("col:O", axis=None, scale=alt.Scale(domain=list(range(cols)), paddingInner=0.06))
    y = alt.Y("row:O", axis=None, scale=alt.Scale(domain=list(range(nrows)), paddingInner=0.06))
    text_colour = alt.Color(
        "status:N", scale=alt.Scale(domain=list(KPI_TEXT), range=list(KPI_TEXT.values())), legend=None
    )
    rects = linked(
        alt.Chart(data)
        .mark_rect(cornerRadius=6)
        .encode(x=x, y=y, color=alt.Color("status:N", scale=status_scale(KPI_COLOURS), legend=None))
    )
    scale = font_scale  # text size follows the type scale; the caller sizes the tiles
    name = linked(
        alt.Chart(data)
        .mark_text(fontSize=round(17 * scale), fontWeight="bold", dy=-round(28 * scale))
        .encode(x=x, y=y, text="short:N", color=text_colour)
    )
    status = linked(
        alt.Chart(data).mark_text(fontSize=round(14 * scale)).encode(x=x, y=y, text="status_label:N", color=text_colour)
    )
    value = linked(
        alt.Chart(data)
        .mark_text(fontSize=round(16 * scale), dy=round(26 * scale))
        .encode(x=x, y=y, text="value_label:N", color=text_colour)
    )
    chart = alt.layer(rects, name, status, value).properties(width=tile * cols, height=round(tile * 0.75) * nrows)
    return themed(chart, font_scale).resolve_scale(color="independent")


def tile_map_spec(
    rows: list[dict], font_scale: float = 1.0, tile: int = 150, links: dict[str, str] | None = None
) -> dict:
    """The Vega-Lite spec of tile_map(), built once per grid and size; a new month swaps the data."""
    frame = tile_frame(rows, links)
    shape = (_grid(rows), font_scale, tile)
    return with_data(("tile_map", shape), frame, lambda: tile_map(rows, font_scale=font_scale, tile=tile, links=links))


def tile_map_svg(rows: list[dict], **layout: Any) -> str:
    """The tile map drawn on the server; `layout`: tile_map_spec's keywords."""
    return drawn(tile_map_spec, rows, **layout)
