"""Judging the rows of report files (contract §2): the one entry point per kind of table, pure functions
from text tables to clean frames and a list of every problem found — no database, no Streamlit.

The work lives in cells (column parsers), collector (problem lines and shared checks), kpi_rows and
task_rows; this module names what the import pipeline and the template use.
"""

from __future__ import annotations

from dtplan.i18n import UNIT_KIND_LABEL
from dtplan.ingest.cells import STATUS_WORDS, parse_dates, parse_numbers, parse_periods
from dtplan.ingest.cells import fold as _fold
from dtplan.ingest.collector import Checked, plan_periods, tag
from dtplan.ingest.kpi_rows import check_kpi
from dtplan.ingest.task_rows import check_catalogue, check_progress

__all__ = [
    "STATUS_WORDS",
    "UNIT_KIND_LABEL",
    "Checked",
    "_fold",
    "check_catalogue",
    "check_kpi",
    "check_progress",
    "parse_dates",
    "parse_numbers",
    "parse_periods",
    "plan_periods",
    "tag",
]
