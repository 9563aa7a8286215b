"""Ranking bars (Đơn vị, the kiosk): units by the share of their KPIs met or on track, best first, drawn on
the server (charts.picture); with links, each unit's bar and words a link to its page."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from dtplan import i18n
from dtplan.present.charts.picture import drawn, linked
from dtplan.present.charts.theme import status_scale, themed
from dtplan.present.palette import INK, KPI_COLOURS


def ranking_bars(
    rows: list[dict], font_scale: float = 1.0, width: int = 700, links: dict[str, str] | None = None
) -> alt.LayerChart:
    """Units by the share of their KPIs met or on track, best first, bar colour = overall status; with
    `links`, each unit's bar and words link to `links[code]`."""
    links = links or {}
    data = pd.DataFrame.from_records(
        [
            {
                "unit": r["short"],
                "share": r["ok_share"] or 0.0,
                "status": r["overall"],
                "label": (label := f"{i18n.percent(r['ok_share'], 0)} · {i18n.kpi_status_label(r['overall'])}"),
                "description": f"{r['name']}: {label}",
                "href": links.get(r["code"]),
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
    bars = linked(
        alt.Chart(data)
        .mark_bar()
        .encode(y=y, x=x, color=alt.Color("status:N", scale=status_scale(KPI_COLOURS), legend=None))
    )
    text = linked(
        alt.Chart(data)
        .mark_text(align="left", dx=6, fontSize=round(13 * font_scale), color=INK)
        .encode(y=y, x=x, text="label:N")
    )
    chart = alt.layer(bars, text).properties(width=width, height=round(30 * font_scale) * max(1, len(rows)))
    return themed(chart, font_scale)


def ranking_svg(rows: list[dict], **layout: Any) -> str:
    """The ranking bars drawn on the server; `layout`: ranking_bars' keywords."""
    return drawn(ranking_bars, rows, **layout)
