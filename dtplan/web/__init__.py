"""dtplan's web layer: the only package that imports Streamlit for pages. A page starts with
`ctx = web.guard("page-key")` and lays itself out with what this package re-exports from its modules:

  resources   engine, catalogue and demo flag cached per database URL; the database-unavailable message
  guard       PageContext, the guard, the way back after sign-in
  url_state   view state in the URL (as-of, scope, filters), refused URL values recorded
  cache       cached reads (`web.view(kpis.kpi_table, ...)`) and chart specs (`web.chart(charts.trend, ...)`)
  frame       sidebar, page header with freshness, links, demo banner
  widgets     tables, grids, audited downloads, KPI status counts
  notes, meeting, unit_pages, kiosk   what those pages share
  auth, navigation, state             sign-in, the page list, session and URL key names
"""

from __future__ import annotations

from dtplan import i18n
from dtplan.present.literal import WORD_JOINER, literal_markdown, plain_markdown
from dtplan.read import views
from dtplan.web.cache import cached_default_as_of, chart, view
from dtplan.web.frame import demo_banner, freshness, open_page, page_header, page_link, scope_name
from dtplan.web.guard import PageContext, follow_next, guard
from dtplan.web.kiosk import kiosk_style
from dtplan.web.meeting import download_meeting, meeting_data
from dtplan.web.notes import note_form, note_list, show_notes
from dtplan.web.resources import DATABASE_ERRORS, data_changed, database_errors, database_unavailable, engine
from dtplan.web.unit_pages import unit_page_top
from dtplan.web.url_state import set_scope, url_choice, url_number, url_selectbox
from dtplan.web.widgets import (
    XLSX_MIME,
    download,
    download_xlsx,
    grid,
    literal_frame,
    selected,
    status_counts,
    table,
)

__all__ = [
    "DATABASE_ERRORS",
    "WORD_JOINER",
    "XLSX_MIME",
    "PageContext",
    "cached_default_as_of",
    "chart",
    "compliance_sheet",
    "data_changed",
    "database_errors",
    "database_unavailable",
    "demo_banner",
    "download",
    "download_meeting",
    "download_xlsx",
    "engine",
    "follow_next",
    "freshness",
    "grid",
    "guard",
    "kiosk_style",
    "kpi_frame",
    "literal_frame",
    "literal_markdown",
    "meeting_data",
    "note_form",
    "note_list",
    "open_page",
    "page_header",
    "page_link",
    "plain_markdown",
    "ranking_frame",
    "scope_name",
    "selected",
    "set_scope",
    "show_notes",
    "status_counts",
    "table",
    "task_frame",
    "task_title",
    "unit_kpi_frame",
    "unit_label",
    "unit_page_top",
    "unit_sheets",
    "url_choice",
    "url_number",
    "url_selectbox",
    "view",
]


# --- table frames and sheets (moving to dtplan.present.tables) ----------------------------------------


def kpi_frame(rows: list[dict]):
    import pandas as pd

    return pd.DataFrame(
        {
            i18n.COL["code"]: [r["code"] for r in rows],
            i18n.COL["kpi"]: [r["name"] for r in rows],
            i18n.COL["actual"]: [i18n.kpi_value(r["actual"], r["unit"]) for r in rows],
            i18n.COL["expected"]: [i18n.kpi_value(r["expected"], r["unit"]) for r in rows],
            i18n.COL["target"]: [i18n.kpi_value(r["target"], r["unit"]) for r in rows],
            i18n.COL["status"]: [i18n.kpi_status(r["status"]) for r in rows],
        }
    )


