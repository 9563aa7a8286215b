"""The command line of contract §5: `python -m dtplan COMMAND ...`.

Exit codes: 0 done; 1 refused input (import errors and the like); 2 a wrong call (bad option,
unknown unit, month outside the plan year). Errors go to stderr in Vietnamese, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import sys
from collections.abc import Callable

from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from dtplan import store
from dtplan.domain.access import AccessDenied, Scope, province_scope, unit_scope
from dtplan.domain.catalog import DEFAULT_PLAN_PATH, CatalogError, load_catalog
from dtplan.read import views
from dtplan.store import db_errors


class UsageError(Exception):
    """A wrong call: exit 2 with the message."""


class Refused(Exception):
    """Input refused (bad file, weak password ...): exit 1 with the message."""


def _finite(value):
    """Infinity and NaN are not JSON: a figure that is not a finite number is printed as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _print_json(value) -> None:
    json.dump(_finite(value), sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
    sys.stdout.write("\n")


def _engine():
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        return store.make_engine()
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError):
        # A URL of a kind we do not support (mysql://, a typo ...): one line, not a driver traceback.
        url = store.database_url()
        scheme = url.split(":", 1)[0] if ":" in url else url
        raise UsageError(
            f"DTPLAN_DATABASE_URL: không dùng được loại cơ sở dữ liệu '{scheme}'; "
            "chỉ hỗ trợ sqlite:///ĐƯỜNG_DẪN và postgresql://NGƯỜI_DÙNG@MÁY:CỔNG/TÊN"
        ) from None


def _catalog(engine):
    if not store.has_schema(engine):
        raise UsageError("Cơ sở dữ liệu chưa được khởi tạo: chạy 'python -m dtplan init' trước")
    try:
        return store.read_catalog(engine)
    except store.StoreError as exc:
        raise UsageError(str(exc)) from None


def _scope(catalog, unit: str | None) -> Scope:
    if unit is None:
        return province_scope(catalog)
    try:
        return unit_scope(catalog, unit)
    except AccessDenied:
        raise UsageError(f"--unit: không có đơn vị mã '{unit}' trong kế hoạch") from None


def _as_of(catalog, value: str) -> str:
    try:
        return views.check_as_of(catalog, value)
    except views.ViewError as exc:
        raise UsageError(str(exc)) from None


def _today() -> dt.date:
    """The reference day for 'missing' vs 'not yet due'. DTPLAN_TODAY (YYYY-MM-DD) pins it for tests."""
    pinned = os.environ.get("DTPLAN_TODAY")
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            raise UsageError(f"DTPLAN_TODAY: '{pinned}' không đúng dạng YYYY-MM-DD") from None
    return dt.date.today()


# --- commands --------------------------------------------------------------------------------------


def cmd_init(args) -> int:
    from dtplan.store import demo

    catalog = load_catalog(args.plan) if args.plan else load_catalog(DEFAULT_PLAN_PATH)
    engine = _engine()
    if args.demo and (reason := demo.init_refusal(engine)):
        raise Refused(reason)  # before the upgrade: a refused database is left exactly as it was
    store.upgrade(engine)
    with Session(engine) as session, session.begin():
        try:
            store.save_catalog(session, catalog)
        except store.StoreError as exc:
            raise Refused(str(exc)) from None
    print(
        f"Đã khởi tạo cơ sở dữ liệu và nạp kế hoạch {catalog.plan.code}: {len(catalog.units)} đơn vị, "
        f"{len(catalog.kpis)} chỉ tiêu, {len(catalog.tasks)} nhiệm vụ."
    )
    if args.demo:
        try:
            print(demo.load_demo(engine, store.read_catalog(engine)))
        except demo.DemoError as exc:
            raise Refused(str(exc)) from None
    return 0


def cmd_summary(args) -> int:
    engine = _engine()
    catalog = _catalog(engine)
    as_of = _as_of(catalog, args.as_of)
    result = views.summary(engine, catalog, _scope(catalog, args.unit), as_of)
    if args.json:
        _print_json(result)
    else:
        print(f"{catalog.plan.code} — {as_of} — {result['scope']}")
        for kpi in result["kpis"]:
            actual = "—" if kpi["actual"] is None else f"{kpi['actual']:.1f}"
            print(f"  {kpi['code']:<6} {actual:>7} / {kpi['target']:g}  {kpi['status']}")
        print("  nhiệm vụ:", ", ".join(f"{k}={v}" for k, v in result["tasks"].items()))
    return 0


