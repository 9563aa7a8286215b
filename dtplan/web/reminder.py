"""The reminder letter on the Báo cáo đúng hạn page (admin and leaders: a month to choose, then the DOCX and
the PDF built when clicked and audited), and the "Báo cáo còn thiếu" line of a unit's own page."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import streamlit as st

from dtplan import i18n
from dtplan.domain.periods import months_of_year, today
from dtplan.read.reminders import owed_reports
from dtplan.web.cache import view
from dtplan.web.resources import is_demo
from dtplan.web.widgets import download

if TYPE_CHECKING:
    from dtplan.web.guard import PageContext


def reminder_downloads(ctx: PageContext) -> None:
    """Nothing for a unit user (the letter names other units; dtplan.present.reminder refuses them too)."""
    if not ctx.viewer.reads_everything:
        return
    from dtplan.present import reminder

    st.subheader(i18n.REMINDER_TITLE)
    months = months_of_year(ctx.catalog.plan.year, ctx.as_of)
    month = st.selectbox(
        i18n.REMINDER_MONTH, months, index=len(months) - 1, format_func=i18n.month, key="dtplan_reminder_month"
    )
    owed = view(owed_reports, ctx.scope, month, today())
    demo = is_demo()

    def build(fmt: str) -> Callable[[], bytes]:
        def make() -> bytes:
            doc = reminder.reminder_document(ctx.catalog, ctx.viewer, owed, month, demo)
            return reminder.reminder_bytes(doc, fmt)

        return make

    buttons = ((reminder.DOCX, i18n.DOWNLOAD_REMINDER_DOCX), (reminder.PDF, i18n.DOWNLOAD_REMINDER_PDF))
    names = ", ".join(ctx.catalog.unit(e["unit"]).short for e in owed)
    st.caption(names or i18n.REMINDER_NONE.format(month=i18n.month(month).lower()))
    for column, (fmt, label) in zip(st.columns(len(buttons)), buttons, strict=True):
        with column:
            download(
                ctx,
                label,
                build(fmt),
                reminder.file_name(ctx.catalog, month, fmt),
                reminder.MIME[fmt],
                {"kind": "reminder", "format": fmt, "month": month, "units": len(owed)},
                key=f"dtplan_reminder_dl_{fmt}",
                action="export",
            )


def owed_section(ctx: PageContext) -> None:
    """On a unit's own page: the monthly reports it still owes (its own scope only)."""
    owed = [e for e in view(owed_reports, ctx.scope, ctx.as_of, today()) if e["unit"] == ctx.scope.code]
    missing = owed[0]["missing"] if owed else []
    st.subheader(i18n.UNIT_OWED_TITLE)
    if missing:
        st.markdown(i18n.UNIT_OWED.format(items=", ".join(i18n.month(p) for p in missing)))
    else:
        st.caption(i18n.UNIT_OWED_NONE)
