"""Trình chiếu (?kiosk=1&rotate=SECONDS&scale=FACTOR): the wall screen. Full width, no sidebar or
Streamlit chrome, large type; rotates overview → agencies → districts → lagging tasks. Only the
fragment reruns on the timer, so the sign-in form is never drawn mid-rotation, and every turn reads
through the cached views keyed by the last import, so new data shows within a turn."""

import time

import streamlit as st

from dtplan import i18n, web
from dtplan.present import charts, tables
from dtplan.read.kpis import kpi_table
from dtplan.read.tasks import LAGGING_FILTER, task_list
from dtplan.read.tiles import district_tiles
from dtplan.read.units import unit_ranking
from dtplan.web import state

follow_latest = state.Q_AS_OF not in st.query_params  # no month in the link: always the latest month
ctx = web.guard("kiosk", sidebar=False)
rotate = web.url_number(state.Q_ROTATE, default=30, low=5, high=3600)
# ?scale=2 on a 3840×2160 screen shown at 100 % (a 4K screen at 200 % needs nothing: it is 1920×1080 CSS px).
scale = web.url_number(state.Q_SCALE, default=1.0, low=0.5, high=4.0)
full_screen = st.query_params.get(state.Q_KIOSK) == "1"
web.kiosk_style(scale, hide_chrome=full_screen)
# Opened from the menu the sidebar takes ~300 px of a 1920 px screen: seven gauges of 196 px still fit.
GAUGE_CELL = 248 if full_screen else 196
# Slides for the unit kinds the plan has: districts (tile map), or the worst communes of a two-level plan.
LOCAL_SLIDE = {"district": ("districts",), "commune": ("communes",), None: ()}[ctx.catalog.local_kind]
SLIDES = ("overview", *(("agencies",) if ctx.catalog.has_kind("agency") else ()), *LOCAL_SLIDE, "tasks")
WORST_COMMUNES_SHOWN = 15


@st.fragment(run_every=rotate)
def rotation() -> None:
    # Advance on the timer only: the extra runs of a page load (the sign-in cookie) keep the slide.
    turn = st.session_state.get(state.KIOSK_SIGNED_IN, -1)
    if turn < 0 or time.monotonic() - st.session_state.get(state.KIOSK_TURN_AT, 0.0) >= 0.8 * rotate:
        turn += 1
        st.session_state[state.KIOSK_SIGNED_IN] = turn
        st.session_state[state.KIOSK_TURN_AT] = time.monotonic()
    slide = SLIDES[turn % len(SLIDES)]
    as_of = web.cached_default_as_of(ctx.scope) if follow_latest else ctx.as_of
    here = web.PageContext(ctx.viewer, ctx.engine, ctx.catalog, ctx.scope, as_of, ctx.page)
    title = i18n.KIOSK_SLIDES.get(slide, i18n.KIOSK_COMMUNES)
    st.markdown(f"### {title} · {i18n.month(as_of)} · {web.scope_name(here)}")
    st.caption(web.freshness(here))
    if slide == "overview":
        rows = [r for r in web.view(kpi_table, here.scope, as_of) if r["applies"]]
        web.status_counts(rows, as_of)
        grid = web.gauge_grid(columns=7, cell=round(GAUGE_CELL * scale), font_scale=scale)  # (a phone: two columns)
        web.picture(web.derived(charts.gauges_svg, rows, **grid))  # drawn on the server: a TV only shows it
    elif slide == "communes":
        ranking = web.view(unit_ranking, here.scope, as_of, "commune")
        worst = list(reversed(ranking))[:WORST_COMMUNES_SHOWN][::-1]
        web.picture(web.derived(charts.ranking_svg, worst, font_scale=1.3 * scale, width=round(1100 * scale)))
    elif slide in ("agencies", "districts"):
        kind = "agency" if slide == "agencies" else "district"
        ranking = web.view(unit_ranking, here.scope, as_of, kind)
        if slide == "districts":
            left, right = st.columns([2, 3])
            tiles = web.view(district_tiles, here.scope, as_of)
            with left:
                web.picture(web.derived(charts.tile_map_svg, tiles, font_scale=1.25 * scale, tile=round(170 * scale)))
            with right:
                web.picture(web.derived(charts.ranking_svg, ranking, font_scale=1.4 * scale, width=round(600 * scale)))
        else:
            web.picture(web.derived(charts.ranking_svg, ranking, font_scale=1.3 * scale, width=round(1100 * scale)))
    else:
        lagging = web.view(task_list, here.scope, as_of, status=LAGGING_FILTER)[:8]
        if lagging:
            tasks = tables.task_frame(lagging, here.catalog, here.scope).set_index(i18n.COL["code"])
            st.table(web.literal_frame(tasks))
        else:
            st.info(i18n.NO_LAGGING)


rotation()
