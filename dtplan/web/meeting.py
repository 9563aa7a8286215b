"""The meeting page's data and downloads: dtplan.read.meeting.meeting_data cached until the next import
(notes read fresh), and the brief (PDF) and figures (XLSX) built when clicked and audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import streamlit as st

from dtplan import i18n
from dtplan.read import meeting
from dtplan.store import notes as note_store
from dtplan.web.cache import view
from dtplan.web.widgets import download

if TYPE_CHECKING:
    from dtplan.web.guard import PageContext


def meeting_data(ctx: PageContext, compare: str | None) -> dict:
    """dtplan.read.meeting.meeting_data for the page's scope and month, shared until the next import; the
    notes are read fresh, so a note just saved shows at once."""
    data = dict(view(meeting.meeting_data, ctx.scope, ctx.as_of, compare=compare))
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
