"""The scorecard: `dtplan scorecard --as-of YYYY-MM --kind agency|district|commune [--unit CODE] [--as USER]
--json` (contract §6). Without --as the operator of the machine reads everything, as with `summary`; with it,
that account's rights: a unit account gets its own unit (a district its communes) and is refused another."""

from __future__ import annotations

from dtplan import i18n
from dtplan.cli import common
from dtplan.cli.common import UsageError
from dtplan.domain.access import AccessDenied, scope_for_request
from dtplan.read import scorecard
from dtplan.read.checks import ViewError
from dtplan.store import accounts


def _scope(engine, catalog, args):
    if not args.as_user:
        return common.check_scope(catalog, args.unit)
    viewer = accounts.viewer_for(engine, args.as_user)
    if viewer is None:
        raise UsageError(f"--as: không có tài khoản đang hoạt động tên '{args.as_user}'")
    if args.unit and args.unit not in catalog.units_by_code:
        raise UsageError(f"--unit: không có đơn vị mã '{args.unit}' trong kế hoạch")
    try:
        return scope_for_request(catalog, viewer, args.unit)
    except AccessDenied as exc:
        raise UsageError(f"--unit: {exc}") from None


def cmd_scorecard(args) -> int:
    engine = common.open_engine()
    catalog = common.read_catalog(engine)
    as_of = common.check_as_of(catalog, args.as_of)
    try:
        kind = scorecard.check_kind(args.kind)
    except ViewError as exc:
        raise UsageError(str(exc)) from None
    scope = _scope(engine, catalog, args)
    if not scorecard.scorecard_units(catalog, scope, kind):
        # Communes of an agency, districts in a plan without districts: a request with no answer.
        where = "kế hoạch" if scope.is_all else f"phạm vi '{scope.code}'"
        raise UsageError(f"--kind: {where} không có đơn vị cấp {i18n.UNIT_KIND_LABEL[kind]} ({kind})")
    result = scorecard.scorecard(engine, catalog, scope, as_of, kind, raw=True)
    if args.json:
        common.print_json(result)
    else:
        print(f"{catalog.plan.code} — {as_of} — {kind} — {result['scope']}")
        for row in result["rows"]:
            cells = " ".join(f"{code}:{cell['status']}" for code, cell in row["cells"].items())
            print(f"  {row['unit']:<8} {row['met']}/{row['applicable']}  {cells}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("scorecard", help="bảng tổng hợp: đơn vị × chỉ tiêu")
    p.add_argument("--as-of", required=True, metavar="YYYY-MM", help="tháng báo cáo")
    p.add_argument("--kind", required=True, metavar="agency|district|commune", help="cấp đơn vị")
    p.add_argument("--unit", metavar="CODE", help="mã đơn vị (mặc định: toàn tỉnh)")
    p.add_argument("--as", dest="as_user", metavar="USER", help="đọc với quyền của tài khoản này")
    p.add_argument("--json", action="store_true", help="in JSON")
    p.set_defaults(func=cmd_scorecard)
