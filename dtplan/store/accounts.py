"""User accounts in the database: bcrypt hashes, roles, unit binding, disabling, sign-in throttling."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dtplan.domain import passwords
from dtplan.domain.access import ROLES, UNIT, Viewer, require_admin
from dtplan.domain.catalog import Catalog
from dtplan.store.audit import record_audit
from dtplan.store.engine import is_demo, transaction
from dtplan.store.models import AuditRow, UserRow

USERNAME = re.compile(r"^[a-z0-9_.-]{3,64}$")
DEMO_ACCOUNTS = (
    ("quantri", "Quản trị hệ thống (demo)", "admin", None),
    ("lanhdao", "Lãnh đạo UBND tỉnh (demo)", "leader", None),
    ("sotttt", "Giám đốc Sở TT&TT (demo)", "unit", "STTTT"),
    ("nhoquan", "Chủ tịch UBND huyện Nho Quan (demo)", "unit", "372"),
)
LOCK_AFTER_FAILURES = 5
LOCK_WINDOW = dt.timedelta(minutes=15)
# One client address may fail this often in LOCK_WINDOW (all names together) before it is blocked: enough
# for an office behind one NAT address mistyping, too few to spray passwords across names.
ADDRESS_FAILURES = 20
# Refused attempts, by kind: a wrong password, a name locked, an address blocked (only the first two count
# against an address: counting the third would keep a blocked address blocked for ever).
FAILED, LOCKED, BLOCKED = "login_failed", "login_locked", "login_blocked"


class AccountError(ValueError):
    """A request about accounts that cannot be honoured; the message is in Vietnamese."""


def hash_password(password: str) -> str:
    if passwords.too_long(password):
        raise AccountError(passwords.TOO_LONG)
    return passwords.hash_password(password)


check_password = passwords.check_password
password_problem = passwords.password_problem


def _check_role(catalog: Catalog, role: str, unit_code: str | None) -> None:
    if role not in ROLES:
        raise AccountError(f"Vai trò '{role}' không hợp lệ; chỉ nhận {', '.join(ROLES)}")
    if role == UNIT:
        if not unit_code:
            raise AccountError("Tài khoản vai trò 'unit' phải gắn với một mã đơn vị (--unit)")
        unit = catalog.units_by_code.get(unit_code)
        if unit is None or unit.kind not in ("agency", catalog.local_kind):
            local = "xã, phường" if catalog.local_kind == "commune" else "huyện"
            raise AccountError(f"Mã đơn vị '{unit_code}' không phải sở, ban, ngành hoặc {local} trong kế hoạch")
    elif unit_code:
        raise AccountError(f"Vai trò '{role}' không gắn với đơn vị; bỏ --unit")


def add_user(
    session: Session,
    catalog: Catalog,
    username: str,
    full_name: str,
    role: str,
    unit_code: str | None,
    password: str,
    *,
    actor: str,
    is_demo: bool = False,
    check_strength: bool = True,
) -> None:
    if role is None:
        raise AccountError("Chưa chọn vai trò của tài khoản")
    if not USERNAME.match(username):
        raise AccountError("Tên đăng nhập chỉ gồm chữ thường không dấu, số, '.', '_' hoặc '-', 3–64 ký tự")
    if session.get(UserRow, username) is not None:
        raise AccountError(f"Tên đăng nhập '{username}' đã tồn tại")
    _check_role(catalog, role, unit_code)
    if check_strength and (problem := password_problem(password, username)):
        raise AccountError(problem)
    session.add(
        UserRow(
            username=username,
            full_name=full_name.strip() or username,
            role=role,
            unit_code=unit_code if role == UNIT else None,
            password_hash=hash_password(password),
            disabled=False,
            is_demo=is_demo,
            created_at=dt.datetime.now(),
        )
    )
    record_audit(session, actor, "user_add", {"username": username, "role": role, "unit": unit_code})


def set_password(session: Session, username: str, password: str, *, actor: str) -> None:
    row = session.get(UserRow, username)
    if row is None:
        raise AccountError(f"Không có tài khoản '{username}'")
    if problem := password_problem(password, username):
        raise AccountError(problem)
    row.password_hash = hash_password(password)
    row.valid_after = dt.datetime.now()  # every sign-in made with the old password ends
    record_audit(session, actor, "user_passwd", {"username": username})


def disable_user(session: Session, username: str, *, actor: str) -> None:
    row = session.get(UserRow, username)
    if row is None:
        raise AccountError(f"Không có tài khoản '{username}'")
    row.disabled = True
    row.valid_after = dt.datetime.now()
    record_audit(session, actor, "user_disable", {"username": username})


def unlock_user(session: Session, username: str, *, actor: str) -> None:
    """Lift the lock after repeated wrong passwords (the failures before now no longer count)."""
    if not USERNAME.match(username):
        raise AccountError(f"Tên đăng nhập '{username}' không hợp lệ")
    record_audit(session, actor, "user_unlock", {"username": username})


def revoke_sessions(engine: Engine, username: str, *, at: dt.datetime | None = None) -> None:
    """Sign-ins (cookies, open sessions) of `username` made before `at` no longer count: on sign-out."""
    with transaction(engine) as session:
        row = session.get(UserRow, username)
        if row is not None:
            row.valid_after = at or dt.datetime.now()


def valid_after(engine: Engine, username: str) -> dt.datetime | None:
    """Sign-ins of `username` made before this time are void (sign-out, new password, disabling)."""
    with Session(engine) as session:
        return session.scalar(select(UserRow.valid_after).where(UserRow.username == username))


def credentials_match(hashes: dict[str, dict], username: str, password: str) -> bool:
    """The sign-in form's check: bcrypt runs for unknown names too (against a fixed hash), so the time
    a refusal takes does not tell which names exist."""
    entry = hashes.get(username)
    return passwords.check_password(password, entry.get("password") if entry else None)


def list_users(engine: Engine) -> list[dict]:
    with Session(engine) as session:
        rows = session.scalars(select(UserRow).order_by(UserRow.username)).all()
        return [
            {
                "username": r.username,
                "full_name": r.full_name,
                "role": r.role,
                "unit": r.unit_code,
                "disabled": r.disabled,
                "demo": r.is_demo,
            }
            for r in rows
        ]


def active_credentials(engine: Engine, include_demo: bool) -> dict[str, dict]:
    """Enabled accounts as {username: {name, password (hash), roles, unit}} for the sign-in form.

    Demo accounts are left out unless the database is a demo database.
    """
    with Session(engine) as session:
        query = select(UserRow).where(UserRow.disabled.is_(False))
        if not include_demo:
            query = query.where(UserRow.is_demo.is_(False))
        rows = session.scalars(query).all()
        return {
            r.username: {
                "name": r.full_name,
                "password": r.password_hash,
                "roles": [r.role],
                "unit": r.unit_code,
                "email": f"{r.username}@dtplan.local",
            }
            for r in rows
        }


@dataclass(frozen=True)
class SignInState:
    """What the per-run sign-in check needs of an account, read in one query: its Viewer (None when
    unknown, disabled, or a demo account outside a demo database) and its revocation time."""

    viewer: Viewer | None
    valid_after: dt.datetime | None

    def viewer_signed_in_at(self, signed_in_at: dt.datetime | None) -> Viewer | None:
        """The Viewer for a sign-in made at `signed_in_at`, or None when it was revoked since."""
        if signed_in_at is not None and self.valid_after is not None and signed_in_at < self.valid_after:
            return None
        return self.viewer


def sign_in_state(engine: Engine, username: str) -> SignInState:
    with Session(engine) as session:
        row = session.get(UserRow, username)
        if row is None:
            return SignInState(None, None)
        usable = not row.disabled and not (row.is_demo and not is_demo(engine))
        viewer = Viewer(username=row.username, full_name=row.full_name, role=row.role, unit_code=row.unit_code)
        return SignInState(viewer if usable else None, row.valid_after)


def viewer_for(engine: Engine, username: str, signed_in_at: dt.datetime | None = None) -> Viewer | None:
    """The signed-in user as a Viewer, or None when unknown, disabled, demo outside a demo database, or
    signed in (`signed_in_at`) before the account's sign-ins were revoked."""
    return sign_in_state(engine, username).viewer_signed_in_at(signed_in_at)


