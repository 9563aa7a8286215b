"""Semicircular KPI gauges, a grid of them in one view, drawn on the server (gauges_svg): each gauge a link."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping
from typing import Any

import altair as alt
import pandas as pd

from dtplan import i18n
from dtplan.present.charts.picture import drawn
from dtplan.present.charts.templates import with_data
from dtplan.present.charts.theme import status_scale, themed
from dtplan.present.palette import INK, KPI_COLOURS, MUTED, TRACK
from dtplan.present.scales import gauge_scale_max

HEADER_CHARS = 24  # a line of a gauge's title at 14 px bold fits a 200 px cell
# A phone (≈ 358 CSS px for the page's content): two gauges a row, drawn at their size instead of a 7-column
# grid scaled down to a quarter; two cells, their gap and Vega's padding fit the width.
PHONE_GRID = {"columns": 2, "cell": 168, "font_scale": 1.0, "header_chars": 20}


def header_text(row: dict, chars: int = HEADER_CHARS) -> str:
    """'T18 · Đơn vị theo Mô hình…' wrapped on words into lines of `chars` that fit the cell (never cut with
    "…": the title mark draws each line, see `gauges`)."""
    return "\n".join(textwrap.wrap(f"{row['code']} · {row['name']}", chars, break_long_words=False))


def gauge_frame(rows: list[dict], header_chars: int = HEADER_CHARS) -> pd.DataFrame:
    """One row per KPI with the fractions of its scale and the labels the gauge writes."""
    records = []
    for row in rows:
        top = gauge_scale_max(row)
        actual = row["actual"]
        status = row["status"]
        records.append(
            {
                "code": row["code"],
                "header": header_text(row, header_chars),
                "zero": 0.0,
                "one": 1.0,
                "frac": 0.0 if actual is None else min(1.0, max(0.0, actual / top)),
                "target_lo": max(0.0, row["target"] / top - 0.012),
                "target_hi": min(1.0, row["target"] / top + 0.012),
                "status": status,
                "value_label": i18n.kpi_value(actual, row["kpi_unit"]) if actual is not None else i18n.NO_DATA,
                "status_label": i18n.kpi_status_label(status),
                "target_label": "Mục tiêu "
                + ("> " if row["op"] == "gt" else "≥ ")
                + i18n.kpi_value(row["target"], row["kpi_unit"]),
                "scale_label": i18n.kpi_value(top, row["kpi_unit"]),
            }
        )
    frame = pd.DataFrame.from_records(records)
    # What a screen reader says for each gauge (its aria-label): title, value, status, target.
    if len(frame):
        frame["description"] = [
            f"{row['code']} · {row['name']}: {value}, {status}, {target}"
            for row, value, status, target in zip(
                rows, frame["value_label"], frame["status_label"], frame["target_label"], strict=True
            )
        ]
    return frame


def placed_frame(
    rows: list[dict],
    columns: int = 7,
    cell: int = 220,
    font_scale: float = 1.0,
    header_chars: int = HEADER_CHARS,
    links: Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, dict]:
    """gauge_frame with each gauge's place in the grid, in pixels: `x` its centre; `left`, `right`, `top`,
    `bottom` its cell; `title_y` its title's first line (a shorter title is set lower, to sit on its arc);
    `y` its arc's centre; `target_y` its target line; with `links`, `href` its link. And the grid's sizes:
    the chart's width and height, the arc's outer radius, a title line's height, the font scale. The one
    signature of the layout: gauges, gauges_spec and gauges_svg take these keywords."""
    data = gauge_frame(rows, header_chars)
    if links:
        data["href"] = [links[code] for code in data["code"]]
    outer = round(cell * 0.40)
    line = round(17 * font_scale)
    lines = data["header"].str.count("\n") + 1 if len(data) else pd.Series(dtype=int)
    header = int(lines.max() if len(data) else 1) * line + 2  # every row has room for the most lines
    # Room below the arc's centre for the status line and the target line, at any font scale.
    gauge_height = outer + 10 + round(46 * font_scale)
    gap_x, gap_y = round(8 * font_scale), round(10 * font_scale)
    step_x, step_y = cell + gap_x, header + gauge_height + gap_y
    places = range(len(data))
    data["x"] = [(i % columns) * step_x + cell / 2 for i in places]
    data["top"] = [float((i // columns) * step_y) for i in places]
    data["title_y"] = data["top"] + header - 2 - lines * line
    data["y"] = data["top"] + header + outer + 10
    data["target_y"] = data["y"] + round(26 * font_scale)
    data["left"], data["right"] = data["x"] - cell / 2, data["x"] + cell / 2
    data["bottom"] = data["top"] + header + gauge_height
    grid = {
        "width": (min(len(data), columns) or 1) * step_x - gap_x,
        "height": max(1, math.ceil(len(data) / columns)) * step_y - gap_y,
        "outer": outer,
        "line": line,
        "font_scale": font_scale,
    }
    return data, grid


def gauges(rows: list[dict], **layout: Any) -> alt.LayerChart:
    """Semicircular gauges, one per KPI, `columns` a row (a phone: fewer, larger cells, whose titles wrap
    at `header_chars`; `layout`: placed_frame's keywords), in one view: each gauge's place is computed
    here (x and y in pixels, no scale), so Vega draws seven marks of 21 items, not 21 facets (views) of
    seven marks each, and a title shorter than its row's longest sits on its arc.

    The grey track is the KPI's scale, the coloured arc the actual (colour = status), the dark notch
    on the arc the target; the centre writes the value, the line below the status symbol and word.
    With `links` (KPI code → URL) each gauge's cell is one link (drawn by gauges_svg: plain SVG links).
    """
    data, grid = placed_frame(rows, **layout)
    outer, line, font_scale = grid["outer"], grid["line"], grid["font_scale"]
    inner = round(outer * 0.68)

    theta = alt.Scale(domain=[0, 1], range=[-math.pi / 2, math.pi / 2])
    x = alt.X("x:Q", scale=None, axis=None)
    base = alt.Chart().encode(x=x, y=alt.Y("y:Q", scale=None, axis=None))
    track = base.mark_arc(innerRadius=inner, outerRadius=outer, color=TRACK).encode(
        theta=alt.Theta("zero:Q", scale=theta), theta2="one:Q"
    )
    actual = base.mark_arc(innerRadius=inner, outerRadius=outer).encode(
        theta=alt.Theta("zero:Q", scale=theta),
        theta2="frac:Q",
        color=alt.Color("status:N", scale=status_scale(KPI_COLOURS), legend=None),
    )
    target = base.mark_arc(innerRadius=inner - 5, outerRadius=outer + 7, color=INK).encode(
        theta=alt.Theta("target_lo:Q", scale=theta), theta2="target_hi:Q"
    )
    value = base.mark_text(fontSize=round(24 * font_scale), fontWeight="bold", color=INK, baseline="bottom").encode(
        text="value_label:N"
    )
    # The status word is written in ink (the orange fills are below 4.5:1 on white); the arc carries the colour.
    status = base.mark_text(
        fontSize=round(14 * font_scale), color=INK, baseline="top", dy=round(4 * font_scale)
    ).encode(text="status_label:N")
    target_text = (
        alt.Chart()
        .mark_text(fontSize=round(12 * font_scale), color=MUTED, align="center", baseline="top")
        .encode(x=x, y=alt.Y("target_y:Q", scale=None, axis=None), text="target_label:N")
    )
    # The KPI's title above its gauge, in lines (header_text wraps it: never cut with "…").
    title = (
        alt.Chart()
        .mark_text(
            fontSize=round(14 * font_scale),
            fontWeight="bold",
            color=INK,
            align="center",
            baseline="top",
            lineBreak="\n",
            lineHeight=line,
        )
        .encode(x=x, y=alt.Y("title_y:Q", scale=None, axis=None), text="header:N")
    )
    layers = [track.encode(description="description:N"), actual, target, value, status, target_text, title]
    if layout.get("links"):
        # One link a gauge, over its whole cell (an invisible rectangle on top): one stop for the keyboard,
        # named by the gauge's description, and a click anywhere in the cell follows it.
        layers.append(
            alt.Chart()
            .mark_rect(color="#FFFFFF", opacity=0, cursor="pointer")
            .encode(
                x=alt.X("left:Q", scale=None, axis=None),
                x2="right:Q",
                y=alt.Y("top:Q", scale=None, axis=None),
                y2="bottom:Q",
                href="href:N",
                description="description:N",
            )
        )
    chart = alt.layer(*layers, data=data).properties(width=grid["width"], height=grid["height"])
    return themed(chart, font_scale)


def gauges_spec(rows: list[dict], **layout: Any) -> dict:
    """The Vega-Lite spec of gauges(rows, **layout); the chart's structure depends only on the grid's sizes
    and on whether there are links, so it is built once per grid and only the data is swapped."""
    frame, grid = placed_frame(rows, **layout)
    shape = (tuple(sorted(grid.items())), bool(layout.get("links")))
    return with_data(("gauges", shape), frame, lambda: gauges(rows, **layout))


def gauges_svg(rows: list[dict], **layout: Any) -> str:
    """The gauges drawn on the server (charts.picture); `layout`: placed_frame's keywords (with `links`, each
    gauge a link to `links[code]`)."""
    return drawn(gauges_spec, rows, **layout)
