"""Reading the plan's state: `dtplan summary|tasks|compliance --as-of YYYY-MM [--unit CODE] [--json]`."""

from __future__ import annotations

import argparse

from dtplan.cli import common
from dtplan.read import views


def cmd_summary(args) -> int:
    engine = common.open_engine()
    catalog = common.read_catalog(engine)
    as_of = common.check_as_of(catalog, args.as_of)
    result = views.summary(engine, catalog, common.check_scope(catalog, args.unit), as_of)
    if args.json:
        common.print_json(result)
    else:
        print(f"{catalog.plan.code} — {as_of} — {result['scope']}")
        for kpi in result["kpis"]:
            actual = "—" if kpi["actual"] is None else f"{kpi['actual']:.1f}"
            print(f"  {kpi['code']:<6} {actual:>7} / {kpi['target']:g}  {kpi['status']}")
        print("  nhiệm vụ:", ", ".join(f"{k}={v}" for k, v in result["tasks"].items()))
    return 0


def cmd_tasks(args) -> int:
    engine = common.open_engine()
    catalog = common.read_catalog(engine)
    as_of = common.check_as_of(catalog, args.as_of)
    rows = views.task_table(engine, catalog, common.check_scope(catalog, args.unit), as_of, lagging=args.lagging)
    keys = ("code", "appendix", "title", "lead", "partners", "start", "due", "progress", "status")
    out = [{k: r[k] for k in keys} | {"illustrative": r["illustrative"]} for r in rows]
    if args.json:
        common.print_json(out)
    else:
        for r in out:
            print(f"{r['code']:<8} {r['status']:<10} {r['due']}  {r['title']}")
    return 0


def cmd_compliance(args) -> int:
    engine = common.open_engine()
    catalog = common.read_catalog(engine)
    as_of = common.check_as_of(catalog, args.as_of)
    scope = common.check_scope(catalog, args.unit)
    rows = views.compliance_table(engine, catalog, scope, as_of, today=common.today())
    if args.json:
        common.print_json(rows)
    else:
        for r in rows:
            print(f"{r['unit']:<8} {r['period']} {r['due']} {r['submitted_at'] or '—':<10} {r['status']}")
    return 0


def _reporting_options(parser: argparse.ArgumentParser, lagging: bool = False) -> None:
    parser.add_argument("--as-of", required=True, metavar="YYYY-MM", help="tháng báo cáo")
    parser.add_argument("--unit", metavar="CODE", help="mã đơn vị (mặc định: toàn tỉnh)")
    parser.add_argument("--json", action="store_true", help="in JSON")
    if lagging:
        parser.add_argument("--lagging", action="store_true", help="chỉ nhiệm vụ chậm (quá hạn, chậm tiến độ)")


def register(sub) -> None:
    p = sub.add_parser("summary", help="tổng hợp chỉ tiêu tại một tháng")
    _reporting_options(p)
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("tasks", help="danh sách nhiệm vụ và trạng thái")
    _reporting_options(p, lagging=True)
    p.set_defaults(func=cmd_tasks)

    p = sub.add_parser("compliance", help="tình hình gửi báo cáo đúng hạn")
    _reporting_options(p)
    p.set_defaults(func=cmd_compliance)
