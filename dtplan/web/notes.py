"""Leaders' notes on a page: the list, the form to add one, and the notes on one KPI, task or unit.

Notes are text typed by people: shown with st.text (no Markdown, no HTML); the one Markdown line per
note (its target, month and author) is escaped first."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from dtplan import i18n
from dtplan.domain.access import AccessDenied
from dtplan.present.literal import plain_markdown
from dtplan.read.scope import tasks_in_scope
from dtplan.store import notes as note_store
from dtplan.web import state

if TYPE_CHECKING:
    from dtplan.web.guard import PageContext


def note_list(rows: list[dict], show_target: bool = True) -> None:
    """A list of notes (dtplan.store.notes rows): the header line escaped, the text as plain text."""
    if not rows:
        st.caption(i18n.NOTES_NONE)
        return
    for n in rows:
        with st.container(border=True):
            about = f"{i18n.NOTE_KIND[n['kind']]} {n['code']} — {n['target_name']} · " if show_target else ""
            reach = i18n.NOTE_FOR_UNITS if n.get("visible_to_units") else i18n.NOTE_LEADERS_ONLY
            st.caption(
                plain_markdown(
                    f"{about}{i18n.month(n['period'])} · {n['author_name']} · {i18n.datetime(n['created_at'])}"
                    f" · {reach}"
                )
            )
            st.text(n["text"])


def note_targets(ctx: PageContext, kind: str) -> list[str]:
    """Codes of the items of `kind` the page's scope may attach a note to."""
    cat = ctx.catalog
    if kind == note_store.KPI:
        codes = [k.code for k in cat.kpis]
    elif kind == note_store.TASK:
        codes = [t.code for t in tasks_in_scope(cat, ctx.scope)]
    else:
        codes = [u.code for u in cat.units]
    return [c for c in codes if note_store.visible(cat, ctx.scope, kind, c)]


def note_form(ctx: PageContext, kind: str | None = None, code: str | None = None, key: str = "note") -> None:
    """The form a leader or admin uses to add a note for the as-of month (nothing for other roles)."""
    if not note_store.may_write(ctx.viewer):
        return
    flash = f"dtplan_note_saved_{key}"
    if st.session_state.pop(flash, False):
        st.success(i18n.NOTE_SAVED)
    # Drawn only once asked for: a form folded in an expander is still built by the browser (a text area,
    # a checkbox, a button and their code) on every load of every page that shows notes.
    if st.toggle(f"{i18n.NOTE_FORM_TITLE} — {i18n.month(ctx.as_of)}", key=state.NOTE_FORM_OPEN + key):
        if kind is None:
            kind = st.radio(
                i18n.NOTE_FORM_KIND,
                list(note_store.KINDS),
                format_func=lambda k: i18n.NOTE_KIND[k],
                horizontal=True,
                key=f"dtplan_note_kind_{key}",
            )
        with st.form(f"dtplan_note_form_{key}", clear_on_submit=True):
            chosen = code
            if code is None:
                chosen = st.selectbox(
                    i18n.NOTE_FORM_CODE,
                    note_targets(ctx, kind),
                    format_func=lambda c: f"{c} — {note_store.target_name(ctx.catalog, kind, c)}",
                    key=f"dtplan_note_code_{key}",
                    index=None,  # no default: a note whose subject was not chosen is refused, not filed under T01.1
                    placeholder=i18n.NOTE_CHOOSE_TARGET,
                )
            if kind == note_store.KPI:
                st.caption(i18n.NOTE_KPI_HINT)
            text = st.text_area(i18n.NOTE_FORM_TEXT, max_chars=note_store.MAX_LENGTH, key=f"dtplan_note_text_{key}")
            # Leaders only unless ticked: a note may name other units, and units read only what is meant for them.
            for_units = st.checkbox(i18n.NOTE_FORM_UNITS, value=False, key=f"dtplan_note_units_{key}")
            if st.form_submit_button(i18n.NOTE_FORM_SUBMIT):
                if not chosen:
                    st.error(i18n.NOTE_CHOOSE_TARGET)
                    return
                try:
                    note_store.add_note(
                        ctx.engine,
                        ctx.catalog,
                        ctx.viewer,
                        kind,
                        chosen or "",
                        ctx.as_of,
                        text,
                        visible_to_units=for_units,
                    )
                except (note_store.NoteError, AccessDenied) as exc:
                    st.error(str(exc))
                else:
                    st.session_state[flash] = True
                    st.rerun()


def show_notes(ctx: PageContext, kind: str, code: str, period: str | None = None, key: str | None = None) -> None:
    """The notes on one KPI, task or unit up to the as-of month (or for one `period`), and — for a
    leader or admin — the form to add one for the as-of month."""
    st.subheader(i18n.NOTES_TITLE)
    if not note_store.visible(ctx.catalog, ctx.scope, kind, code):
        st.caption(i18n.NOTES_NONE)
        return
    if period is not None:
        rows = note_store.notes_for(
            ctx.engine, ctx.catalog, ctx.scope, kind=kind, code=code, period=period, viewer=ctx.viewer
        )
    else:
        rows = note_store.notes_for(
            ctx.engine, ctx.catalog, ctx.scope, kind=kind, code=code, until=ctx.as_of, viewer=ctx.viewer
        )
    note_list(rows, show_target=False)
    note_form(ctx, kind, code, key=key or f"{kind}_{code}")
