"""A KPI month by month: the actual against the expected trajectory and the target, drawn on the server
(charts.picture), each point's month, series and value in its hover title."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dtplan import i18n
from dtplan.present.charts.picture import drawn
from dtplan.present.charts.theme import themed
from dtplan.present.palette import SERIES_COLOURS

# Wide enough for 13 months at Full HD; a narrower column scales it down (the screen style sheet).
TREND_WIDTH = 1000
PHONE_TREND = {"width": 290}  # a phone's column, unscaled (its type stays readable)


def trend(rows: list[dict], kpi_unit: str, font_scale: float = 1.0, width: int = TREND_WIDTH) -> alt.LayerChart:
    """The actual month by month (solid, dots) against the expected trajectory (dashed, squares) and
    the target (dotted rule), with the series named in the legend (shape and dash, not colour only)."""
    records = []
    for r in rows:
        month = i18n.month_short(r["period"])
        for series in ("actual", "expected", "target"):
            value = r[series]
            if value is None:
                continue
            records.append(
                {
                    "period": r["period"],
                    "month": month,
                    "series": i18n.SERIES[series],
                    "value": value,
                    "label": i18n.kpi_value(value, kpi_unit),
                    "description": f"{month} · {i18n.SERIES[series]}: {i18n.kpi_value(value, kpi_unit)}",
                }
            )
    data = pd.DataFrame.from_records(records)
    names = [i18n.SERIES[s] for s in ("actual", "expected", "target")]
    months = [i18n.month_short(r["period"]) for r in rows]
    top = 100.0 if kpi_unit == "percent" else max([1.0] + [v for v in data["value"]] if len(data) else [1.0])
    encode = {
        "x": alt.X("month:N", sort=months, title=None, axis=alt.Axis(labelAngle=0)),
        "y": alt.Y(
            "value:Q",
            title=i18n.COL["value"] + (" (%)" if kpi_unit == "percent" else ""),
            scale=alt.Scale(domain=[0, top]),
            axis=alt.Axis(format=",.0f"),
        ),
        "color": alt.Color(
            "series:N",
            title=None,
            scale=alt.Scale(domain=names, range=[SERIES_COLOURS[s] for s in ("actual", "expected", "target")]),
            legend=alt.Legend(orient="top"),
        ),
        "strokeDash": alt.StrokeDash(
            "series:N", scale=alt.Scale(domain=names, range=[[1, 0], [8, 4], [2, 3]]), legend=None
        ),
    }
    # The points are their own layer, each named by its description; the line itself is not (a line's
    # label would be its first point's, and a line with a shape channel gets Vega-Lite's unnamed points).
    shape = alt.Shape("series:N", scale=alt.Scale(domain=names, range=["circle", "square", "stroke"]), legend=None)
    lines = alt.Chart(data).mark_line(strokeWidth=3, aria=False).encode(**encode)
    points = (
        alt.Chart(data)
        .mark_point(size=70, filled=True, opacity=1)
        .encode(**encode, shape=shape, description="description:N")
    )
    chart = alt.layer(lines, points).properties(height=round(320 * font_scale), width=width)
    return themed(chart, font_scale)


def trend_svg(rows: list[dict], kpi_unit: str, **layout) -> str:
    """The trend drawn on the server; `layout`: trend's keywords."""
    return drawn(trend, rows, kpi_unit, **layout)
