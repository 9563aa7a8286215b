"""The database: engine and migrations (engine), the plan (plan), writing reports (reports, bulk),
imports (imports), and every read — each takes a Scope (sums, tasks, compliance). Accounts, notes, the
audit log and the demo data have their own modules.

Aggregation happens in SQL — sums of numerators and denominators per KPI (and per unit or month where a
view needs it) — so the same code serves a province and a country. Callers use `from dtplan import
store; store.x(...)`: the names below.
"""

from dtplan.store.audit import record_audit
from dtplan.store.bulk import restore_indexes
from dtplan.store.checked_load import check_and_load
from dtplan.store.compliance import first_submissions
from dtplan.store.engine import (
    DEFAULT_DATABASE_URL,
    ROOT,
    StoreError,
    database_url,
    get_meta,
    has_schema,
    is_demo,
    make_engine,
    meta_once,
    set_meta,
    sqlite_timeout,
    transaction,
    upgrade,
)
from dtplan.store.imports import (
    data_version,
    import_content,
    import_history,
    last_import_at,
    load_batch,
    previous_imports,
    record_refusal,
)
from dtplan.store.plan import read_catalog, save_catalog, save_tasks
from dtplan.store.quality import current_reports, earlier_reports
from dtplan.store.reports import KpiReport, TaskReport, add_kpi_reports, add_task_reports
from dtplan.store.sums import (
    december_sums,
    december_sums_by_unit,
    kpi_month_sums,
    kpi_sums,
    kpi_sums_by_unit,
    kpi_unit_rows,
    latest_period_with_data,
    summary_sums,
)
from dtplan.store.tasks import latest_task_progress, task_history, task_progress

__all__ = [
    "DEFAULT_DATABASE_URL",
    "ROOT",
    "KpiReport",
    "StoreError",
    "TaskReport",
    "add_kpi_reports",
    "add_task_reports",
    "check_and_load",
    "current_reports",
    "data_version",
    "database_url",
    "december_sums",
    "december_sums_by_unit",
    "earlier_reports",
    "first_submissions",
    "get_meta",
    "has_schema",
    "import_content",
    "import_history",
    "is_demo",
    "kpi_month_sums",
    "kpi_sums",
    "kpi_sums_by_unit",
    "kpi_unit_rows",
    "last_import_at",
    "latest_period_with_data",
    "latest_task_progress",
    "load_batch",
    "make_engine",
    "meta_once",
    "previous_imports",
    "read_catalog",
    "record_audit",
    "record_refusal",
    "restore_indexes",
    "save_catalog",
    "save_tasks",
    "set_meta",
    "sqlite_timeout",
    "summary_sums",
    "task_history",
    "task_progress",
    "transaction",
    "upgrade",
]
