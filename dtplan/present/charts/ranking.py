"""The kiosk's ranking bars: units by the share of their KPIs met or on track, best first."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dtplan import i18n
from dtplan.present.charts.theme import status_scale, themed
from dtplan.present.palette import INK, KPI_COLOURS


def ranking_bars(rows: list[dict], font_scale: float = 1.0, width: int = 700) -> alt.LayerChart:
    """Units by the share of their KPIs met or on track, best first, bar colour = overall status."""
    data = pd.DataFrame.from_records(
        [
            {
                "unit": r["short"],
                "share": r["ok_share"] or 0.0,
                "status": r["overall"],
                "label": f"{i18n.percent(r['ok_share'], 0)} · {i18n.kpi_status_label(r['overall'])}",
            }
            for r in rows
        ]
    )
    y = alt.Y(
        "unit:N",
        sort=[r["short"] for r in rows],
        title=None,
        axis=alt.Axis(labelLimit=round(240 * font_scale), labelOverlap=False),
    )
    x = alt.X(
        "share:Q",
        scale=alt.Scale(domain=[0, 160]),
        title=i18n.COL["ok_share"],
        axis=alt.Axis(values=[0, 20, 40, 60, 80, 100]),
    )
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(y=y, x=x, color=alt.Color("status:N", scale=status_scale(KPI_COLOURS), legend=None))
    )
    text = (
        alt.Chart(data)
        .mark_text(align="left", dx=6, fontSize=round(13 * font_scale), color=INK)
        .encode(y=y, x=x, text="label:N")
    )
    chart = alt.layer(bars, text).properties(width=width, height=round(30 * font_scale) * max(1, len(rows)))
    return themed(chart, font_scale)
