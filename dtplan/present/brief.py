"""The meeting brief as an office report (báo cáo) in the layout of Nghị định 30/2020/NĐ-CP: its sections,
built once as a dtplan.present.document.OfficialDocument and drawn as a PDF (official_pdf) and an editable
DOCX (official_docx) with the same text.

It draws only from `dtplan.read.meeting.meeting_data`, the bundle the Cuộc họp page and the XLSX export use,
and its tables from dtplan.present.tables, so the three never disagree and a unit's brief holds only what
that unit's scope returns. Names of units outside the scope (the lead of a task the unit only partners) are
replaced by a neutral label.

Two sections come from their own builders: the scorecards (`data["scorecards"]`, units × KPIs per kind of
unit, dtplan.present.scorecard) and the directives (`data["directives"]`, dtplan.present.directives).
"""

from __future__ import annotations

import datetime as dt

from dtplan import i18n
from dtplan.domain import projection
from dtplan.domain.access import Scope
from dtplan.domain.catalog import Catalog
from dtplan.domain.letterhead import unit_letterhead
from dtplan.domain.metrics import shown_statuses
from dtplan.domain.periods import month_of
from dtplan.present import tables
from dtplan.present.directives import directives_table
from dtplan.present.document import REPORT, DocTable, OfficialDocument
from dtplan.present.official_pdf import official_pdf
from dtplan.present.ranking import brief_rows, brief_scorecard_rows, ranking_kinds
from dtplan.present.scorecard import COMPACT, legend, scorecard_table
from dtplan.present.tables import Table
from dtplan.read import views, yearend
from dtplan.store import notes

# One naming rule for pages and files (dtplan.read.views.unit_label): another unit is "Đơn vị khác".
unit_label = views.unit_label


def headline(data: dict) -> dict[str, dict[str, int]]:
    """The counts the brief opens with (KPIs that apply to the scope, tasks, this month's reports)."""
    kpis = {s: 0 for s in shown_statuses(data["as_of"])}
    for row in data["kpis"]:
        kpis[row["status"]] += 1
    this_month = [r for r in data["compliance"] if r["period"] == data["as_of"]]
    reports = {s: sum(1 for r in this_month if r["status"] == s) for s in i18n.COMPLIANCE_STATUS}
    return {"kpis": kpis, "tasks": dict(data["summary"]["tasks"]), "reports": reports}


def plan_reference(catalog: Catalog) -> str:
    """'Kế hoạch số 194/KH-UBND ngày 15/12/2022 của UBND tỉnh Ninh Bình', or the plan's title."""
    plan = catalog.plan
    if not plan.number:
        return plan.title
    issued = f" ngày {i18n.date(plan.issued)}" if plan.issued else ""
    return f"Kế hoạch số {plan.number}{issued} của {catalog.letterhead.superior}"


def ranking_table(rows: list[dict]) -> DocTable:
    return DocTable.of(tables.ranking_table(rows), (12, 56, 16, 18, 16, 30))


def ranking_blocks(kind: str, rows: list[dict]) -> list:
    """One kind's ranking: whole, or of a long ranking (the communes) its last ranks with a line saying so."""
    shown, cut = brief_rows(rows)
    title = i18n.DOC_RANKING.format(kind=i18n.DOC_RANKING_KIND[kind])
    if cut:
        title += " " + i18n.DOC_RANKING_WORST.format(shown=len(shown), total=len(rows), sheet=i18n.SHEET_RANKING)
    return [title + ":", ranking_table(shown)]


def scorecard_part(kind: str, card: dict, ranking: list[dict], catalog: Catalog, scope: Scope) -> tuple[str, Table]:
    """One kind's scorecard: whole, or (a long one, the communes) the rows of the units its ranking shows."""
    rows = brief_scorecard_rows(card, ranking)
    title = i18n.SCORECARD_SHEET[kind]
    if rows is not None:
        title += " " + i18n.DOC_SCORECARD_WORST.format(shown=len(rows), total=len(card["rows"]), sheet=title)
    return title, scorecard_table(card, catalog, scope, COMPACT, rows=rows)


def add_scorecard(doc: OfficialDocument, parts: list[tuple[str, Table]], as_of: str) -> None:
    """The scorecard (units × KPIs), one table per kind of unit, placed after the KPI results; the cells
    are compact ("72,5% ◆"), so the legend of the symbols comes first."""
    blocks: list = [legend(shown_statuses(as_of))]
    for title, table in parts:
        kpi_columns = len(table.headers) - 2
        blocks += [title, DocTable.of(table, (26, *(12,) * kpi_columns, 11))]
    doc.add(i18n.DOC_SCORECARD, *blocks, key="scorecard", before="ranking")


def add_directives(doc: OfficialDocument, table: Table) -> None:
    """The meetings' directives and what became of them, placed before the leaders' notes."""
    content = DocTable.of(table) if table.rows else i18n.DIRECTIVES_NONE
    doc.add(i18n.DOC_DIRECTIVES, content, key="directives", before="notes")


def _projection_blocks(data: dict) -> list:
    if month_of(data["as_of"]) == 12:
        return [i18n.DOC_PROJECTION_DECEMBER]
    warnings = data["early_warning"]
    if not warnings:
        return [projection.METHOD_TEXT, i18n.EARLY_WARNING_NONE]
    headers = (i18n.COL["code"], i18n.COL["kpi"], i18n.COL["actual"], i18n.COL_PROJECTED, i18n.COL["target"])
    rows = tuple(
        (
            r["code"],
            r["name"],
            i18n.kpi_value(r["actual"], r["kpi_unit"]),
            i18n.kpi_value(r["projected"], r["kpi_unit"]),
            yearend.target_text(r),
        )
        for r in warnings
    )
    return [projection.METHOD_TEXT, i18n.EARLY_WARNING_TITLE + ":", DocTable(headers, rows, (12, 90, 24, 25, 25))]


