"""The one chart theme for screen and print: fonts, sizes, the Vietnamese Vega locale (1.234,5 and
month names) and the status colour scales (colours from dtplan.present.palette)."""

from __future__ import annotations

import altair as alt

from dtplan.present.palette import INK

FONT = '"Source Sans", "Source Sans Pro", "Segoe UI", Roboto, sans-serif'

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


def unchecked():
    """Build charts without Altair's schema check of each object at creation (Altair's debug mode)."""
    from altair.utils.schemapi import debug_mode

    return debug_mode(False)


def themed(chart: alt.TopLevelMixin, font_scale: float = 1.0) -> alt.TopLevelMixin:
    """The one theme: fonts, sizes, no grid clutter, Vietnamese locale.

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
    return chart


def status_scale(colours: dict[str, str]) -> alt.Scale:
    return alt.Scale(domain=list(colours), range=list(colours.values()))
