"""Altair charts of the dashboard: gauge, bullet, trend, district tile map, ranking bars.

One theme for screen and print (theme), the palette of dtplan.present.palette, and every status also
written as a symbol and a word, so colour is never the only cue. Each builder takes plain rows from
dtplan.read.views and returns an Altair chart (or, `<builder>_spec`, its Vega-Lite spec built once per
layout), and `<builder>_svg` draws it on the server (picture): the browser only shows SVG, with each unit
or KPI a link and its facts as the mark's title; nothing here reads data.
"""

from dtplan.present.charts.bullet import (
    PHONE_BULLETS,
    _ticks,
    bullet_description,
    bullet_frame,
    bullet_label,
    bullet_top,
    bullets,
    bullets_spec,
    bullets_svg,
    plan_share,
)
from dtplan.present.charts.gauge import PHONE_GRID, gauge_frame, gauges, gauges_spec, gauges_svg, placed_frame
from dtplan.present.charts.picture import LINK
from dtplan.present.charts.ranking import ranking_bars, ranking_svg
from dtplan.present.charts.theme import FONT, VI_LOCALE, themed, unchecked
from dtplan.present.charts.tiles import tile_description, tile_frame, tile_map, tile_map_spec, tile_map_svg
from dtplan.present.charts.trend_line import PHONE_TREND, trend, trend_svg
from dtplan.present.palette import (
    BAND_COLOURS,
    INK,
    KPI_COLOURS,
    KPI_TEXT,
    MUTED,
    SERIES_COLOURS,
    TRACK,
)
from dtplan.present.scales import gauge_scale_max

__all__ = [
    "BAND_COLOURS",
    "FONT",
    "INK",
    "KPI_COLOURS",
    "KPI_TEXT",
    "LINK",
    "MUTED",
    "PHONE_BULLETS",
    "PHONE_GRID",
    "PHONE_TREND",
    "SERIES_COLOURS",
    "TRACK",
    "VI_LOCALE",
    "_ticks",
    "bullet_description",
    "bullet_frame",
    "bullet_label",
    "bullet_top",
    "bullets",
    "bullets_spec",
    "bullets_svg",
    "gauge_frame",
    "gauge_scale_max",
    "gauges",
    "gauges_spec",
    "gauges_svg",
    "placed_frame",
    "plan_share",
    "ranking_bars",
    "ranking_svg",
    "themed",
    "tile_description",
    "tile_frame",
    "tile_map",
    "tile_map_spec",
    "tile_map_svg",
    "trend",
    "trend_svg",
    "unchecked",
]
