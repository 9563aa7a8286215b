"""Altair charts of the dashboard: gauge, bullet, trend, heat map, district tile map, ranking bars.

One theme for screen and print, a colour-blind-safe blue/orange palette (dark blue met, light blue on
track, orange at risk, dark orange off track, grey no data), and every status also written as a symbol
and a word, so colour is never the only cue. Text on a coloured fill uses the colour that keeps WCAG AA
contrast. Labels are formatted on the server with babel vi_VN (dtplan.i18n); the Vega locale is set to
Vietnamese too, for the axes.

Each builder takes plain rows from dtplan.read.views and returns an Altair chart; nothing here reads data.
Arc (gauge) charts have no Vega title (Streamlit clips it); the KPI name is a facet header instead.
"""

from __future__ import annotations

import copy
import math
import threading

import altair as alt
import pandas as pd

from dtplan import i18n

FONT = '"Source Sans", "Source Sans Pro", "Segoe UI", Roboto, sans-serif'
INK = "#1A1A1A"
MUTED = "#5A5A5A"
TRACK = "#E4E7EC"

KPI_COLOURS = {
    "met": "#0B4F8A",
    "on_track": "#4A90C8",
    "at_risk": "#CC7722",
    "off_track": "#A33F00",
    "no_data": "#949494",
}
# Text drawn on a status fill: white on the dark fills, ink on the light ones (contrast ≥ 4.5:1).
KPI_TEXT = {"met": "#FFFFFF", "on_track": INK, "at_risk": INK, "off_track": "#FFFFFF", "no_data": INK}
COMPLIANCE_COLOURS = {"on_time": "#0B4F8A", "late": "#CC7722", "missing": "#A33F00", "not_due": "#E6E6E6"}
COMPLIANCE_TEXT = {"on_time": "#FFFFFF", "late": INK, "missing": "#FFFFFF", "not_due": INK}
SERIES_COLOURS = {"actual": "#0B4F8A", "expected": "#CC7722", "target": INK}
BAND_COLOURS = {"off": "#D0D5DD", "risk": "#E4E7EC", "ok": "#F2F4F7"}

# Vega's number and time locale (axes, tooltips): 1.234,5 and Vietnamese month names.
VI_LOCALE = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]},
    "time": {
        "dateTime": "%A, %e %B %Y, %X",
        "date": "%d/%m/%Y",
        "time": "%H:%M:%S",
        "periods": ["SA", "CH"],
        "days": ["Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"],
        "shortDays": ["CN", "T2", "T3", "T4", "T5", "T6", "T7"],
        "months": [f"Tháng {m}" for m in range(1, 13)],
        "shortMonths": [f"Th{m}" for m in range(1, 13)],
    },
}

GAUGE_SELECTION = "gauge"
TILE_SELECTION = "tile"
SVG = {"embedOptions": {"renderer": "svg"}}  # crisp on a 4K wall, clickable elements in browser tests


def unchecked():
    """Build charts without Altair's schema check of each object at creation (Altair's debug mode)."""
    from altair.utils.schemapi import debug_mode

    return debug_mode(False)


def themed(chart: alt.TopLevelMixin, font_scale: float = 1.0) -> alt.TopLevelMixin:
    """The one theme: fonts, sizes, no grid clutter, Vietnamese locale, SVG rendering.

    Set in place as one Config: each of Altair's configure_*() calls copies the whole chart, which cost
    a third of building a chart on a page's rerun."""
    size = round(13 * font_scale)
    chart.config = alt.Config(
        font=FONT,
        locale=VI_LOCALE,
        background="#FFFFFF",
        axis=alt.AxisConfig(
            labelFontSize=size,
            titleFontSize=size,
            labelColor=INK,
            titleColor=INK,
            labelLimit=round(260 * font_scale),
            gridColor="#EEEEEE",
            domainColor="#999999",
            tickColor="#999999",
        ),
        legend=alt.LegendConfig(labelFontSize=size, titleFontSize=size, labelLimit=round(320 * font_scale)),
        header=alt.HeaderConfig(labelFontSize=size, titleFontSize=size, labelColor=INK),
        view=alt.ViewConfig(stroke=None),
    )
    chart.usermeta = SVG
    return chart


