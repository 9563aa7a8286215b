"""The year-end review table in the format officials use:

    Mục tiêu/Chỉ tiêu | Đề ra năm YYYY | Kết quả thực hiện | Đánh giá (Vượt / Đạt / Không đạt)

KPIs that split one sentence of the plan by level (T08.1/T08.2/T08.3 share T08's sentence) are shown as
a group row holding the sentence, followed by one sub-row per level. The rule is data-driven: codes
`X.n` next to each other with the same `text` form group X; nothing names T08 in code.
Assessment is against the full-year target whatever the as-of month (contract §5 `assessment`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dtplan import i18n
from dtplan.domain.access import Scope
from dtplan.domain.catalog import Catalog
from dtplan.read.checks import check_as_of
from dtplan.read.kpis import kpi_table

if TYPE_CHECKING:
    from sqlalchemy import Engine

GROUP, SINGLE, SUB = "group", "kpi", "sub"
OP_SYMBOL = {"gt": ">", "ge": "≥"}


def _group_code(code: str) -> str | None:
    head, dot, tail = code.rpartition(".")
    return head if dot and tail.isdigit() else None


def yearend_rows(catalog: Catalog, kpi_rows: list[dict]) -> list[dict]:
    """Rows of the review table from kpi_table rows (dtplan.read.kpis) (KPIs that do not apply are left out)."""
    by_code = catalog.kpis_by_code
    rows = [r for r in kpi_rows if r.get("applies", True)]
    out: list[dict] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        group = _group_code(row["code"])
        members = [row]
        if group is not None:
            text = by_code[row["code"]].text
            j = i + 1
            while j < len(rows) and _group_code(rows[j]["code"]) == group and by_code[rows[j]["code"]].text == text:
                members.append(rows[j])
                j += 1
        if len(members) > 1:
            out.append(
                {
                    "kind": GROUP,
                    "code": group,
                    "label": by_code[row["code"]].text,
                    "kpi_unit": row["kpi_unit"],
                    "op": None,
                    "target": None,
                    "actual": None,
                    "assessment": None,
                    "status": None,
                }
            )
            out += [_row(SUB, m, m["name"]) for m in members]
        else:
            out.append(_row(SINGLE, row, by_code[row["code"]].text))
        i += len(members)
    return out


def _row(kind: str, kpi_row: dict, label: str) -> dict:
    return {
        "kind": kind,
        "code": kpi_row["code"],
        "label": label,
        "kpi_unit": kpi_row["kpi_unit"],
        "op": kpi_row["op"],
        "target": kpi_row["target"],
        "actual": kpi_row["actual"],
        "assessment": kpi_row["assessment"],
        "status": kpi_row["status"],
    }


def yearend_table(engine: Engine, catalog: Catalog, scope: Scope, as_of: str) -> list[dict]:
    check_as_of(catalog, as_of)
    return yearend_rows(catalog, kpi_table(engine, catalog, scope, as_of))


def target_text(row: dict) -> str:
    if row["target"] is None:
        return ""
    value = i18n.percent(row["target"], 0) if row["kpi_unit"] == "percent" else i18n.number(row["target"], 0)
    return f"{OP_SYMBOL[row['op']]} {value}"


def headers(year: int) -> list[str]:
    return [
        i18n.YE_COL_CODE,
        i18n.YE_COL_GOAL,
        i18n.YE_COL_TARGET.format(year=year),
        i18n.YE_COL_RESULT,
        i18n.YE_COL_VERDICT,
    ]


def display_rows(rows: list[dict]) -> list[list[str]]:
    """The table as text cells, in the order of `headers` (sub-rows indented under their group)."""
    out = []
    for row in rows:
        if row["kind"] == GROUP:
            out.append([row["code"], row["label"], "", "", ""])
            continue
        label = f"– {row['label']}" if row["kind"] == SUB else row["label"]
        actual = "" if row["actual"] is None else i18n.kpi_value(row["actual"], row["kpi_unit"])
        out.append([row["code"], label, target_text(row), actual or i18n.NO_DATA, i18n.ASSESSMENT[row["assessment"]]])
    return out
