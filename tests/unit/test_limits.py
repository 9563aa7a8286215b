"""The value bounds have one home (dtplan.domain.limits): the import checks and the schema read the same
numbers, so a cell the import accepts always fits its column and passes its CHECK."""

from __future__ import annotations

from sqlalchemy import String

from dtplan.domain import limits
from dtplan.ingest import bounds
from dtplan.ingest.readers import CATALOGUE, KPI, PROGRESS
from dtplan.store.models import FIGURE_CHECKS, PROGRESS_CHECK, KpiReportRow, TaskReportRow, TaskRow

STORED_IN = {KPI: KpiReportRow, PROGRESS: TaskReportRow, CATALOGUE: TaskRow}


def test_the_import_checks_each_cell_against_its_column_length():
    for kind, cells in bounds.STORED.items():
        for name, length in cells.items():
            column = STORED_IN[kind].__table__.c[name]
            stored = column.type.length if isinstance(column.type, String) else None
            assert length == stored, (kind, name, length, stored)


def test_the_schema_checks_hold_the_domain_bounds():
    bound = f"{limits.MAX_FIGURE:.0f}"
    assert all(bound in sql for sql in FIGURE_CHECKS.values())
    assert all(f"<= {limits.MAX_PROGRESS}" in sql for sql in PROGRESS_CHECK.values())
    assert limits.MAX_FIGURE_TEXT.replace(".", "") == bound
