"""A meeting's directives (contract §7): `dtplan directives add|done|reopen|list`.

Exit 2 for an unknown KPI, task or unit code, an unknown directive id or a month outside the plan year
(a wrong call, as elsewhere); exit 1 for refused input (`--to` not an agency or district, a bad or early
`--due`, an empty text, an `--as` that may not do this). Nothing is stored when a command is refused.
"""

from __future__ import annotations

from contextlib import contextmanager

from dtplan import i18n
from dtplan.cli import common
from dtplan.cli.common import Refused, UsageError
from dtplan.domain import directives as rules
from dtplan.domain.access import ADMIN, LEADER, UNIT, AccessDenied, Viewer, province_scope, viewer_scope
from dtplan.read import directives as directive_read
from dtplan.read.kpis import default_as_of
from dtplan.store import accounts
from dtplan.store import directives as directive_store


@contextmanager
def _refusals():
    """The rules' refusals as the command line's two exits."""
    try:
        yield
    except rules.UnknownCode as exc:
        raise UsageError(str(exc)) from None
    except (rules.DirectiveError, AccessDenied) as exc:
        raise Refused(str(exc)) from None


def _viewer(engine, username: str | None, roles: tuple[str, ...], what: str) -> Viewer:
    """The account of --as when it may do this (exit 1 otherwise); without --as the operator, as admin."""
    if not username:
        return Viewer(username=common.operator(), full_name="", role=ADMIN)
    viewer = accounts.viewer_for(engine, username)
    if viewer is None:
        raise Refused(f"--as: không có tài khoản đang hoạt động tên '{username}'")
    if viewer.role not in roles:
        raise Refused(f"--as: tài khoản '{username}' không được {what}")
    return viewer


def cmd_add(args) -> int:
    engine = common.open_engine()
    catalog = common.read_catalog(engine)
    viewer = _viewer(engine, args.as_user, (ADMIN, LEADER), "ghi kết luận chỉ đạo (chỉ lãnh đạo hoặc quản trị)")
    with _refusals():
        # Codes first (exit 2), then the meeting month, then what is refused (exit 1): see the module doc.
        kind, code = rules.parse_about(args.about)
        rules.check_about(catalog, kind, code)
        if args.to not in catalog.units_by_code:
            raise rules.UnknownCode(f"--to: không có đơn vị mã '{args.to}' trong kế hoạch")
    if args.meeting:
        try:
            meeting = common.check_as_of(catalog, args.meeting)
        except UsageError as exc:
            raise UsageError(str(exc).replace("--as-of", "--meeting", 1)) from None
    else:
        meeting = default_as_of(engine, catalog, province_scope(catalog))
    with _refusals():
        new_id = directive_store.add_directive(
            engine, catalog, viewer, args.about, args.to, args.due, args.text, meeting
        )
    print(new_id)
    return 0


def cmd_update(args) -> int:
    engine = common.open_engine()
    common.read_catalog(engine)
    action = rules.DONE_ACTION if args.directives_command == "done" else rules.REOPEN
    viewer = _viewer(
        engine, args.as_user, (ADMIN, UNIT), "cập nhật kết luận chỉ đạo (chỉ quản trị hoặc đơn vị được giao)"
    )
    with _refusals():
        to = directive_store.directive_unit(engine, args.id)
        if not rules.may_update(viewer, to):
            raise AccessDenied(f"--as: tài khoản '{viewer.username}' không thuộc đơn vị được giao kết luận này")
        directive_store.update_directive(engine, viewer, args.id, action, args.note or "")
    word = i18n.DIRECTIVE_DONE_SAVED if action == rules.DONE_ACTION else i18n.DIRECTIVE_REOPENED
    print(f"{word} (số {args.id}).")
    return 0


def cmd_list(args) -> int:
    engine = common.open_engine()
    catalog = common.read_catalog(engine)
    if args.unit and args.unit not in catalog.units_by_code:
        raise UsageError(f"--unit: không có đơn vị mã '{args.unit}' trong kế hoạch")
    if args.as_user:
        viewer = _viewer(engine, args.as_user, (ADMIN, LEADER, UNIT), "xem kết luận chỉ đạo")
        scope = viewer_scope(catalog, viewer)
    else:
        scope = common.check_scope(catalog, None)
    try:
        rows = directive_read.directive_list(
            engine, catalog, scope, unit=args.unit, status=args.status, today=common.today()
        )
    except AccessDenied as exc:
        raise UsageError(f"--unit: {exc}") from None
    if args.json:
        common.print_json(rows)
    else:
        for r in rows:
            print(f"{r['id']:>5} {r['due']} {r['status']:<8} {r['to']:<8} {r['about']:<14} {r['text']}")
    return 0


def register(sub) -> None:
    group = sub.add_parser("directives", help="kết luận chỉ đạo của cuộc họp: ghi, hoàn thành, mở lại, liệt kê")
    group_sub = group.add_subparsers(
        dest="directives_command", metavar="add|done|reopen|list", parser_class=common.Parser
    )
    group_sub.required = True

    p = group_sub.add_parser("add", help="ghi một kết luận chỉ đạo (in ra số của kết luận)")
    p.add_argument(
        "--about", required=True, metavar="kpi:MÃ|task:MÃ|unit:MÃ", help="kết luận về chỉ tiêu, nhiệm vụ hay đơn vị"
    )
    p.add_argument("--to", required=True, metavar="UNIT", help="đơn vị được giao (sở, ngành hoặc huyện)")
    p.add_argument("--due", required=True, metavar="YYYY-MM-DD", help="hạn hoàn thành")
    p.add_argument("--text", required=True, help="nội dung kết luận")
    p.add_argument("--meeting", metavar="YYYY-MM", help="tháng của cuộc họp (mặc định: tháng mới nhất có số liệu)")
    p.add_argument("--as", dest="as_user", metavar="USER", help="người ghi (lãnh đạo hoặc quản trị)")
    p.set_defaults(func=cmd_add)

    for name, help_text in (("done", "đánh dấu đã hoàn thành"), ("reopen", "mở lại kết luận đã hoàn thành")):
        p = group_sub.add_parser(name, help=help_text)
        p.add_argument("id", type=int, metavar="ID")
        p.add_argument("--note", default="", help="ghi chú")
        p.add_argument("--as", dest="as_user", metavar="USER", help="người cập nhật (quản trị hoặc đơn vị được giao)")
        p.set_defaults(func=cmd_update)

    p = group_sub.add_parser("list", help="liệt kê kết luận chỉ đạo theo hạn")
    p.add_argument("--unit", metavar="CODE", help="chỉ kết luận giao cho đơn vị này (huyện: kèm các xã)")
    p.add_argument("--status", choices=list(rules.STATUSES), help="open | done | overdue")
    p.add_argument("--json", action="store_true", help="in JSON")
    p.add_argument("--as", dest="as_user", metavar="USER", help="xem với quyền của tài khoản này")
    p.set_defaults(func=cmd_list)
