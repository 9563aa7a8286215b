"""What every command shares: the two refusals (exit 2 / exit 1), the Vietnamese argparse, JSON printing,
and the checked engine, catalog, scope, month and reference day of a call."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import math
import sys

from dtplan import store
from dtplan.domain import periods
from dtplan.domain.access import AccessDenied, Scope, province_scope, unit_scope
from dtplan.read import views
from dtplan.store import db_errors


class UsageError(Exception):
    """A wrong call: exit 2 with the message."""


class Refused(Exception):
    """Input refused (bad file, weak password ...): exit 1 with the message."""


class Parser(argparse.ArgumentParser):
    """argparse with the error line in Vietnamese."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"dtplan: lỗi: {message}\n")


def _finite(value):
    """Infinity and NaN are not JSON: a figure that is not a finite number is printed as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def print_json(value) -> None:
    json.dump(_finite(value), sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
    sys.stdout.write("\n")


def open_engine():
    """The engine of DTPLAN_DATABASE_URL; a URL of a kind we do not support is a wrong call."""
    try:
        return store.make_engine()
    except (*db_errors.UnsupportedUrl, ImportError, ValueError):
        # A URL of a kind we do not support (mysql://, a typo ...): one line, not a driver traceback.
        url = store.database_url()
        scheme = url.split(":", 1)[0] if ":" in url else url
        raise UsageError(
            f"DTPLAN_DATABASE_URL: không dùng được loại cơ sở dữ liệu '{scheme}'; "
            "chỉ hỗ trợ sqlite:///ĐƯỜNG_DẪN và postgresql://NGƯỜI_DÙNG@MÁY:CỔNG/TÊN"
        ) from None


def read_catalog(engine):
    if not store.has_schema(engine):
        raise UsageError("Cơ sở dữ liệu chưa được khởi tạo: chạy 'python -m dtplan init' trước")
    try:
        return store.read_catalog(engine)
    except store.StoreError as exc:
        raise UsageError(str(exc)) from None


def check_scope(catalog, unit: str | None) -> Scope:
    """The province, or the unit of --unit."""
    if unit is None:
        return province_scope(catalog)
    try:
        return unit_scope(catalog, unit)
    except AccessDenied:
        raise UsageError(f"--unit: không có đơn vị mã '{unit}' trong kế hoạch") from None


def check_as_of(catalog, value: str) -> str:
    """--as-of checked against the plan year."""
    try:
        return views.check_as_of(catalog, value)
    except views.ViewError as exc:
        raise UsageError(str(exc)) from None


def today() -> dt.date:
    """The reference day (dtplan.domain.periods.today); a malformed DTPLAN_TODAY is a wrong call."""
    try:
        return periods.today()
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def operator() -> str:
    """The actor recorded for a command run without --as: the machine's user."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"