def brief_document(data: dict, catalog: Catalog, scope: Scope) -> OfficialDocument:
    """The brief for `data` = meeting.meeting_data(engine, catalog, scope, as_of, ...)."""
    letterhead = catalog.letterhead
    if scope.code != catalog.province.code:
        unit = catalog.unit(scope.code)
        letterhead = unit_letterhead(letterhead, unit.kind, unit.name, unit.code, unit.short)
    month = i18n.month(data["as_of"])
    doc = OfficialDocument(
        letterhead=letterhead,
        kind=REPORT,
        number=i18n.DOC_REPORT_NUMBER.format(short=letterhead.issuer_short),
        title=i18n.DOC_REPORT_TITLE,
        subject=i18n.DOC_REPORT_SUBJECT.format(plan=plan_reference(catalog), month=month.lower()),
        intro=[i18n.BRIEF_SUBTITLE.format(month=month, scope=data["scope_name"])],
        recipients=letterhead.recipients,
        demo=data["demo"],
        meta_title=f"{i18n.BRIEF_TITLE} — {month}",
    )
    counts = headline(data)
    doc.add(
        i18n.HEADLINE_TITLE,
        i18n.kpi_counts_line(counts["kpis"]),
        i18n.BRIEF_TASK_COUNTS.format(**counts["tasks"]),
        i18n.BRIEF_COMPLIANCE_COUNTS.format(month=month, **counts["reports"]),
        key="summary",
    )
    doc.add(i18n.DOC_KPI_RESULTS, DocTable.of(tables.kpi_results(data["kpis"]), (14, 60, 17, 17, 17, 26)), key="kpis")
    rankings = data.get("rankings") or {}
    blocks: list = []
    for kind in ranking_kinds(catalog):
        if rankings.get(kind):
            blocks += ranking_blocks(kind, rankings[kind])
    doc.add(i18n.DOC_RANKING_TITLE, *(blocks or [i18n.NO_DATA]), key="ranking")
    doc.add(
        i18n.YEAREND_TITLE,
        DocTable(
            tuple(yearend.headers(catalog.plan.year)),
            tuple(tuple(r) for r in yearend.display_rows(data["yearend"])),
            (11, 95, 24, 25, 19),
        ),
        key="yearend",
    )
    doc.add(i18n.DOC_PROJECTION, *_projection_blocks(data), key="projection")
    lagging = sorted(data["lagging"], key=lambda r: (r["status"] != "overdue", r["progress"] or 0.0, r["code"]))
    if lagging:
        table = tables.task_table(lagging, catalog, scope, tables.TASK_BRIEF, brief=True)
        doc.add(i18n.LAGGING_TITLE, DocTable.of(table, (20, 78, 26, 19, 14, 25)), key="lagging")
    else:
        doc.add(i18n.LAGGING_TITLE, i18n.NO_LAGGING, key="lagging")
    problems = [r for r in data["compliance"] if r["period"] == data["as_of"] and r["status"] in ("late", "missing")]
    blocks = [i18n.BRIEF_COMPLIANCE_COUNTS.format(month=month, **counts["reports"])]
    if problems:
        blocks.append(DocTable.of(tables.compliance_table(problems, catalog, scope, tables.COMPLIANCE_BRIEF)))
    doc.add(i18n.COMPLIANCE_TITLE, *blocks, key="compliance")
    if data["changes"] is None:
        doc.add(i18n.CHANGES_TITLE.format(before="—", after=month), i18n.MEETING_NO_COMPARE, key="changes")
    else:
        table = tables.changes_table(data, catalog, scope)
        content = DocTable.of(table, (28, 78, 38, 38)) if table.rows else i18n.CHANGES_NONE
        doc.add(i18n.CHANGES_TITLE.format(before=i18n.month(data["compare"]), after=month), content, key="changes")
    if data["notes"]:
        rows = notes.display_rows(data["notes"])
        keys = (i18n.NOTE_COL_PERIOD, i18n.NOTE_COL_TARGET, i18n.NOTE_COL_TEXT, i18n.NOTE_COL_AUTHOR, i18n.NOTE_COL_AT)
        table = DocTable(keys, tuple(tuple(str(r[k]) for k in keys) for r in rows), (20, 42, 76, 22, 22))
        doc.add(i18n.NOTES_TITLE, table, key="notes")
    else:
        doc.add(i18n.NOTES_TITLE, i18n.NOTES_NONE, key="notes")
    cards = data.get("scorecards") or {}
    if cards:
        parts = [scorecard_part(kind, card, rankings.get(kind) or [], catalog, scope) for kind, card in cards.items()]
        add_scorecard(doc, parts, data["as_of"])
    if "directives" in data:
        add_directives(doc, directives_table(data["directives"], catalog, scope))
    return doc


def brief_pdf(data: dict, catalog: Catalog, scope: Scope, made_at: dt.datetime | None = None) -> bytes:
    return official_pdf(brief_document(data, catalog, scope), made_at)


def brief_docx(data: dict, catalog: Catalog, scope: Scope, made_at: dt.datetime | None = None) -> bytes:
    from dtplan.present.official_docx import official_docx  # python-docx only when a DOCX is made

    return official_docx(brief_document(data, catalog, scope), made_at)