def _status_scale(colours: dict[str, str]) -> alt.Scale:
    return alt.Scale(domain=list(colours), range=list(colours.values()))


# --- gauges --------------------------------------------------------------------------------------------


def gauge_scale_max(row: dict) -> float:
    """Percent KPIs on 0–100; count KPIs on their own scale, 0 to the target (or beyond, if exceeded)."""
    if row["unit"] == "percent":
        return 100.0
    return float(max(row["target"], row["actual"] or 0.0, 1.0))


def gauge_frame(rows: list[dict]) -> pd.DataFrame:
    """One row per KPI with the fractions of its scale and the labels the gauge writes."""
    records = []
    for row in rows:
        top = gauge_scale_max(row)
        actual = row["actual"]
        status = row["status"]
        records.append(
            {
                "code": row["code"],
                "header": f"{row['code']} · {row['name']}",
                "zero": 0.0,
                "one": 1.0,
                "frac": 0.0 if actual is None else min(1.0, max(0.0, actual / top)),
                "target_lo": max(0.0, row["target"] / top - 0.012),
                "target_hi": min(1.0, row["target"] / top + 0.012),
                "status": status,
                "value_label": i18n.kpi_value(actual, row["unit"]) if actual is not None else i18n.NO_DATA,
                "status_label": i18n.kpi_status(status),
                "target_label": "Mục tiêu "
                + ("> " if row["op"] == "gt" else "≥ ")
                + i18n.kpi_value(row["target"], row["unit"]),
                "scale_label": i18n.kpi_value(top, row["unit"]),
            }
        )
    return pd.DataFrame.from_records(records)


def gauges(rows: list[dict], columns: int = 7, cell: int = 220, font_scale: float = 1.0) -> alt.FacetChart:
    """Semicircular gauges, one per KPI, in one faceted chart (one Vega view: fast to draw).

    The grey track is the KPI's scale, the coloured arc the actual (colour = status), the dark notch
    on the arc the target; the centre writes the value, the line below the status symbol and word.
    Clicking anywhere on a gauge selects its KPI (selection parameter GAUGE_SELECTION, field "code").
    """
    data = gauge_frame(rows)
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
        color=alt.Color("status:N", scale=_status_scale(KPI_COLOURS), legend=None),
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
                labelLimit=width,
                labelPadding=2,
            ),
        ),
        columns=columns,
        spacing={"row": round(10 * font_scale), "column": round(8 * font_scale)},
    )
    return themed(chart, font_scale)


def gauges_spec(rows: list[dict], columns: int = 7, cell: int = 220, font_scale: float = 1.0) -> dict:
    """The Vega-Lite spec of gauges(); the chart's structure depends only on the KPIs and the layout,
    so it is built once per layout (Altair takes ~0.3 s for 21 facets) and only the data is swapped."""
    frame = gauge_frame(rows)
    shape = (tuple(frame["header"]) if len(frame) else (), columns, cell, font_scale)
    return _with_data(("gauges", shape), frame, lambda: gauges(rows, columns=columns, cell=cell, font_scale=font_scale))


def tile_map_spec(rows: list[dict], font_scale: float = 1.0, tile: int = 150) -> dict:
    """The Vega-Lite spec of tile_map(), built once per grid and size; a new month swaps the data."""
    frame = tile_frame(rows)
    shape = (_grid(rows), font_scale, tile)
    return _with_data(("tile_map", shape), frame, lambda: tile_map(rows, font_scale=font_scale, tile=tile))


