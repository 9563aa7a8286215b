"""Directives on the pages: the meeting page's list (earlier meetings grouped overdue / open / done, this
meeting's) and the form a leader or admin records one with; the section of a unit's own page where its
head records progress, marks one done or reopens it; the count on Tổng quan.

Read fresh on every run (a directive changes without an import, so web.view's cache would hold it back);
the store checks who may write, whatever this page shows. Typed text is shown with st.text (no Markdown);
the one Markdown line per directive is escaped first.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import streamlit as st

from dtplan import i18n
from dtplan.domain import directives as rules
from dtplan.domain.access import AccessDenied
from dtplan.domain.periods import last_day, shift
from dtplan.present.directives import grouped, status_label
from dtplan.present.literal import plain_markdown
from dtplan.read.directives import about_label, directive_counts, directive_list, to_label
from dtplan.read.scope import tasks_in_scope
from dtplan.store import directives as directive_store
from dtplan.web.cache import view
from dtplan.web.resources import data_changed

if TYPE_CHECKING:
    from dtplan.web.guard import PageContext

FLASH = "dtplan_directive_flash"


def _flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)


def _history_line(event: dict) -> str:
    note = f": {event['note']}" if event["note"] else ""
    at = i18n.datetime(dt.datetime.fromisoformat(event["at"]))
    return f"{at} · {event['by']} · {i18n.DIRECTIVE_ACTION.get(event['action'], event['action'])}{note}"


def _update_form(ctx: PageContext, r: dict) -> None:
    """Progress note, done or reopen — for an admin or the directive's own unit (the store checks again)."""
    with st.form(f"dtplan_directive_update_{r['id']}", clear_on_submit=True):
        note = st.text_input(i18n.DIRECTIVE_NOTE, max_chars=rules.MAX_LENGTH, key=f"dtplan_directive_note_{r['id']}")
        left, right = st.columns(2)
        with left:
            progress = st.form_submit_button(i18n.DIRECTIVE_NOTE_SUBMIT)
        with right:
            if r["status"] == rules.DONE:
                change = st.form_submit_button(i18n.DIRECTIVE_REOPEN_SUBMIT)
                action, saved = rules.REOPEN, i18n.DIRECTIVE_REOPENED
            else:
                change = st.form_submit_button(i18n.DIRECTIVE_DONE_SUBMIT, type="primary")
                action, saved = rules.DONE_ACTION, i18n.DIRECTIVE_DONE_SAVED
    if progress or change:
        if progress:
            action, saved = rules.PROGRESS, i18n.DIRECTIVE_NOTE_SAVED
        try:
            directive_store.update_directive(ctx.engine, ctx.viewer, r["id"], action, note)
        except (rules.DirectiveError, AccessDenied) as exc:
            st.error(str(exc))
        else:
            st.session_state[FLASH] = f"{saved} (số {r['id']})."
            data_changed()  # the brief and the overview's count, shared read models, show it at once
            st.rerun()


def directive_cards(ctx: PageContext, rows: list[dict], editable: bool = False) -> None:
    """Directives grouped overdue / open / done, each with its status as symbol and word."""
    if not rows:
        st.caption(i18n.DIRECTIVES_NONE)
        return
    for status, group in grouped(rows):
        st.markdown(f"**{status_label(status)} ({len(group)})**")
        for r in group:
            with st.container(border=True, key=f"dtplan_directive_{r['id']}"):
                head = f"{status_label(r['status'])} · {i18n.DIRECTIVE_COLUMNS['id']} {r['id']} · "
                st.markdown(plain_markdown(head + about_label(ctx.catalog, ctx.scope, r["about"])))
                st.caption(
                    i18n.DIRECTIVE_DUE_LINE.format(
                        due=i18n.date(r["due"]),
                        to=to_label(ctx.catalog, ctx.scope, r["to"]),
                        meeting=i18n.month(r["meeting"]),
                    )
                )
                st.text(r["text"])
                with st.expander(i18n.DIRECTIVE_HISTORY, expanded=False):
                    st.text("\n".join(_history_line(e) for e in r["history"]))
                if editable and rules.may_update(ctx.viewer, r["to"]):
                    _update_form(ctx, r)


