"""Getting figures in: `dtplan import FILE... [--dry-run] [--as USER]` and `dtplan template` (contract §5).

import: exit 0 with a one-line summary; exit 1 with one line per error (`FILE:ROW:COLUMN: message`)
and nothing written; exit 2 for a wrong call (missing file, bad option). Data-quality warnings
(`FILE:ROW:COLUMN: cảnh báo: message`, contract §2.4) go to standard output after the summary line and
never change the exit code nor what is loaded.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from dtplan import ingest, store
from dtplan.cli import common
from dtplan.cli.common import Refused, UsageError
from dtplan.ingest.process import set_up_import_process
from dtplan.ingest.readers import MAX_FILE_BYTES, FileRefused, check_size
from dtplan.read.quality import import_warnings

_USERNAME = re.compile(r"^[A-Za-z0-9._@:-]{1,64}$")


def _actor(args) -> str:
    """--as USER (checked), else the machine's user."""
    if args.as_user:
        if not _USERNAME.match(args.as_user):
            raise UsageError(f"--as: tên người dùng '{args.as_user}' không hợp lệ")
        return args.as_user
    return common.operator()


def _read(paths: list[str]) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The files' bytes; a file too large is refused from its size alone, before it is read."""
    files, refused = [], []
    for name in paths:
        path = Path(name)
        if not path.is_file():
            raise UsageError(f"không tìm thấy tệp '{name}'")
        try:
            size = path.stat().st_size
            check_size(size)
            data = path.read_bytes()
        except FileRefused as exc:
            refused.append(f"{name}:-:-: {exc}")
            continue
        except OSError as exc:
            raise UsageError(f"không đọc được tệp '{name}' ({exc.strerror})") from None
        if len(data) > MAX_FILE_BYTES:  # grew while being read
            refused.append(f"{name}:-:-: tệp quá lớn")
            continue
        files.append((name, data))
    return files, refused


def cmd_import(args) -> int:
    actor = _actor(args)
    engine = common.open_engine()
    catalog = common.read_catalog(engine)
    today = common.today()
    files, refused = _read(args.files)
    known = store.previous_imports(engine)
    warnings: list[str] = []

    def judged(batch) -> None:  # the data-quality warnings, before the load changes the data
        warnings.extend(w.line() for w in import_warnings(engine, catalog, batch))

    if args.dry_run or refused:
        batch, result = ingest.check_files(files, catalog, today, known=known), None
        judged(batch)
    else:  # a clean batch is loaded, a large file while it is checked (store.check_and_load)
        batch, result = store.check_and_load(engine, files, catalog, today, actor, known=known, before_commit=judged)
    lines = refused + batch.error_lines()  # at most MAX_ERRORS_PER_FILE lines per file, then a count
    errors = len(refused) + batch.error_count
    if lines:
        for line in lines:
            print(line, file=sys.stderr)
        bad = len({line.split(":", 1)[0] for line in refused} | {p.file for p in batch.problems})
        print(
            f"dtplan: từ chối nhập: {errors} lỗi trong {bad} tệp; không ghi gì vào cơ sở dữ liệu.",
            file=sys.stderr,
        )
        if not args.dry_run:
            store.record_refusal(engine, actor, [Path(name).name for name in args.files], errors)
        _print(warnings)  # the rows without an error: a row that is an error is never also warned
        return 1
    skipped = [f for f in batch.files if f.duplicate_of is not None]
    if args.dry_run:
        unfilled = sum(f.unfilled for f in batch.new_files)
        print(ingest.summary_line(batch.counts(), len(batch.new_files), skipped, dry_run=True, unfilled=unfilled))
        _print(warnings)
        return 0
    print(result.summary())
    _print(warnings)
    return 0


def _print(lines: list[str]) -> None:
    for line in lines:
        print(line)


def cmd_template(args) -> int:
    from dtplan.present import template

    engine = common.open_engine()
    catalog = common.read_catalog(engine)
    try:
        data = template.build(catalog, args.unit, args.period)
    except template.TemplateError as exc:
        raise UsageError(str(exc)) from None
    out = Path(args.out)
    try:
        if out.parent and not out.parent.exists():
            out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        raise Refused(f"không ghi được tệp '{args.out}' ({exc.strerror})") from None
    print(f"Đã tạo mẫu nhập liệu cho đơn vị {args.unit}, kỳ {args.period}: {os.fspath(out)}")
    return 0


def register(sub) -> None:
    p = sub.add_parser("import", help="nhập tệp báo cáo hoặc danh mục nhiệm vụ (CSV, XLSX): tất cả hoặc không")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    p.add_argument("--as", dest="as_user", metavar="USER", help="người nhập (ghi vào lịch sử và nhật ký)")
    # In a process of its own (not when main() is called in process): a batch job below the pages' priority.
    p.set_defaults(func=cmd_import, set_up_process=set_up_import_process)

    p = sub.add_parser("template", help="tạo tệp XLSX mẫu để đơn vị điền số liệu một kỳ")
    p.add_argument("--unit", required=True, metavar="CODE")
    p.add_argument("--period", required=True, metavar="YYYY-MM")
    p.add_argument("--out", required=True, metavar="FILE.xlsx")
    p.set_defaults(func=cmd_template)
