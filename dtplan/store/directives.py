"""Directives ("kết luận chỉ đạo", contract §7): writing them and their history, reading them in a scope.

Writing checks who may (dtplan.domain.directives: a leader or admin adds; an admin or a user of the
directive's own unit records progress, marks done, reopens) here, whatever the page or command shows.
Every change is one transaction with its history row and its audit entry: all of it or nothing.

Reading takes the viewer's Scope: a directive is returned only when the scope holds its `to` unit (a
unit user's scope is their unit, with its communes for a district); leaders and admins read all.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dtplan.domain import directives as rules
from dtplan.domain.access import AccessDenied, Scope, Viewer, require_scope
from dtplan.domain.catalog import Catalog
from dtplan.domain.periods import parse_period
from dtplan.store.audit import record_audit
from dtplan.store.engine import transaction
from dtplan.store.models import DirectiveEventRow, DirectiveRow

AUDIT_ACTION = {
    rules.ADD: "directive_add",
    rules.DONE_ACTION: "directive_done",
    rules.REOPEN: "directive_reopen",
    rules.PROGRESS: "directive_note",
}


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now()).replace(microsecond=0)


def add_directive(
    engine: Engine,
    catalog: Catalog,
    viewer: Viewer,
    about: str,
    to: str,
    due: str | dt.date,
    text: str,
    meeting: str,
    now: dt.datetime | None = None,
) -> int:
    """Check everything first (rules.UnknownCode / rules.DirectiveError / AccessDenied), then store the
    directive, its "add" history row and the audit entry in one transaction; return its id."""
    if not rules.may_add(viewer):
        raise AccessDenied("Chỉ lãnh đạo hoặc quản trị được ghi kết luận chỉ đạo")
    kind, code = rules.parse_about(about)
    rules.check_about(catalog, kind, code)
    to = str(to or "").strip()
    rules.check_assignee(catalog, to)
    try:
        year, _month = parse_period(meeting)
    except ValueError:
        raise rules.UnknownCode(f"--meeting: '{meeting}' không đúng dạng YYYY-MM") from None
    if year != catalog.plan.year:
        raise rules.UnknownCode(f"--meeting: tháng {meeting} nằm ngoài năm kế hoạch {catalog.plan.year}")
    due_day = rules.parse_due(due, meeting)
    value = rules.clean_text(text)
    at = _now(now)
    with transaction(engine) as session:
        row = DirectiveRow(
            meeting=meeting,
            about_kind=kind,
            about_code=code,
            to_unit=to,
            due=due_day,
            text=value,
            created_by=viewer.username,
            created_at=at,
            done_at=None,
        )
        session.add(row)
        session.flush()
        session.add(DirectiveEventRow(directive_id=row.id, at=at, by=viewer.username, action=rules.ADD, note=""))
        detail = {"id": row.id, "meeting": meeting, "about": f"{kind}:{code}", "to": to, "due": due_day.isoformat()}
        record_audit(session, viewer.username, AUDIT_ACTION[rules.ADD], detail)
        return row.id


def directive_unit(engine: Engine, directive_id: int) -> str:
    """The `to` unit of a directive (rules.UnknownCode for an unknown id)."""
    with Session(engine) as session:
        row = session.get(DirectiveRow, int(directive_id))
        if row is None:
            raise rules.UnknownCode(f"Không có kết luận chỉ đạo số {directive_id}")
        return row.to_unit


def update_directive(
    engine: Engine,
    viewer: Viewer,
    directive_id: int,
    action: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> None:
    """Record progress (a note), mark done or reopen — by an admin or a user of the directive's unit."""
    if action not in (rules.DONE_ACTION, rules.REOPEN, rules.PROGRESS):
        raise ValueError(action)
    value = rules.clean_text(note, "Ghi chú", required=action == rules.PROGRESS)
    at = _now(now)
    with transaction(engine) as session:
        row = session.get(DirectiveRow, int(directive_id), with_for_update=True)
        if row is None:
            raise rules.UnknownCode(f"Không có kết luận chỉ đạo số {directive_id}")
        if not rules.may_update(viewer, row.to_unit):
            raise AccessDenied("Chỉ quản trị hoặc chính đơn vị được giao cập nhật kết luận chỉ đạo này")
        if action != rules.PROGRESS:
            rules.next_state(row.done_at is not None, action)
            row.done_at = at if action == rules.DONE_ACTION else None
        session.add(DirectiveEventRow(directive_id=row.id, at=at, by=viewer.username, action=action, note=value))
        record_audit(session, viewer.username, AUDIT_ACTION[action], {"id": row.id, "to": row.to_unit, "note": value})


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def directive_rows(
    engine: Engine,
    scope: Scope,
    today: dt.date,
    meeting_before: str | None = None,
    meeting: str | None = None,
) -> list[dict]:
    """The directives whose `to` unit is in the scope, in the contract's shape, by due date (then id);
    optionally only those of meetings before a month, or of one meeting."""
    scope = require_scope(scope)
    stmt = select(DirectiveRow)
    if not scope.is_all:
        stmt = stmt.where(DirectiveRow.to_unit.in_(sorted(scope.units)))
    if meeting_before is not None:
        stmt = stmt.where(DirectiveRow.meeting < meeting_before)
    if meeting is not None:
        stmt = stmt.where(DirectiveRow.meeting == meeting)
    stmt = stmt.order_by(DirectiveRow.due, DirectiveRow.id)
    with Session(engine) as session:
        rows = list(session.scalars(stmt))
        history: dict[int, list[dict]] = {r.id: [] for r in rows}
        if rows:
            events = select(DirectiveEventRow).where(DirectiveEventRow.directive_id.in_(list(history)))
            for e in session.scalars(events.order_by(DirectiveEventRow.at, DirectiveEventRow.id)):
                history[e.directive_id].append({"at": _iso(e.at), "by": e.by, "action": e.action, "note": e.note})
    return [
        {
            "id": r.id,
            "meeting": r.meeting,
            "about": f"{r.about_kind}:{r.about_code}",
            "to": r.to_unit,
            "due": r.due.isoformat(),
            "text": r.text,
            "status": rules.status(r.done_at, r.due, today),
            "done_at": _iso(r.done_at),
            "history": history[r.id],
        }
        for r in rows
        if scope.allows(r.to_unit)
    ]