def cmd_tasks(args) -> int:
    engine = _engine()
    catalog = _catalog(engine)
    as_of = _as_of(catalog, args.as_of)
    rows = views.task_table(engine, catalog, _scope(catalog, args.unit), as_of, lagging=args.lagging)
    keys = ("code", "appendix", "title", "lead", "partners", "start", "due", "progress", "status")
    out = [{k: r[k] for k in keys} | {"illustrative": r["illustrative"]} for r in rows]
    if args.json:
        _print_json(out)
    else:
        for r in out:
            print(f"{r['code']:<8} {r['status']:<10} {r['due']}  {r['title']}")
    return 0


def cmd_compliance(args) -> int:
    engine = _engine()
    catalog = _catalog(engine)
    as_of = _as_of(catalog, args.as_of)
    rows = views.compliance_table(engine, catalog, _scope(catalog, args.unit), as_of, today=_today())
    if args.json:
        _print_json(rows)
    else:
        for r in rows:
            print(f"{r['unit']:<8} {r['period']} {r['due']} {r['submitted_at'] or '—':<10} {r['status']}")
    return 0


# --- parser ----------------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse with the error line in Vietnamese."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"dtplan: lỗi: {message}\n")


def _reporting_options(parser: argparse.ArgumentParser, lagging: bool = False) -> None:
    parser.add_argument("--as-of", required=True, metavar="YYYY-MM", help="tháng báo cáo")
    parser.add_argument("--unit", metavar="CODE", help="mã đơn vị (mặc định: toàn tỉnh)")
    parser.add_argument("--json", action="store_true", help="in JSON")
    if lagging:
        parser.add_argument("--lagging", action="store_true", help="chỉ nhiệm vụ chậm (quá hạn, chậm tiến độ)")


COMMANDS: dict[str, Callable] = {}
EXTENSIONS: list[Callable[[argparse._SubParsersAction], None]] = []


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dtplan", description="dtplan — theo dõi kế hoạch chuyển đổi số")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("init", help="tạo hoặc nâng cấp cơ sở dữ liệu, nạp kế hoạch")
    p.add_argument("--plan", metavar="FILE", help="tệp kế hoạch YAML")
    p.add_argument("--demo", action="store_true", help="nạp dữ liệu mẫu (demo) và tài khoản demo")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("summary", help="tổng hợp chỉ tiêu tại một tháng")
    _reporting_options(p)
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("tasks", help="danh sách nhiệm vụ và trạng thái")
    _reporting_options(p, lagging=True)
    p.set_defaults(func=cmd_tasks)

    p = sub.add_parser("compliance", help="tình hình gửi báo cáo đúng hạn")
    _reporting_options(p)
    p.set_defaults(func=cmd_compliance)

    for extend in EXTENSIONS:
        extend(sub)
    return parser


def _load_extensions() -> None:
    """Commands that live with their feature (import, users, audit, export, template)."""
    import importlib

    for module in ("dtplan.cli.ingest_cmd", "dtplan.cli.users_cmd", "dtplan.cli.export_cmd"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                continue
            raise
        EXTENSIONS.append(mod.register)


def main(argv: list[str] | None = None) -> int:
    if not EXTENSIONS:
        _load_extensions()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"dtplan: lỗi: {exc}", file=sys.stderr)
        return 2
    except (Refused, CatalogError, store.StoreError) as exc:  # StoreError: e.g. a migration refusing old rows
        print(f"dtplan: {exc}", file=sys.stderr)
        return 1
    except DBAPIError as exc:
        # Locked, disk full, read-only or unreachable: say which, not always "cannot connect".
        print(f"dtplan: {db_errors.describe(exc)}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        print(f"dtplan: lỗi cơ sở dữ liệu: {exc.__class__.__name__}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours, and no traceback.
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


def main_entry() -> None:
    """Console-script entry point (`dtplan ...`)."""
    sys.exit(main())
