"""What went wrong with the database, in words an operator can act on (CLI and web alike).

One pure function classifies a driver error — SQLite's result code or message, PostgreSQL's SQLSTATE —
so "database is locked" or a full disk is not reported as "cannot connect".
"""

from __future__ import annotations

from sqlalchemy import exc as _sa

# What callers outside the store catch, so they need no SQLAlchemy: a driver error (describe() says which),
# any other database failure, and a database URL of a kind we do not support (mysql://, a typo ...).
DatabaseError = _sa.DBAPIError
AnyDatabaseError = _sa.SQLAlchemyError
UnsupportedUrl = (_sa.ArgumentError, _sa.NoSuchModuleError)

UNREACHABLE = "unreachable"  # no server, refused, name not resolved, server shutting down
LOCKED = "locked"  # another writer holds the lock, or a lock/statement timeout ran out
DISK_FULL = "disk_full"
READ_ONLY = "read_only"
OTHER = "other"

MESSAGES = {
    UNREACHABLE: "không kết nối được cơ sở dữ liệu",
    LOCKED: "cơ sở dữ liệu đang bị khóa bởi một lần ghi khác; thử lại sau",
    DISK_FULL: "hết dung lượng đĩa khi ghi cơ sở dữ liệu; không có gì được ghi — giải phóng dung lượng rồi thử lại",
    READ_ONLY: "cơ sở dữ liệu chỉ cho đọc (không có quyền ghi)",
    OTHER: "lỗi cơ sở dữ liệu",
}

# SQLite primary result codes (the low byte of the extended code).
_SQLITE = {5: LOCKED, 6: LOCKED, 8: READ_ONLY, 13: DISK_FULL, 14: UNREACHABLE}
_SQLITE_TEXT = (
    ("database is locked", LOCKED),
    ("database table is locked", LOCKED),
    ("database or disk is full", DISK_FULL),
    ("readonly database", READ_ONLY),
    ("unable to open database", UNREACHABLE),
)
# PostgreSQL SQLSTATE: exact codes first, then classes.
_SQLSTATE = {
    "53100": DISK_FULL,
    "55P03": LOCKED,  # lock_not_available (lock_timeout, NOWAIT)
    "40P01": LOCKED,  # deadlock_detected
    "57014": LOCKED,  # query_canceled (statement_timeout while waiting)
    "25006": READ_ONLY,  # read_only_sql_transaction (a standby)
    "53300": UNREACHABLE,  # too_many_connections
    "57P01": UNREACHABLE,  # admin_shutdown
    "57P02": UNREACHABLE,  # crash_shutdown
    "57P03": UNREACHABLE,  # cannot_connect_now (starting up)
}
_SQLSTATE_CLASS = {"08": UNREACHABLE}


def _driver_error(exc: BaseException) -> BaseException:
    """The DBAPI error under SQLAlchemy's wrapper (DBAPIError.orig), or the error itself."""
    return getattr(exc, "orig", None) or exc


def classify(exc: BaseException) -> str:
    """UNREACHABLE, LOCKED, DISK_FULL, READ_ONLY or OTHER for a SQLAlchemy or DBAPI error."""
    err = _driver_error(exc)
    sqlstate = getattr(err, "sqlstate", None) or getattr(err, "pgcode", None)
    if sqlstate:
        return _SQLSTATE.get(sqlstate) or _SQLSTATE_CLASS.get(sqlstate[:2], OTHER)
    code = getattr(err, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _SQLITE:
        return _SQLITE[code & 0xFF]
    text = str(err).lower()
    for needle, kind in _SQLITE_TEXT:
        if needle in text:
            return kind
    if type(err).__module__.startswith("psycopg") and type(err).__name__ in ("OperationalError", "InterfaceError"):
        # No SQLSTATE: libpq never reached a server (refused, timed out, unknown host, lost connection).
        return UNREACHABLE
    return OTHER


def describe(exc: BaseException) -> str:
    """One Vietnamese line (lower-case start, for 'dtplan: …'), naming the error class for the log."""
    kind = classify(exc)
    if kind == OTHER:
        return f"{MESSAGES[OTHER]}: {exc.__class__.__name__}"
    return f"{MESSAGES[kind]} ({_driver_error(exc).__class__.__name__})"