def _about_codes(ctx: PageContext, kind: str) -> list[str]:
    cat = ctx.catalog
    if kind == rules.KPI:
        return [k.code for k in cat.kpis]
    if kind == rules.TASK:
        return [t.code for t in tasks_in_scope(cat, ctx.scope)]
    return [u.code for u in cat.units if u.kind != "province"]


def directive_form(ctx: PageContext) -> None:
    """A leader or admin records a directive of this meeting (the as-of month); nothing for others."""
    if not rules.may_add(ctx.viewer):
        return
    cat = ctx.catalog
    with st.expander(f"{i18n.DIRECTIVE_FORM_TITLE} — {i18n.month(ctx.as_of)}", expanded=False):
        kind = st.radio(
            i18n.DIRECTIVE_FORM_KIND,
            list(rules.ABOUT_KINDS),
            format_func=lambda k: i18n.NOTE_KIND[k],
            horizontal=True,
            key="dtplan_directive_kind",
        )
        with st.form("dtplan_directive_form", clear_on_submit=True):
            code = st.selectbox(
                i18n.DIRECTIVE_FORM_CODE,
                _about_codes(ctx, kind),
                format_func=lambda c: about_label(cat, ctx.scope, f"{kind}:{c}"),
                key="dtplan_directive_code",
            )
            to = st.selectbox(
                i18n.DIRECTIVE_FORM_TO,
                rules.assignees(cat),
                format_func=lambda c: f"{c} — {cat.unit(c).name}",
                key="dtplan_directive_to",
            )
            due = st.date_input(
                i18n.DIRECTIVE_FORM_DUE,
                value=last_day(shift(ctx.as_of, 1)),
                min_value=rules.first_day(ctx.as_of),
                format="DD/MM/YYYY",
                key="dtplan_directive_due",
            )
            text = st.text_area(i18n.DIRECTIVE_FORM_TEXT, max_chars=rules.MAX_LENGTH, key="dtplan_directive_text")
            if st.form_submit_button(i18n.DIRECTIVE_FORM_SUBMIT):
                try:
                    new_id = directive_store.add_directive(
                        ctx.engine, cat, ctx.viewer, f"{kind}:{code or ''}", to or "", due, text, ctx.as_of
                    )
                except (rules.DirectiveError, AccessDenied) as exc:
                    st.error(str(exc))
                else:
                    st.session_state[FLASH] = f"{i18n.DIRECTIVE_SAVED} (số {new_id})."
                    data_changed()
                    st.rerun()


def meeting_directives(ctx: PageContext) -> None:
    """The meeting page's section: earlier meetings' directives by status, this meeting's, and the form."""
    st.header(i18n.DIRECTIVES_TITLE)
    _flash()
    st.subheader(i18n.DIRECTIVES_EARLIER)
    directive_cards(ctx, directive_list(ctx.engine, ctx.catalog, ctx.scope, meeting_before=ctx.as_of))
    st.subheader(i18n.DIRECTIVES_THIS_MEETING.format(month=i18n.month(ctx.as_of)))
    directive_cards(ctx, directive_list(ctx.engine, ctx.catalog, ctx.scope, meeting=ctx.as_of))
    directive_form(ctx)


def unit_directives(ctx: PageContext) -> None:
    """A unit's own page: the directives to it; its head (or an admin) updates them here."""
    st.subheader(i18n.DIRECTIVES_OWN)
    _flash()
    rows = directive_list(ctx.engine, ctx.catalog, ctx.scope, unit=ctx.scope.code)
    directive_cards(ctx, rows, editable=True)


def directive_count_line(ctx: PageContext) -> None:
    """Tổng quan: 'N kết luận chỉ đạo đang mở, M quá hạn' in the page's scope."""
    counts = directive_counts(view(directive_list, ctx.scope))
    st.markdown(f"**{i18n.DIRECTIVES_TITLE}:** {i18n.DIRECTIVE_COUNTS.format(**counts)}")
