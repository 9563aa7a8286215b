"""Reporting compliance as a heat map: units × months, each cell's status as colour and symbol, drawn on the
server (charts.picture), each cell's facts (unit, month, status, due and submitted dates) in its hover title."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from dtplan import i18n
from dtplan.present.charts.picture import drawn
from dtplan.present.charts.theme import status_scale, themed
from dtplan.present.palette import COMPLIANCE_COLOURS, COMPLIANCE_TEXT

HEATMAP_MONTH_WIDTH = 64  # a month's column: 13 of them and the units' names fit a Full HD page


def heatmap_description(row: dict, unit_name: str) -> str:
    """A cell's facts, one a line (its hover title and its name for a screen reader)."""
    facts = (
        (i18n.COL["unit"], unit_name),
        (i18n.COL["month"], i18n.month_short(row["period"])),
        (i18n.COL["reported_status"], i18n.compliance_status_label(row["status"])),
        (i18n.COL["due"], i18n.date(row["due"])),
        (i18n.COL["submitted_at"], i18n.date(row["submitted_at"])),
    )
    return "\n".join(f"{name}: {text}" for name, text in facts)


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
                "description": heatmap_description(r, unit_names[r["unit"]]),
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
            description="description:N",
        )
    )
    text = (
        alt.Chart(data)
        .mark_text(fontSize=round(14 * font_scale), fontWeight="bold", aria=False)  # the cell names itself
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
    # Each cell is a fixed size whatever the number of units and months (with one unit, a unit head's own
    # page, the cells keep their height); a narrower column scales the drawing down (the screen style sheet).
    chart = alt.layer(rects, text).properties(
        width=alt.Step(round(HEATMAP_MONTH_WIDTH * font_scale)), height=alt.Step(cell)
    )
    return themed(chart, font_scale).resolve_scale(color="independent")


def heatmap_svg(rows: list[dict], unit_names: dict[str, str], **layout: Any) -> str:
    """The heat map drawn on the server; `layout`: compliance_heatmap's keywords."""
    return drawn(compliance_heatmap, rows, unit_names, **layout)


def _label_expr(colours: dict[str, str], labels: list[str]) -> str:
    """A Vega expression mapping status keys to their Vietnamese label (symbol + word) in legends."""
    pairs = " : ".join(f"datum.label == '{k}' ? '{v}'" for k, v in zip(colours, labels, strict=True))
    return f"{pairs} : datum.label"
