"""The meeting page's data and downloads: dtplan.read.meeting.meeting_data cached until the next import
(notes read fresh), and the brief (PDF) and figures (XLSX) built when clicked and audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import streamlit as st

from dtplan import i18n, store
from dtplan.domain.access import Scope
from dtplan.read import meeting
from dtplan.store import notes as note_store
from dtplan.web.cache import data_version
from dtplan.web.resources import catalog_for, engine_for
from dtplan.web.widgets import download

if TYPE_CHECKING:
    from dtplan.web.guard import PageContext


@st.cache_data(show_spinner=False, ttl=600, max_entries=200)
def _meeting_for(url: str, version: str, scope: Scope, as_of: str, compare: str | None) -> dict:
    return meeting.meeting_data(engine_for(url), catalog_for(url), scope, as_of, compare=compare)


def meeting_data(ctx: PageContext, compare: str | None) -> dict:
    """dtplan.read.meeting.meeting_data for the page's scope and month, cached until the next import; the
    notes are read fresh, so a note just saved shows at once."""
    data = dict(_meeting_for(store.database_url(), data_version(), ctx.scope, ctx.as_of, compare))
    data["notes"] = note_store.notes_for(
        ctx.engine, ctx.catalog, ctx.scope, since=data["compare"], until=ctx.as_of, viewer=ctx.viewer
    )
    return data


def download_meeting(ctx: PageContext, data: dict) -> None:
    """The brief (PDF, and the same as an editable DOCX) and figures (XLSX) of the meeting page, built when
    clicked and audited."""
    from dtplan.present import export

    def build(kind: str) -> Callable[[], bytes]:
        return lambda: export.render(kind, ctx.engine, ctx.catalog, ctx.scope, ctx.as_of, data=data)

    buttons = (
        (export.BRIEF, i18n.DOWNLOAD_BRIEF),
        (export.BRIEF_DOCX, i18n.DOWNLOAD_BRIEF_DOCX),
        (export.XLSX, i18n.DOWNLOAD_FIGURES),
    )
    for column, (kind, label) in zip(st.columns(len(buttons)), buttons, strict=True):
        with column:
            download(
                ctx,
                label,
                build(kind),
                export.file_name(kind, ctx.catalog, ctx.scope, ctx.as_of),
                export.MIME[kind],
                {
                    "kind": export.XLSX if kind == export.XLSX else export.BRIEF,
                    "format": export.file_format(kind),
                    "as_of": ctx.as_of,
                    "scope": ctx.scope.code,
                    "via": "web",
                },
                key=f"dtplan_meeting_dl_{kind}",
                action="export",
            )
