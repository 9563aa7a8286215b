"""Stephen Few bullet graphs: one line per unit against the expected level's bands and the target."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from dtplan import i18n
from dtplan.present.charts.templates import with_data
from dtplan.present.charts.theme import status_scale, themed
from dtplan.present.palette import BAND_COLOURS, INK, KPI_COLOURS


def bullet_top(rows: list[dict], kpi_unit: str) -> float:
    """The end of the bullets' scale: 100 % for percent KPIs, else the largest target or actual."""
    if kpi_unit == "percent":
        return 100.0
    values = [r["target"] for r in rows] + [r["actual"] or 0 for r in rows] + [1]
    return max(v for v in values if math.isfinite(v))


def bullet_frame(rows: list[dict], kpi_unit: str) -> pd.DataFrame:
    """One row per unit, in the given order (`rank`): its bands, bar, target and the words it writes."""
    top = bullet_top(rows, kpi_unit)
    records = []
    for rank, r in enumerate(rows):
        expected = r["expected"] or 0.0
        records.append(
            {
                "rank": rank,
                "unit": r["short"],
                "code": r["unit"],
                "actual": r["actual"] if r["actual"] is not None else 0.0,
                "target": r["target"],
                "status": r["status"],
                "label": f"{i18n.kpi_value(r['actual'], kpi_unit)} · {i18n.kpi_status_label(r['status'])}",
                "top": top,
                # Bands: below 90 % of the expected level, 90–100 %, at or above it.
                "off_lo": 0.0,
                "off_hi": max(0.0, 0.9 * expected),
                "risk_lo": 0.9 * expected,
                "risk_hi": max(0.9 * expected, expected),
                "ok_lo": expected,
                "ok_hi": max(expected, top),
            }
        )
    return pd.DataFrame.from_records(records)


BULLET_SELECTION = "bullet_unit"


def bullets(rows: list[dict], kpi_unit: str, font_scale: float = 1.0, width: int = 560) -> alt.LayerChart:
    """Stephen Few bullet graphs, one line per unit in the given order (worst first).

    Bands: below 90 % of the expected level, 90–100 %, at or above it; bar: the actual (colour =
    status); black tick: the target. The status symbol and word follow the value at the right.
    One dataset (a row per unit) and the order as a field, so the spec is built once per scale and
    size (bullets_spec) and a new month only swaps the data.
    """
    top = bullet_top(rows, kpi_unit)
    data = bullet_frame(rows, kpi_unit)
    y = alt.Y(
        "unit:N",
        sort=alt.EncodingSortField(field="rank", op="min", order="ascending"),
        title=None,
        axis=alt.Axis(labelLimit=round(220 * font_scale), labelOverlap=False),  # every unit named
    )
    x_scale = alt.Scale(domain=[0, top * 1.45], nice=False)
    band_layers = [
        alt.Chart(data)
        .mark_bar(size=round(22 * font_scale), color=BAND_COLOURS[band], cursor="pointer")
        .encode(
            y=y,
            x=alt.X(f"{band}_lo:Q", scale=x_scale, title=i18n.COL["actual"], axis=alt.Axis(values=_ticks(top))),
            x2=f"{band}_hi:Q",
            tooltip=alt.value(i18n.BANDS[band]),
        )
        for band in BAND_COLOURS
    ]
    bar_layer = (
        alt.Chart(data)
        .mark_bar(size=round(10 * font_scale))
        .encode(
            y=y,
            x=alt.X("actual:Q", scale=x_scale),
            color=alt.Color("status:N", scale=status_scale(KPI_COLOURS), legend=None),
        )
    )
    tick_layer = (
        alt.Chart(data)
        .mark_tick(color=INK, thickness=3, size=round(24 * font_scale))
        .encode(y=y, x=alt.X("target:Q", scale=x_scale))
    )
    text_layer = (
        alt.Chart(data)
        .mark_text(align="left", dx=6, fontSize=round(13 * font_scale), color=INK)
        .encode(y=y, x=alt.X("top:Q", scale=x_scale), text="label:N")
    )
    # Clicking a unit's line selects it (BULLET_SELECTION, field "code"): the page opens that unit.
    pick = alt.selection_point(name=BULLET_SELECTION, fields=["code"], on="click", empty=False)
    band_layers[0] = band_layers[0].add_params(pick)
    height = max(60, round(30 * font_scale) * len(rows))
    chart = alt.layer(*band_layers, bar_layer, tick_layer, text_layer).properties(width=width, height=height)
    return themed(chart, font_scale)


def bullets_spec(rows: list[dict], kpi_unit: str, font_scale: float = 1.0, width: int = 560) -> dict:
    """The Vega-Lite spec of bullets(), built once per scale, number of units and size."""
    frame = bullet_frame(rows, kpi_unit)
    shape = (bullet_top(rows, kpi_unit), len(rows), font_scale, width)
    return with_data(("bullets", shape), frame, lambda: bullets(rows, kpi_unit, font_scale=font_scale, width=width))


def _ticks(top: float) -> list[float]:
    if not math.isfinite(top) or top <= 0:  # no value to scale to (a non-finite figure is never drawn)
        top = 1.0
    step = 20.0 if top >= 100 else max(1.0, math.ceil(top / 5))
    return [i * step for i in range(int(top // step) + 1)]
