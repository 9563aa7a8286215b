"""Reporting compliance as a heat map: units × months, each cell's status as colour and symbol."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dtplan import i18n
from dtplan.present.charts.theme import status_scale, themed
from dtplan.present.palette import COMPLIANCE_COLOURS, COMPLIANCE_TEXT


def compliance_heatmap(rows: list[dict], unit_names: dict[str, str], font_scale: float = 1.0) -> alt.LayerChart:
    """Units × months; each cell's colour is its status and its symbol is written in it."""
    order = list(dict.fromkeys(unit_names[r["unit"]] for r in rows))
    months = list(dict.fromkeys(i18n.month_short(r["period"]) for r in rows))
    data = pd.DataFrame.from_records(
        [
            {
                "unit": unit_names[r["unit"]],
                "month": i18n.month_short(r["period"]),
                "status": r["status"],
                "symbol": i18n.COMPLIANCE_SYMBOL[r["status"]],
                "label": i18n.compliance_status_label(r["status"]),
                "submitted": i18n.date(r["submitted_at"]),
                "due": i18n.date(r["due"]),
            }
            for r in rows
        ]
    )
    cell = round(26 * font_scale)
    x = alt.X("month:N", sort=months, title=None, axis=alt.Axis(orient="top", labelAngle=0))
    y = alt.Y("unit:N", sort=order, title=None, axis=alt.Axis(labelLimit=round(260 * font_scale)))
    colour_scale = status_scale(COMPLIANCE_COLOURS)
    legend_labels = [i18n.compliance_status_label(s) for s in COMPLIANCE_COLOURS]
    rects = (
        alt.Chart(data)
        .mark_rect(stroke="#FFFFFF", strokeWidth=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "status:N",
                scale=colour_scale,
                title=None,
                legend=alt.Legend(orient="top", labelExpr=_label_expr(COMPLIANCE_COLOURS, legend_labels)),
            ),
            tooltip=[
                alt.Tooltip("unit:N", title=i18n.COL["unit"]),
                alt.Tooltip("month:N", title=i18n.COL["month"]),
                alt.Tooltip("label:N", title=i18n.COL["reported_status"]),
                alt.Tooltip("due:N", title=i18n.COL["due"]),
                alt.Tooltip("submitted:N", title=i18n.COL["submitted_at"]),
            ],
        )
    )
    text = (
        alt.Chart(data)
        .mark_text(fontSize=round(14 * font_scale), fontWeight="bold")
        .encode(
            x=x,
            y=y,
            text="symbol:N",
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=list(COMPLIANCE_TEXT), range=list(COMPLIANCE_TEXT.values())),
                legend=None,
            ),
        )
    )
    # Each row is `cell` px tall whatever the number of units; the width follows the page. Streamlit's default
    # autosize "fit" fits the height too, and with one unit (a unit head's own page) the legend and the month
    # axis took the whole height: the cells were drawn 0.25 px tall.
    chart = alt.layer(rects, text).properties(width="container", height=alt.Step(cell))
    chart = themed(chart, font_scale).resolve_scale(color="independent")
    chart.autosize = alt.AutoSizeParams(type="fit-x", contains="padding")
    return chart


def _label_expr(colours: dict[str, str], labels: list[str]) -> str:
    """A Vega expression mapping status keys to their Vietnamese label (symbol + word) in legends."""
    pairs = " : ".join(f"datum.label == '{k}' ? '{v}'" for k, v in zip(colours, labels, strict=True))
    return f"{pairs} : datum.label"