def _with_data(key: tuple, frame: pd.DataFrame, build) -> dict:
    """A copy of the spec cached under `key` (built by `build()` the first time) with `frame` as its one
    dataset: for charts whose structure does not depend on the figures (tests/pages/test_charts.py
    compares every such spec with a fresh build)."""
    with _TEMPLATES_LOCK:
        template = _TEMPLATES.get(key)
    if template is None:
        template = build().to_dict(validate=False)
        with _TEMPLATES_LOCK:
            if len(_TEMPLATES) > 64:
                _TEMPLATES.clear()
            _TEMPLATES[key] = template
    spec = copy.deepcopy(template)
    (name,) = spec["datasets"]
    spec["datasets"][name] = frame.to_dict("records")
    return spec


_TEMPLATES: dict[tuple, dict] = {}
_TEMPLATES_LOCK = threading.Lock()


# --- bullet charts ---------------------------------------------------------------------------------------


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
                "label": f"{i18n.kpi_value(r['actual'], kpi_unit)} · {i18n.kpi_status(r['status'])}",
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
        .mark_bar(size=round(22 * font_scale), color=BAND_COLOURS[band])
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
            color=alt.Color("status:N", scale=_status_scale(KPI_COLOURS), legend=None),
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
    height = max(60, round(30 * font_scale) * len(rows))
    chart = alt.layer(*band_layers, bar_layer, tick_layer, text_layer).properties(width=width, height=height)
    return themed(chart, font_scale)


def bullets_spec(rows: list[dict], kpi_unit: str, font_scale: float = 1.0, width: int = 560) -> dict:
    """The Vega-Lite spec of bullets(), built once per scale, number of units and size."""
    frame = bullet_frame(rows, kpi_unit)
    shape = (bullet_top(rows, kpi_unit), len(rows), font_scale, width)
    return _with_data(("bullets", shape), frame, lambda: bullets(rows, kpi_unit, font_scale=font_scale, width=width))


