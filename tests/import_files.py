"""Helpers for the import tests (integration and pages): write real CSV/XLSX files, run the real CLI, dump the figures.

The fixtures on a plan-only database (plan_url) are in tests/integration/conftest.py."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from dtplan import cli, store
from dtplan.ingest.readers import COLUMNS
from dtplan.store.models import ImportRow, KpiReportRow, TaskPartnerRow, TaskReportRow, TaskRow

KPI_EN = list(COLUMNS["kpi"])
# A small KPI file the bulk-mode tests load as if it were large (one month of T12 for five units).
BULK_ROWS = [["2023-08", code, "T12", "3", "4", "2023-12-30", ""] for code in ("369", "370", "372", "STTTT", "SNV")]
KPI_VI = list(COLUMNS["kpi"].values())
PROGRESS_EN = list(COLUMNS["progress"])
PROGRESS_VI = list(COLUMNS["progress"].values())
CATALOGUE_EN = list(COLUMNS["catalogue"])
CATALOGUE_VI = list(COLUMNS["catalogue"].values())


def write_csv(path: Path, header: list[str], rows: list[list], sep: str = ",", bom: bool = False) -> Path:
    def cell(value) -> str:
        text = "" if value is None else str(value)
        if sep in text or '"' in text or "\n" in text:
            text = '"' + text.replace('"', '""') + '"'
        return text

    lines = [sep.join(cell(c) for c in header)] + [sep.join(cell(c) for c in row) for row in rows]
    path.write_bytes(("\ufeff" if bom else "").encode() + ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def write_xlsx(path: Path, sheets: dict[str, tuple[list[str], list[list]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (header, rows) in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def run(*args: str, url: str, today: str = "2024-01-31", monkeypatch=None) -> tuple[int, str, str]:
    """The real CLI (dtplan.cli.main), in process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DTPLAN_DATABASE_URL", url)
        mp.setenv("DTPLAN_TODAY", today)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(list(args))
    return code, out.getvalue(), err.getvalue()


def dump(url: str) -> dict:
    """Every figure the import may touch, ordered: equal dumps = an unchanged database."""
    engine = store.make_engine(url)
    try:
        with engine.connect() as conn:

            def rows(table, *order):
                return [tuple(r) for r in conn.execute(select(table).order_by(*order)).all()]

            return {
                "kpi": rows(KpiReportRow.__table__, KpiReportRow.id),
                "progress": rows(TaskReportRow.__table__, TaskReportRow.id),
                "tasks": rows(TaskRow.__table__, TaskRow.code),
                "partners": rows(TaskPartnerRow.__table__, TaskPartnerRow.task_code, TaskPartnerRow.unit_code),
                "imports": rows(ImportRow.__table__, ImportRow.id),
            }
    finally:
        engine.dispose()
