"""The data-quality warnings on the admin import page: beside the errors of an import's preview, and the
"Chất lượng số liệu" section of the stored figures (contract §2.4). Warnings carry the ⚠ symbol and the
word, never a colour alone."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dtplan import i18n
from dtplan.domain.access import province_scope
from dtplan.present.quality import quality_counts, quality_frame
from dtplan.read.quality import data_quality
from dtplan.web.cache import view
from dtplan.web.guard import PageContext
from dtplan.web.widgets import table


def import_warnings(frame: pd.DataFrame | None, count: int) -> None:
    """The warning list of an import's preview, under its own heading (nothing when there is none)."""
    if frame is None or frame.empty:
        return
    st.warning(i18n.QUALITY_IMPORT_WARNINGS.format(count=count), icon=":material/warning:")
    table(frame, key="dtplan_import_warnings_page")


def data_quality_section(ctx: PageContext) -> None:
    """The current warnings per unit, computed from the stored figures (the whole province: the page is
    the administrator's)."""
    scope = province_scope(ctx.catalog)
    t = ctx.catalog.quality
    st.subheader(i18n.QUALITY_TITLE)
    st.caption(
        i18n.QUALITY_HELP.format(
            points=i18n.number(t.stock_drop_points, 0 if float(t.stock_drop_points).is_integer() else 1),
            change=i18n.percent(t.denominator_change * 100, 0),
            months=t.repeat_months,
        )
    )
    rows = view(data_quality, scope)
    count, units = quality_counts(rows)
    if not count:
        st.success(i18n.QUALITY_NONE, icon=":material/check_circle:")
        return
    st.warning(i18n.QUALITY_COUNT.format(count=count, units=units), icon=":material/warning:")
    table(quality_frame(rows, ctx.catalog, scope), key="dtplan_quality_page")
