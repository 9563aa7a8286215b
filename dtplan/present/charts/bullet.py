"""Stephen Few bullet graphs: one line per unit against the expected level's bands and the target, drawn on
the server (charts.picture): each line a link to its unit's page, its facts spelled out in its hover title."""

from __future__ import annotations

import inspect
import json
import math
from typing import Any

import altair as alt
import pandas as pd

from dtplan import i18n
from dtplan.domain import metrics
from dtplan.present.charts.picture import drawn, linked
from dtplan.present.charts.templates import with_data
from dtplan.present.charts.theme import status_scale, themed
from dtplan.present.palette import BAND_COLOURS, INK, KPI_COLOURS
from dtplan.read.yearend import OP_SYMBOL

# Each unit's words are written right of the x scale's end: the drawing grows wide enough for them, so the
# plot keeps its `width` whatever their length.
LABEL_GAP = 6
# A phone's column (about 360 px): the unit's name, a short scale and the short words (value, status).
PHONE_BULLETS = {"compact": True, "width": 110}


def bullet_top(rows: list[dict], kpi_unit: str) -> float:
    """The end of the bullets' scale: 100 % for percent KPIs, else the largest target or actual."""
    if kpi_unit == "percent":
        return 100.0
    values = [r["target"] for r in rows] + [r["actual"] or 0 for r in rows] + [1]
    return max(v for v in values if math.isfinite(v))


def plan_share(actual: float | None, expected: float | None) -> float | None:
    """The figure as a percentage of the unit's plan to date, rounded down to 0.1 (so 89.97 % is never
    written as the 90,0 % that would put it at risk); None without a figure or a positive plan."""
    if actual is None or expected is None or not expected > 0:
        return None
    return math.floor(actual / expected * 1000 + 1e-6) / 10


def bullet_reason(row: dict, kpi_unit: str) -> str:
    """What a unit's status compares its figure with, in words: the target for a KPI met (and for the
    year-end verdicts); otherwise the share of the unit's own plan to date (≥ 100 % on track, ≥ 90 % at
    risk, below behind) — why two units with equal bars can differ. Empty without a figure."""
    if row["actual"] is None:
        return ""
    if row["status"] == metrics.MET or row["status"] in metrics.VERDICTS:
        return i18n.BULLET_TARGET.format(op=OP_SYMBOL[row["op"]], target=i18n.kpi_value(row["target"], kpi_unit))
    share = plan_share(row["actual"], row["expected"])
    if share is None:
        return ""
    return i18n.BULLET_VS_EXPECTED.format(share=i18n.percent(share), expected=i18n.kpi_value(row["expected"], kpi_unit))


def bullet_label(row: dict, kpi_unit: str, compact: bool = False) -> str:
    """'35,7% · 89,8% KH đến kỳ (39,7%) · ▼ Chậm tiến độ' (· ⚠ số liệu cũ when the stock figure is old).
    `compact` (a phone's width): '35,7% · ▼ Chậm tiến độ' (· ⚠), the rest in the tooltip (a tap)."""
    value = i18n.kpi_value(row["actual"], kpi_unit) if row["actual"] is not None else ""
    stale = ("⚠" if compact else i18n.STALE) if row.get("stale") else ""
    reason = "" if compact else bullet_reason(row, kpi_unit)
    parts = (value, reason, i18n.kpi_status_label(row["status"]), stale)
    return " · ".join(p for p in parts if p)


def bullet_description(row: dict, kpi_unit: str) -> str:
    """The unit's facts, one a line (its hover title and its name for a screen reader)."""
    names = i18n.BULLET_TOOLTIP
    share = plan_share(row["actual"], row["expected"])
    facts = (
        ("unit", row.get("unit_name", row["short"])),
        ("actual", i18n.kpi_value(row["actual"], kpi_unit)),
        ("expected", i18n.kpi_value(row["expected"], kpi_unit)),
        ("share", i18n.percent(share) if share is not None else "—"),
        ("target", f"{OP_SYMBOL[row['op']]} {i18n.kpi_value(row['target'], kpi_unit)}"),
        ("status", i18n.kpi_status_label(row["status"]) + (f" · {i18n.STALE}" if row.get("stale") else "")),
    )
    return "\n".join(f"{names[name]}: {text}" for name, text in facts)