def unit_kpi_frame(rows: list[dict]):
    """Rows of views.unit_kpis / kpi_breakdown / commune_kpis (one unit × KPI each)."""
    import pandas as pd

    return pd.DataFrame(
        {
            i18n.COL["unit"]: [r["unit_name"] for r in rows],
            i18n.COL["code"]: [r["kpi"] for r in rows],
            i18n.COL["kpi"]: [r["kpi_name"] for r in rows],
            i18n.COL["actual"]: [i18n.kpi_value(r["actual"], r["kpi_unit"]) for r in rows],
            i18n.COL["expected"]: [i18n.kpi_value(r["expected"], r["kpi_unit"]) for r in rows],
            i18n.COL["target"]: [i18n.kpi_value(r["target"], r["kpi_unit"]) for r in rows],
            i18n.COL["status"]: [i18n.kpi_status(r["status"]) for r in rows],
        }
    )


def task_title(row: dict) -> str:
    return f"[{i18n.ILLUSTRATIVE}] {row['title']}" if row["illustrative"] else row["title"]


def unit_label(ctx: PageContext, code: str, short: bool = True) -> str:
    """A unit's name in this view (dtplan.read.views.unit_label: outside the scope, "Đơn vị khác")."""
    return views.unit_label(ctx.catalog, ctx.scope, code, short=short)


def task_frame(rows: list[dict], ctx: PageContext):
    import pandas as pd

    return pd.DataFrame(
        {
            i18n.COL["code"]: [r["code"] for r in rows],
            i18n.COL["title"]: [task_title(r) for r in rows],
            i18n.COL["lead"]: [unit_label(ctx, r["lead"]) for r in rows],
            i18n.COL["due"]: [i18n.date(r["due"]) for r in rows],
            i18n.COL["progress"]: [i18n.percent(r["progress"], 0) for r in rows],
            i18n.COL["expected_progress"]: [i18n.percent(r["expected_progress"], 0) for r in rows],
            i18n.COL["status"]: [i18n.task_status(r["status"]) for r in rows],
        }
    )


def ranking_frame(rows: list[dict]):
    import pandas as pd

    return pd.DataFrame(
        {
            i18n.COL["rank"]: [f"{r['rank']}/{r['total']}" for r in rows],
            i18n.COL["unit"]: [r["name"] for r in rows],
            i18n.COL["applicable"]: [r["applicable"] for r in rows],
            i18n.COL["ok_share"]: [i18n.percent(r["ok_share"], 0) for r in rows],
            i18n.COL["lagging_tasks"]: [r["lagging_tasks"] for r in rows],
            i18n.COL["status"]: [i18n.kpi_status(r["overall"]) for r in rows],
        }
    )


def unit_sheets(ctx: PageContext, parts: dict[str, list[dict]]) -> list:
    from dtplan.present import export
    from dtplan.present.xlsx import Sheet

    task_cols = ("code", "title", "lead", "due", "progress", "expected_progress", "status", "illustrative")
    return [
        export.kpi_results_sheet(i18n.UNIT_KPIS, parts["kpis"], "kpi", "kpi_name", ("code", "kpi")),
        *[
            Sheet(
                title,
                [i18n.COL[c] for c in task_cols],
                [
                    [
                        r["code"],
                        r["title"],
                        unit_label(ctx, r["lead"]),
                        r["due"],
                        r["progress"],
                        r["expected_progress"],
                        i18n.task_status(r["status"]),
                        i18n.ILLUSTRATIVE if r["illustrative"] else "",
                    ]
                    for r in parts[key]
                ],
            )
            for title, key in ((i18n.UNIT_TASKS_LEAD, "lead"), (i18n.UNIT_TASKS_PARTNER, "partner"))
        ],
        compliance_sheet(ctx, parts["record"]),
    ]


def compliance_sheet(ctx: PageContext, rows: list[dict]):
    from dtplan.present.xlsx import Sheet

    units = ctx.catalog.units_by_code
    return Sheet(
        i18n.SHEET["compliance"],
        [i18n.COL[c] for c in ("unit_code", "unit", "period", "due", "submitted_at", "reported_status")],
        [
            [
                r["unit"],
                units[r["unit"]].name,
                r["period"],
                r["due"],
                r["submitted_at"],
                i18n.compliance_status(r["status"]),
            ]
            for r in rows
        ],
    )
