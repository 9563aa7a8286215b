"""Two `python -m dtplan import` processes on the same file at the same moment: exactly one loads it,
the other reports that nothing changed — on SQLite (where the duplicate check once ran before the write
lock: the file was loaded twice) and on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from dtplan import store
from dtplan.domain.catalog import load_catalog
from dtplan.store.models import ImportRow, KpiReportRow
from tests.conftest import ROOT, run_cli
from tests.import_files import KPI_EN, write_csv

TRIALS = 3


def _rows() -> list[list[str]]:
    """Every agency's and district's figures for each month of 2023: a few thousand valid rows, so both
    processes are still checking the file when the other starts."""
    catalog = load_catalog()
    rows = []
    for month in range(1, 13):
        for unit in catalog.units:
            for kpi in catalog.kpis:
                if unit.kind in kpi.levels and unit.kind != "province" and kpi.unit == "percent":
                    rows.append([f"2023-{month:02d}", unit.code, kpi.code, "3", "4", f"2023-{month:02d}-20", ""])
    return rows


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_kind(request):
    return request.param


def _fresh(db_kind, request, tmp_path, trial: int) -> str:
    if db_kind == "sqlite":
        url = f"sqlite:///{tmp_path / f'trial{trial}.db'}"
    else:
        server = request.getfixturevalue("postgres_server")
        url = server.url(server.create_database())
    result = run_cli("init", url=url)
    assert result.returncode == 0, result.stderr
    return url


def test_two_imports_of_one_file_at_once_load_it_once(db_kind, request, tmp_path):
    rows = _rows()
    path = write_csv(tmp_path / "baocao.csv", KPI_EN, rows)
    assert len(rows) > 2000
    for trial in range(TRIALS):
        url = _fresh(db_kind, request, tmp_path, trial)
        env = {**os.environ, "DTPLAN_DATABASE_URL": url, "DTPLAN_TODAY": "2024-01-31"}
        command = [sys.executable, "-m", "dtplan", "import", str(path)]
        procs = [
            subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
        assert [code for code, _out, _err in results] == [0, 0], results
        outs = sorted(out for _code, out, _err in results)
        assert outs[0].startswith("Không có gì mới, không thay đổi gì"), outs
        assert outs[1].startswith("Đã nhập: 1 tệp"), outs
        engine = store.make_engine(url)
        try:
            with engine.connect() as conn:
                assert conn.scalar(select(func.count()).select_from(ImportRow)) == 1, f"trial {trial}"
                assert conn.scalar(select(func.count()).select_from(KpiReportRow)) == len(rows)
                current = select(func.count()).select_from(KpiReportRow).where(KpiReportRow.is_current.is_(True))
                assert conn.scalar(current) == len(rows)
        finally:
            engine.dispose()
