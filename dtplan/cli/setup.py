"""Setting up: `dtplan init [--plan FILE] [--demo]` creates or upgrades the database and loads the plan."""

from __future__ import annotations

from dtplan import store
from dtplan.cli import common
from dtplan.cli.common import Refused
from dtplan.domain.catalog import DEFAULT_PLAN_PATH, load_catalog


def cmd_init(args) -> int:
    from dtplan.store import demo

    catalog = load_catalog(args.plan) if args.plan else load_catalog(DEFAULT_PLAN_PATH)
    engine = common.open_engine()
    if args.demo and (reason := demo.init_refusal(engine)):
        raise Refused(reason)  # before the upgrade: a refused database is left exactly as it was
    store.upgrade(engine)
    with store.transaction(engine) as session:
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


def register(sub) -> None:
    p = sub.add_parser("init", help="tạo hoặc nâng cấp cơ sở dữ liệu, nạp kế hoạch")
    p.add_argument("--plan", metavar="FILE", help="tệp kế hoạch YAML")
    p.add_argument("--demo", action="store_true", help="nạp dữ liệu mẫu (demo) và tài khoản demo")
    p.set_defaults(func=cmd_init)