def locked_until(engine: Engine, username: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """After 5 failed sign-ins within 15 minutes the name is locked for 15 minutes from the 5th.

    Works the same for names that do not exist, so the lock reveals nothing about accounts.
    """
    now = now or dt.datetime.now()
    since = now - 2 * LOCK_WINDOW
    with Session(engine) as session:
        events = session.execute(
            select(AuditRow.at, AuditRow.action, AuditRow.id)
            .where(AuditRow.actor == username, AuditRow.action.in_((FAILED, "login")), AuditRow.at >= since)
            .order_by(AuditRow.at)
        ).all()
        # An admin's unlock (actor: the admin, the name in the detail; rare, so read and filtered here).
        unlocks = session.execute(
            select(AuditRow.at, AuditRow.detail).where(AuditRow.action == "user_unlock", AuditRow.at >= since)
        ).all()
    events += [(at, "login", 0) for at, detail in unlocks if json.loads(detail or "{}").get("username") == username]
    events.sort(key=lambda e: (e[0], e[2]))
    failures: list[dt.datetime] = []
    until = None
    for at, action, _ in events:
        if action == "login":  # a sign-in or an unlock ends the count and any lock
            failures.clear()
            until = None
        else:
            failures.append(at)
            failures = [f for f in failures if at - f <= LOCK_WINDOW]
            if len(failures) >= LOCK_AFTER_FAILURES:
                if at + LOCK_WINDOW > now:
                    until = at + LOCK_WINDOW
                failures.clear()
    return until


def address_blocked_until(engine: Engine, client: str | None, now: dt.datetime | None = None) -> dt.datetime | None:
    """After ADDRESS_FAILURES refused attempts (wrong password or locked name, any names) from one client
    address within 15 minutes, that address may not try again until the oldest of them is 15 minutes old."""
    if not client:
        return None
    now = now or dt.datetime.now()
    with Session(engine) as session:
        times = session.scalars(
            select(AuditRow.at)
            .where(AuditRow.client == client, AuditRow.action.in_((FAILED, LOCKED)), AuditRow.at > now - LOCK_WINDOW)
            .order_by(AuditRow.at.desc())
            .limit(ADDRESS_FAILURES)
        ).all()
    if len(times) < ADDRESS_FAILURES:
        return None
    return times[-1] + LOCK_WINDOW


def record_sign_in(engine: Engine, username: str, outcome: bool | str, client: str | None = None) -> None:
    """One sign-in attempt in the audit log: True (signed in), False (wrong password), LOCKED, BLOCKED."""
    action = ("login" if outcome else FAILED) if isinstance(outcome, bool) else outcome
    _record_with_client(engine, username, action, client)


def record_logout(engine: Engine, username: str, client: str | None = None) -> None:
    _record_with_client(engine, username, "logout", client)


def _record_with_client(engine: Engine, actor: str, action: str, client: str | None) -> None:
    with transaction(engine) as session:
        detail = {"client": client} if client else {}
        session.add(
            AuditRow(
                at=dt.datetime.now(),
                actor=actor,
                action=action,
                detail=json.dumps(detail, ensure_ascii=False),
                client=client,
            )
        )


# --- the admin page's entry points: each checks the viewer's role here, not only in the UI ----------


def admin_add_user(engine: Engine, catalog: Catalog, viewer: Viewer, **fields) -> None:
    require_admin(viewer)
    with transaction(engine) as session:
        add_user(session, catalog, actor=viewer.username, **fields)


def admin_disable_user(engine: Engine, viewer: Viewer, username: str) -> None:
    require_admin(viewer)
    if username == viewer.username:
        raise AccountError("Không thể tự khóa tài khoản đang đăng nhập")
    with transaction(engine) as session:
        disable_user(session, username, actor=viewer.username)


def admin_set_password(engine: Engine, viewer: Viewer, username: str, password: str) -> None:
    require_admin(viewer)
    with transaction(engine) as session:
        set_password(session, username, password, actor=viewer.username)


def admin_list_users(engine: Engine, viewer: Viewer) -> list[dict]:
    require_admin(viewer)
    return list_users(engine)
