"""Meeting files out: `dtplan export brief|xlsx --as-of YYYY-MM [--unit CODE] [--compare YYYY-MM] --out FILE
[--as USER]`.

The meeting brief (PDF) or the figures (XLSX) for a scope and month; every export is recorded in the
audit log. With `--as USER` the export is made with that account's rights (a unit account gets its own
unit and is refused another's); without it, the operator of the machine reads everything, as with
`summary`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dtplan import store
from dtplan.cli import common
from dtplan.cli.common import Refused, UsageError
from dtplan.domain.access import AccessDenied, scope_for_request
from dtplan.present import export
from dtplan.read import changes
from dtplan.store import accounts


def _write(path: Path, data: bytes) -> None:
    """Write next to the target and rename, so a failed export never leaves half a file."""
    directory = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise Refused(f"--out: không ghi được tệp '{path}': đó là một thư mục")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".dtplan-", suffix=path.suffix, dir=directory)
    except FileNotFoundError:
        raise Refused(f"--out: không ghi được tệp '{path}': thư mục '{directory}' không tồn tại") from None
    except NotADirectoryError:
        raise Refused(f"--out: không ghi được tệp '{path}': '{directory}' không phải là thư mục") from None
    except PermissionError:
        raise Refused(f"--out: không ghi được tệp '{path}': không có quyền ghi vào thư mục '{directory}'") from None
    except OSError as exc:
        raise Refused(f"--out: không ghi được tệp '{path}': {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise Refused(f"--out: không ghi được tệp '{path}': {exc.strerror or exc}") from None


def cmd_export(args) -> int:
    engine = common.open_engine()
    catalog = common.read_catalog(engine)
    as_of = common.check_as_of(catalog, args.as_of)
    if args.as_user:
        viewer = accounts.viewer_for(engine, args.as_user)
        if viewer is None:
            raise UsageError(f"--as: không có tài khoản đang hoạt động tên '{args.as_user}'")
        if args.unit and args.unit not in catalog.units_by_code:
            raise UsageError(f"--unit: không có đơn vị mã '{args.unit}' trong kế hoạch")
        try:
            scope = scope_for_request(catalog, viewer, args.unit)
        except AccessDenied as exc:
            raise UsageError(f"--unit: {exc}") from None
        actor = viewer.username
    else:
        viewer = None  # the operator: a unit's file gets only the notes marked for units
        scope = common.check_scope(catalog, args.unit)
        actor = common.operator()
    compare = None
    if args.compare:
        try:
            compare = changes.check_compare(catalog, as_of, args.compare)
        except changes.ChangesError as exc:
            raise UsageError(f"--compare: {exc}") from None
    out = Path(args.out)
    # The brief is a PDF (contract §5); a FILE ending in .docx gets the same brief as an editable DOCX.
    kind = export.BRIEF_DOCX if args.kind == export.BRIEF and out.suffix.lower() == ".docx" else args.kind
    data = export.render(kind, engine, catalog, scope, as_of, compare=compare, today=common.today(), viewer=viewer)
    _write(out, data)
    with store.transaction(engine) as session:
        store.record_audit(
            session,
            actor,
            "export",
            {
                "kind": args.kind,
                "format": export.file_format(kind),
                "as_of": as_of,
                "scope": scope.code,
                "file": out.name,
                "bytes": len(data),
            },
        )
    print(f"Đã ghi {out} ({len(data):,} byte).".replace(",", "."))
    return 0


def register(sub) -> None:
    p = sub.add_parser("export", help="xuất bản tóm tắt cuộc họp (PDF) hoặc số liệu (XLSX)")
    p.add_argument("kind", choices=export.KINDS, help="brief: bản tóm tắt PDF; xlsx: số liệu Excel")
    p.add_argument("--as-of", required=True, metavar="YYYY-MM", help="tháng báo cáo")
    p.add_argument("--unit", metavar="CODE", help="mã đơn vị (mặc định: toàn tỉnh)")
    p.add_argument("--compare", metavar="YYYY-MM", help="so sánh với tháng (mặc định: tháng trước)")
    p.add_argument("--out", required=True, metavar="FILE", help="tệp kết quả (.pdf hoặc .docx cho brief; .xlsx)")
    p.add_argument("--as", dest="as_user", metavar="USER", help="xuất với quyền của tài khoản này")
    p.set_defaults(func=cmd_export)
