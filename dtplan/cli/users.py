"""Accounts and their log: `dtplan users add|list|disable|passwd|unlock` and `dtplan audit` (contract §5)."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import sys

from dtplan import store
from dtplan.cli import common
from dtplan.cli.common import Refused, UsageError
from dtplan.domain import passwords
from dtplan.store import accounts, audit


def _read_password(args, prompt: str = "Mật khẩu: ") -> str:
    """From stdin with --password-stdin (or when stdin is not a terminal), else typed twice without echo."""
    if args.password_stdin or not sys.stdin.isatty():
        password = passwords.from_stdin_line(sys.stdin.readline())  # "\n" or a Windows pipe's "\r\n"
    else:
        password = getpass.getpass(prompt)
        if getpass.getpass("Nhập lại mật khẩu: ") != password:
            raise Refused("Hai lần nhập mật khẩu không khớp")
    if not password:
        raise Refused("Chưa nhập mật khẩu")
    return password


def _write(engine, action) -> None:
    with store.transaction(engine) as session:
        try:
            action(session)
        except accounts.AccountError as exc:
            raise Refused(str(exc)) from None


def cmd_users(args) -> int:
    engine = common.open_engine()
    catalog = common.read_catalog(engine)
    actor = common.operator()
    if args.users_command == "list":
        rows = accounts.list_users(engine)
        if args.json:
            common.print_json(rows)
        else:
            for r in rows:
                state = "khóa" if r["disabled"] else "hoạt động"
                print(f"{r['username']:<16} {r['role']:<7} {r['unit'] or '—':<8} {state:<10} {r['full_name']}")
        return 0
    if args.users_command == "add":
        password = _read_password(args)
        _write(
            engine,
            lambda s: accounts.add_user(
                s, catalog, args.username, args.name or args.username, args.role, args.unit, password, actor=actor
            ),
        )
        print(f"Đã tạo tài khoản '{args.username}' ({args.role}{', ' + args.unit if args.unit else ''}).")
    elif args.users_command == "disable":
        _write(engine, lambda s: accounts.disable_user(s, args.username, actor=actor))
        print(f"Đã khóa tài khoản '{args.username}'.")
    elif args.users_command == "passwd":
        password = _read_password(args, "Mật khẩu mới: ")
        _write(engine, lambda s: accounts.set_password(s, args.username, password, actor=actor))
        print(f"Đã đổi mật khẩu tài khoản '{args.username}'; mọi phiên đăng nhập cũ của tài khoản đã kết thúc.")
    elif args.users_command == "unlock":
        _write(engine, lambda s: accounts.unlock_user(s, args.username, actor=actor))
        print(f"Đã mở khóa đăng nhập tạm thời của tên '{args.username}'.")
    return 0


def cmd_audit(args) -> int:
    since = None
    if args.since:
        try:
            since = dt.date.fromisoformat(args.since)
        except ValueError:
            raise UsageError(f"--since: '{args.since}' không đúng dạng YYYY-MM-DD") from None
    engine = common.open_engine()
    common.read_catalog(engine)
    rows = audit.audit_rows(engine, since)
    if args.json:
        common.print_json(rows)
    else:
        for r in rows:
            print(f"{r['at']}  {r['actor']:<16} {r['action']:<14} {json.dumps(r['detail'], ensure_ascii=False)}")
    return 0


def register(sub) -> None:
    users = sub.add_parser("users", help="quản lý tài khoản")
    users_sub = users.add_subparsers(
        dest="users_command", metavar="add|list|disable|passwd|unlock", parser_class=common.Parser
    )
    users_sub.required = True

    p = users_sub.add_parser("add", help="tạo tài khoản")
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=["admin", "leader", "unit"])
    p.add_argument("--unit", metavar="CODE", help="mã đơn vị (bắt buộc với vai trò unit)")
    p.add_argument("--name", help="họ tên hiển thị")
    p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ stdin")

    p = users_sub.add_parser("list", help="liệt kê tài khoản")
    p.add_argument("--json", action="store_true")

    p = users_sub.add_parser("disable", help="khóa tài khoản")
    p.add_argument("username")

    p = users_sub.add_parser("passwd", help="đổi mật khẩu")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ stdin")

    p = users_sub.add_parser("unlock", help="mở khóa tạm thời sau nhiều lần đăng nhập sai (ghi nhật ký)")
    p.add_argument("username")
    users.set_defaults(func=cmd_users)

    p = sub.add_parser("audit", help="nhật ký: đăng nhập, nhập số liệu, xuất báo cáo, thay đổi tài khoản")
    p.add_argument("--since", metavar="YYYY-MM-DD")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_audit)
