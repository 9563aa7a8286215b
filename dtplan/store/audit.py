"""The audit log: writing an entry (sign-ins, imports, exports, user changes; one event on its own
transaction) and reading them back (admin only on screen)."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dtplan.domain.access import Viewer, require_admin
from dtplan.store.models import AuditRow


def record_audit(session: Session, actor: str, action: str, detail: dict | None = None) -> None:
    session.add(
        AuditRow(
            at=dt.datetime.now(),
            actor=actor,
            action=action,
            detail=json.dumps(detail or {}, ensure_ascii=False, default=str),
        )
    )


def audit_rows(engine: Engine, since: dt.date | None = None, limit: int | None = None) -> list[dict]:
    """Newest last. For the operator's CLI; screens go through `audit_for`."""
    with Session(engine) as session:
        query = select(AuditRow).order_by(AuditRow.at, AuditRow.id)
        if since is not None:
            query = query.where(AuditRow.at >= dt.datetime.combine(since, dt.time()))
        rows = [
            {
                "at": r.at.isoformat(timespec="seconds"),
                "actor": r.actor,
                "action": r.action,
                "detail": json.loads(r.detail or "{}"),
            }
            for r in session.scalars(query)
        ]
    return rows[-limit:] if limit else rows


def audit_for(engine: Engine, viewer: Viewer, since: dt.date | None = None, limit: int | None = 2000) -> list[dict]:
    require_admin(viewer)
    return audit_rows(engine, since, limit)


def record_event(engine: Engine, actor: str, action: str, detail: dict | None = None) -> None:
    """Write one audit row in its own transaction (a refused URL parameter, a file taken from a page)."""
    from dtplan.store import record_audit

    with Session(engine) as session, session.begin():
        record_audit(session, actor, action, detail)
