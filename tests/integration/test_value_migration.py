"""Migration 0004v adds the figure checks to a database that already holds reports; a database holding
a figure outside them (the Infinity of the adversarial run) is not silently changed: `init` stops with
one line naming the rows."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError

import dtplan
from dtplan import store
from dtplan.store.models import KpiReportRow
from tests.conftest import run_cli


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def old_db(request, tmp_path):
    """A database at revision 0003 (before the checks) holding one good and one infinite figure."""
    url = f"sqlite:///{tmp_path / 'old.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    engine = store.make_engine(url)
    config = Config()
    config.set_main_option("script_location", str(Path(dtplan.__file__).parent / "store" / "migrations"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")
    row = {
        "period": "2023-06",
        "unit_code": "372",
        "kpi_code": "T12",
        "denominator": 4.0,
        "note": "",
        "is_current": True,
    }
    with engine.begin() as conn:
        conn.execute(insert(KpiReportRow).values(numerator=3.0, submitted_at=dt.date(2023, 6, 20), **row))
        conn.execute(
            insert(KpiReportRow).values(
                numerator=math.inf, submitted_at=dt.date(2023, 6, 21), **row | {"unit_code": "37"}
            )
        )
    yield url, engine
    engine.dispose()


def test_upgrade_stops_on_rows_outside_the_bounds_then_adds_the_checks(old_db):
    url, engine = old_db
    result = run_cli("init", url=url)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "kpi_reports có dòng ngoài giới hạn" in result.stderr and "id 2" in result.stderr
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(KpiReportRow)) == 2  # nothing deleted
    with engine.begin() as conn:  # the operator removes the bad row, then upgrades
        conn.execute(delete(KpiReportRow).where(KpiReportRow.id == 2))
    result = run_cli("init", url=url)
    assert result.returncode == 0, result.stderr
    with engine.connect() as conn:
        kept = conn.execute(select(KpiReportRow.numerator, KpiReportRow.denominator)).all()
    assert [tuple(r) for r in kept] == [(3.0, 4.0)]
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            insert(KpiReportRow).values(
                period="2023-07",
                unit_code="372",
                kpi_code="T12",
                numerator=math.inf,
                denominator=4.0,
                submitted_at=dt.date(2023, 7, 20),
                note="",
                is_current=True,
            )
        )