def _ticks(top: float) -> list[float]:
    if not math.isfinite(top) or top <= 0:  # no value to scale to (a non-finite figure is never drawn)
        top = 1.0
    step = 20.0 if top >= 100 else max(1.0, math.ceil(top / 5))
    return [i * step for i in range(int(top // step) + 1)]


# --- trend --------------------------------------------------------------------------------------------------


def trend(rows: list[dict], kpi_unit: str, font_scale: float = 1.0) -> alt.LayerChart:
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
        "shape": alt.Shape(
            "series:N", scale=alt.Scale(domain=names, range=["circle", "square", "stroke"]), legend=None
        ),
        "tooltip": [
            alt.Tooltip("month:N", title=i18n.COL["month"]),
            alt.Tooltip("series:N", title=i18n.COL["series"]),
            alt.Tooltip("label:N", title=i18n.COL["value"]),
        ],
    }
    lines = alt.Chart(data).mark_line(strokeWidth=3, point=alt.OverlayMarkDef(size=70, filled=True)).encode(**encode)
    chart = lines.properties(height=round(320 * font_scale), width="container")
    return themed(chart, font_scale)


# --- heat map (reporting compliance) -------------------------------------------------------------------------


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
                "label": i18n.compliance_status(r["status"]),
                "submitted": i18n.date(r["submitted_at"]),
                "due": i18n.date(r["due"]),
            }
            for r in rows
        ]
    )
    cell = round(26 * font_scale)
    x = alt.X("month:N", sort=months, title=None, axis=alt.Axis(orient="top", labelAngle=0))
    y = alt.Y("unit:N", sort=order, title=None, axis=alt.Axis(labelLimit=round(260 * font_scale)))
    status_scale = _status_scale(COMPLIANCE_COLOURS)
    legend_labels = [i18n.compliance_status(s) for s in COMPLIANCE_COLOURS]
    rects = (
        alt.Chart(data)
        .mark_rect(stroke="#FFFFFF", strokeWidth=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "status:N",
                scale=status_scale,
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
    chart = alt.layer(rects, text).properties(width=cell * max(1, len(months)) * 2, height=cell * max(1, len(order)))
    return themed(chart, font_scale).resolve_scale(color="independent")


def _label_expr(colours: dict[str, str], labels: list[str]) -> str:
    """A Vega expression mapping status keys to their Vietnamese label (symbol + word) in legends."""
    pairs = " : ".join(f"datum.label == '{k}' ? '{v}'" for k, v in zip(colours, labels, strict=True))
    return f"{pairs} : datum.label"


# --- district tile map ---------------------------------------------------------------------------------------


def tile_frame(rows: list[dict]) -> pd.DataFrame:
    """One row per district tile: its place on the grid and the words it writes."""
    return pd.DataFrame.from_records(
        [
            {
                "code": r["code"],
                "short": r["short"],
                "col": r["col"],
                "row": r["row"],
                "status": r["status"],
                "status_label": i18n.kpi_status(r["status"]),
                "value_label": i18n.kpi_value(r["value"], r["kpi_unit"]) if r["value"] is not None else i18n.NO_DATA,
            }
            for r in rows
        ]
    )


def _grid(rows: list[dict]) -> tuple[int, int]:
    """(columns, rows) of the tile grid."""
    return max([r["col"] for r in rows] + [0]) + 1, max([r["row"] for r in rows] + [0]) + 1


def tile_map(rows: list[dict], font_scale: float = 1.0, tile: int = 150) -> alt.LayerChart:
    """One square per district at its (column, row) on the map, filled with its status colour; the
    tile writes the district's name, the status symbol and word, and the value. Clicking a tile selects
    it (selection parameter TILE_SELECTION, field "code")."""
    data = tile_frame(rows)
    cols, nrows = _grid(rows)
    x = alt.X("col:O", axis=None, scale=alt.Scale(domain=list(range(cols)), paddingInner=0.06))
    y = alt.Y("row:O", axis=None, scale=alt.Scale(domain=list(range(nrows)), paddingInner=0.06))
    pick = alt.selection_point(name=TILE_SELECTION, fields=["code"], on="click", empty=False)
    text_colour = alt.Color(
        "status:N", scale=alt.Scale(domain=list(KPI_TEXT), range=list(KPI_TEXT.values())), legend=None
    )
    rects = (
        alt.Chart(data)
        .mark_rect(cornerRadius=6, cursor="pointer")
        .encode(x=x, y=y, color=alt.Color("status:N", scale=_status_scale(KPI_COLOURS), legend=None))
        .add_params(pick)
    )
    scale = font_scale  # text size follows the type scale; the caller sizes the tiles
    name = (
        alt.Chart(data)
        .mark_text(fontSize=round(17 * scale), fontWeight="bold", dy=-round(28 * scale))
        .encode(x=x, y=y, text="short:N", color=text_colour)
    )
    status = (
        alt.Chart(data).mark_text(fontSize=round(14 * scale)).encode(x=x, y=y, text="status_label:N", color=text_colour)
    )
    value = (
        alt.Chart(data)
        .mark_text(fontSize=round(16 * scale), dy=round(26 * scale))
        .encode(x=x, y=y, text="value_label:N", color=text_colour)
    )
    chart = alt.layer(rects, name, status, value).properties(width=tile * cols, height=round(tile * 0.75) * nrows)
    return themed(chart, font_scale).resolve_scale(color="independent")


# --- ranking bars (kiosk) ----------------------------------------------------------------------------------------


def ranking_bars(rows: list[dict], font_scale: float = 1.0, width: int = 700) -> alt.LayerChart:
    """Units by the share of their KPIs met or on track, best first, bar colour = overall status."""
    data = pd.DataFrame.from_records(
        [
            {
                "unit": r["short"],
                "share": r["ok_share"] or 0.0,
                "status": r["overall"],
                "label": f"{i18n.percent(r['ok_share'], 0)} · {i18n.kpi_status(r['overall'])}",
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
        .encode(y=y, x=x, color=alt.Color("status:N", scale=_status_scale(KPI_COLOURS), legend=None))
    )
    text = (
        alt.Chart(data)
        .mark_text(align="left", dx=6, fontSize=round(13 * font_scale), color=INK)
        .encode(y=y, x=x, text="label:N")
    )
    chart = alt.layer(bars, text).properties(width=width, height=round(30 * font_scale) * max(1, len(rows)))
    return themed(chart, font_scale)
