"""The parser and the dispatch: each command group is a module with `register(subparsers)`, listed in
COMMAND_GROUPS; main() turns every refusal and database failure into one line and an exit code."""

from __future__ import annotations

import sys

from dtplan import store
from dtplan.cli import directives, exports, imports, reports, scorecard, setup, users
from dtplan.cli.common import Parser, Refused, UsageError
from dtplan.domain.catalog import CatalogError
from dtplan.store import db_errors

# In the order of `dtplan --help`.
COMMAND_GROUPS = (setup, reports, imports, users, exports, scorecard, directives)


def build_parser() -> Parser:
    parser = Parser(prog="dtplan", description="dtplan — theo dõi kế hoạch chuyển đổi số")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    for group in COMMAND_GROUPS:
        group.register(sub)
    return parser


def main(argv: list[str] | None = None, *, own_process: bool = False) -> int:
    """Run one command; `own_process`: this process runs only it (the command may then set up the process,
    e.g. `import` lowers its priority: dtplan.ingest.process)."""
    args = build_parser().parse_args(argv)
    if own_process and hasattr(args, "set_up_process"):
        args.set_up_process()
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"dtplan: lỗi: {exc}", file=sys.stderr)
        return 2
    except (Refused, CatalogError, store.StoreError) as exc:  # StoreError: e.g. a migration refusing old rows
        print(f"dtplan: {exc}", file=sys.stderr)
        return 1
    except db_errors.DatabaseError as exc:
        # Locked, disk full, read-only or unreachable: say which, not always "cannot connect".
        print(f"dtplan: {db_errors.describe(exc)}", file=sys.stderr)
        return 1
    except db_errors.AnyDatabaseError as exc:
        print(f"dtplan: lỗi cơ sở dữ liệu: {exc.__class__.__name__}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours, and no traceback.
        sys.stderr.close()
        return 0


def main_entry() -> None:
    """Console-script entry point (`dtplan ...`)."""
    sys.exit(main(own_process=True))
