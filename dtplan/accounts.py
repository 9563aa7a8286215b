"""User accounts in the database: bcrypt hashes, roles, unit binding, disabling, sign-in throttling."""

from __future__ import annotations

import datetime as dt
import re

import bcrypt
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dtplan.access import ROLES, UNIT, Viewer, require_admin
from dtplan.catalog import Catalog
from dtplan.models import AuditRow, UserRow
from dtplan.store import is_demo, record_audit

USERNAME = re.compile(r"^[a-z0-9_.-]{3,64}$")
DEMO_ACCOUNTS = (
    ("quantri", "Quản trị hệ thống (demo)", "admin", None),
    ("lanhdao", "Lãnh đạo UBND tỉnh (demo)", "leader", None),
    ("sotttt", "Giám đốc Sở TT&TT (demo)", "unit", "STTTT"),
    ("nhoquan", "Chủ tịch UBND huyện Nho Quan (demo)", "unit", "372"),
)
LOCK_AFTER_FAILURES = 5
LOCK_WINDOW = dt.timedelta(minutes=15)


class AccountError(ValueError):
    """A request about accounts that cannot be honoured; the message is in Vietnamese."""


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=12)).decode("ascii")


def check_password(password: str, hashed: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8"), hashed.encode("ascii"))
    except ValueError:
        return False


def password_problem(password: str, username: str = "") -> str | None:
    """Why a new password is too weak, or None. Demo passwords bypass this (they are labelled demo)."""
    if len(password) < 10:
        return "Mật khẩu phải có ít nhất 10 ký tự"
    classes = sum(bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
    if classes < 3:
        return "Mật khẩu phải có ít nhất 3 trong 4 loại: chữ thường, chữ hoa, chữ số, ký hiệu"
    if username and username.lower() in password.lower():
        return "Mật khẩu không được chứa tên đăng nhập"
    return None


def _check_role(catalog: Catalog, role: str, unit_code: str | None) -> None:
    if role not in ROLES:
        raise AccountError(f"Vai trò '{role}' không hợp lệ; chỉ nhận {', '.join(ROLES)}")
    if role == UNIT:
        if not unit_code:
            raise AccountError("Tài khoản vai trò 'unit' phải gắn với một mã đơn vị (--unit)")
        unit = catalog.units_by_code.get(unit_code)
        if unit is None or unit.kind not in ("agency", "district"):
            raise AccountError(f"Mã đơn vị '{unit_code}' không phải sở, ban, ngành hoặc huyện trong kế hoạch")
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
    record_audit(session, actor, "user_passwd", {"username": username})


def disable_user(session: Session, username: str, *, actor: str) -> None:
    row = session.get(UserRow, username)
    if row is None:
        raise AccountError(f"Không có tài khoản '{username}'")
    row.disabled = True
    record_audit(session, actor, "user_disable", {"username": username})


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


def viewer_for(engine: Engine, username: str) -> Viewer | None:
    """The signed-in user as a Viewer, or None when unknown, disabled, or demo outside a demo database."""
    with Session(engine) as session:
        row = session.get(UserRow, username)
        if row is None or row.disabled:
            return None
        if row.is_demo and not is_demo(engine):
            return None
        return Viewer(username=row.username, full_name=row.full_name, role=row.role, unit_code=row.unit_code)


def locked_until(engine: Engine, username: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """After 5 failed sign-ins within 15 minutes the name is locked for 15 minutes from the 5th.

    Works the same for names that do not exist, so the lock reveals nothing about accounts.
    """
    now = now or dt.datetime.now()
    with Session(engine) as session:
        events = session.execute(
            select(AuditRow.at, AuditRow.action)
            .where(
                AuditRow.actor == username,
                AuditRow.action.in_(("login_failed", "login")),
                AuditRow.at >= now - 2 * LOCK_WINDOW,
            )
            .order_by(AuditRow.at)
        ).all()
    failures: list[dt.datetime] = []
    for at, action in events:
        if action == "login":
            failures.clear()
        else:
            failures.append(at)
            failures = [f for f in failures if at - f <= LOCK_WINDOW]
            if len(failures) >= LOCK_AFTER_FAILURES:
                until = at + LOCK_WINDOW
                if until > now:
                    return until
                failures.clear()
    return None


def record_sign_in(engine: Engine, username: str, success: bool) -> None:
    with Session(engine) as session, session.begin():
        record_audit(session, username, "login" if success else "login_failed", {})


# --- the admin page's entry points: each checks the viewer's role here, not only in the UI ----------


def admin_add_user(engine: Engine, catalog: Catalog, viewer: Viewer, **fields) -> None:
    require_admin(viewer)
    with Session(engine) as session, session.begin():
        add_user(session, catalog, actor=viewer.username, **fields)


def admin_disable_user(engine: Engine, viewer: Viewer, username: str) -> None:
    require_admin(viewer)
    if username == viewer.username:
        raise AccountError("Không thể tự khóa tài khoản đang đăng nhập")
    with Session(engine) as session, session.begin():
        disable_user(session, username, actor=viewer.username)


def admin_set_password(engine: Engine, viewer: Viewer, username: str, password: str) -> None:
    require_admin(viewer)
    with Session(engine) as session, session.begin():
        set_password(session, username, password, actor=viewer.username)


def admin_list_users(engine: Engine, viewer: Viewer) -> list[dict]:
    require_admin(viewer)
    return list_users(engine)