def bullet_frame(
    rows: list[dict], kpi_unit: str, compact: bool = False, links: dict[str, str] | None = None
) -> pd.DataFrame:
    """One row per unit, in the given order (`rank`): its bands, bar, target, the words it writes, its
    description and its link (`links[code]`, None for a unit without a page)."""
    top = bullet_top(rows, kpi_unit)
    links = links or {}
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
                "label": bullet_label(r, kpi_unit, compact),
                "description": bullet_description(r, kpi_unit),
                "href": links.get(r["unit"]),
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


def _linked(chart: alt.Chart, band: str | None = None) -> alt.Chart:
    """The layer's items link to their unit and carry its description (a band's also names the band)."""
    if band is None:
        return linked(chart)
    named = f"{i18n.BULLET_TOOLTIP['band']}: {i18n.BANDS[band]}"
    chart = chart.transform_calculate(band_description=f"datum.description + '\\n' + {json.dumps(named)}")
    return linked(chart, "band_description:N")


def bullets(
    rows: list[dict],
    kpi_unit: str,
    font_scale: float = 1.0,
    width: int = 560,
    compact: bool = False,
    links: dict[str, str] | None = None,
) -> alt.LayerChart:
    """Stephen Few bullet graphs, one line per unit in the given order (worst first).

    Bands: below 90 % of the expected level, 90–100 %, at or above it; bar: the actual (colour =
    status); black tick: the target. The status symbol and word follow the value at the right.
    One dataset (a row per unit) and the order as a field, so the spec is built once per scale and
    size (bullets_spec) and a new month only swaps the data.
    """
    top = bullet_top(rows, kpi_unit)
    data = bullet_frame(rows, kpi_unit, compact, links)
    y = alt.Y(
        "unit:N",
        sort=alt.EncodingSortField(field="rank", op="min", order="ascending"),
        title=None,
        axis=alt.Axis(labelLimit=round(220 * font_scale), labelOverlap=False),  # every unit named
    )
    x_scale = alt.Scale(domain=[0, top], nice=False)
    band_layers = [
        _linked(
            alt.Chart(data)
            .mark_bar(size=round(22 * font_scale), color=BAND_COLOURS[band])
            .encode(
                y=y,
                x=alt.X(f"{band}_lo:Q", scale=x_scale, title=i18n.COL["actual"], axis=alt.Axis(values=_ticks(top))),
                x2=f"{band}_hi:Q",
            ),
            band,
        )
        for band in BAND_COLOURS
    ]
    bar_layer = _linked(
        alt.Chart(data)
        .mark_bar(size=round(10 * font_scale))
        .encode(
            y=y,
            x=alt.X("actual:Q", scale=x_scale),
            color=alt.Color("status:N", scale=status_scale(KPI_COLOURS), legend=None),
        )
    )
    tick_layer = _linked(
        alt.Chart(data)
        .mark_tick(color=INK, thickness=3, size=round(24 * font_scale))
        .encode(y=y, x=alt.X("target:Q", scale=x_scale))
    )
    text_layer = _linked(
        alt.Chart(data)
        .mark_text(align="left", dx=LABEL_GAP, fontSize=round(13 * font_scale), color=INK)
        .encode(y=y, x=alt.X("top:Q", scale=x_scale), text="label:N")
    )
    height = max(60, round(30 * font_scale) * len(rows))
    chart = alt.layer(*band_layers, bar_layer, tick_layer, text_layer).properties(width=width, height=height)
    return themed(chart, font_scale)


def bullets_spec(rows: list[dict], kpi_unit: str, **layout: Any) -> dict:
    """The Vega-Lite spec of bullets() (`layout`: its keywords), built once per scale, number of units and
    size; the words and the links are data, so a new month only swaps the data."""
    given = inspect.signature(bullets).bind(rows, kpi_unit, **layout)
    given.apply_defaults()
    options = given.arguments
    frame = bullet_frame(rows, kpi_unit, options["compact"], options["links"])
    shape = (bullet_top(rows, kpi_unit), len(rows), options["font_scale"], options["width"])
    return with_data(("bullets", shape), frame, lambda: bullets(rows, kpi_unit, **layout))


def bullets_svg(rows: list[dict], kpi_unit: str, **layout: Any) -> str:
    """The bullets drawn on the server; `layout`: bullets_spec's keywords."""
    return drawn(bullets_spec, rows, kpi_unit, **layout)


def _ticks(top: float) -> list[float]:
    if not math.isfinite(top) or top <= 0:  # no value to scale to (a non-finite figure is never drawn)
        top = 1.0
    step = 20.0 if top >= 100 else max(1.0, math.ceil(top / 5))
    return [i * step for i in range(int(top // step) + 1)]
