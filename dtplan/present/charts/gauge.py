"""Semicircular KPI gauges, one facet per KPI; clicking one selects its KPI (GAUGE_SELECTION)."""

from __future__ import annotations

import math
import textwrap

import altair as alt
import pandas as pd

from dtplan import i18n
from dtplan.present.charts.templates import with_data
from dtplan.present.charts.theme import status_scale, themed
from dtplan.present.palette import INK, KPI_COLOURS, MUTED, TRACK
from dtplan.present.scales import gauge_scale_max

GAUGE_SELECTION = "gauge"


HEADER_CHARS = 24  # a line of a gauge's title at 14 px bold fits a 200 px cell
# A phone (≈ 358 CSS px for the page's content): two gauges a row, drawn at their size instead of a 7-column
# grid scaled down to a quarter; two cells, their gap and Vega's padding fit the width.
PHONE_GRID = {"columns": 2, "cell": 168, "font_scale": 1.0, "header_chars": 20}


def header_text(row: dict, chars: int = HEADER_CHARS) -> str:
    """'T18 · Đơn vị theo Mô hình…' wrapped on words into lines of `chars` that fit the cell (never cut with
    "…": the facet header draws each line, see `gauges`)."""
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
    return pd.DataFrame.from_records(records)


def gauges(
    rows: list[dict], columns: int = 7, cell: int = 220, font_scale: float = 1.0, header_chars: int = HEADER_CHARS
) -> alt.FacetChart:
    """Semicircular gauges, one per KPI, in one faceted chart (one Vega view: fast to draw), `columns` a
    row (a phone: fewer, larger cells, whose titles wrap at `header_chars`).

    The grey track is the KPI's scale, the coloured arc the actual (colour = status), the dark notch
    on the arc the target; the centre writes the value, the line below the status symbol and word.
    Clicking anywhere on a gauge selects its KPI (selection parameter GAUGE_SELECTION, field "code").
    """
    data = gauge_frame(rows, header_chars)
    outer = round(cell * 0.40)
    inner = round(outer * 0.68)
    # Room below the arc's centre for the status line and the target line, at any font scale.
    width, height = cell, outer + 10 + round(46 * font_scale)
    cx, cy = width / 2, outer + 10
    theta = alt.Scale(domain=[0, 1], range=[-math.pi / 2, math.pi / 2])
    pick = alt.selection_point(name=GAUGE_SELECTION, fields=["code"], on="click", empty=False)
    base = alt.Chart().encode(x=alt.value(cx), y=alt.value(cy))
    track = (
        base.mark_arc(innerRadius=inner, outerRadius=outer, color=TRACK, cursor="pointer")
        .encode(theta=alt.Theta("zero:Q", scale=theta), theta2="one:Q", tooltip=[alt.Tooltip("header:N", title=None)])
        .add_params(pick)
    )
    actual = base.mark_arc(innerRadius=inner, outerRadius=outer, cursor="pointer").encode(
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
        .encode(x=alt.value(cx), y=alt.value(cy + round(26 * font_scale)), text="target_label:N")
    )
    layered = alt.layer(track, actual, target, value, status, target_text, data=data).properties(
        width=width, height=height
    )
    chart = layered.facet(
        facet=alt.Facet(
            "header:N",
            sort=list(data["header"]) if len(data) else None,
            title=None,
            header=alt.Header(
                labelFontSize=round(14 * font_scale),
                labelFontWeight="bold",
                labelLimit=0,  # no "…": the title is wrapped into lines (header_text) instead
                labelExpr="split(datum.value, '\\n')",
                labelLineHeight=round(17 * font_scale),
                labelPadding=2,
            ),
        ),
        columns=columns,
        spacing={"row": round(10 * font_scale), "column": round(8 * font_scale)},
    )
    return themed(chart, font_scale)


def gauges_spec(
    rows: list[dict], columns: int = 7, cell: int = 220, font_scale: float = 1.0, header_chars: int = HEADER_CHARS
) -> dict:
    """The Vega-Lite spec of gauges(); the chart's structure depends only on the KPIs and the layout,
    so it is built once per layout (Altair takes ~0.3 s for 21 facets) and only the data is swapped."""
    frame = gauge_frame(rows, header_chars)
    shape = (tuple(frame["header"]) if len(frame) else (), columns, cell, font_scale)
    return with_data(
        ("gauges", shape),
        frame,
        lambda: gauges(rows, columns=columns, cell=cell, font_scale=font_scale, header_chars=header_chars),
    )
