"""The scorecard table builder (dtplan.present.scorecard): the words of a cell, the sort of the rows and the
columns of the page/brief table and of the workbook sheet — pure, on a constructed card."""

from __future__ import annotations

import pytest

from dtplan import i18n
from dtplan.domain.access import Scope, province_scope
from dtplan.domain.catalog import Catalog, Kpi, PlanInfo, ReportingCalendar, Unit
from dtplan.present import scorecard as sc
from dtplan.present.tables import PLAIN

CATALOG = Catalog(
    plan=PlanInfo(code="KH", title="Kế hoạch", province="P", year=2023, issued=None),
    reporting=ReportingCalendar(25, 25, (6, 25), (12, 15)),
    units=(
        Unit("P", "Tỉnh", "Tỉnh", "province", None),
        Unit("A1", "Sở Bốn", "S4", "agency", "P"),
        Unit("A2", "Sở An", "S1", "agency", "P"),
        Unit("A3", "Sở Chín", "S9", "agency", "P"),
    ),
    kpis=(
        Kpi("K1", "Một", "", "percent", "ge", 50.0, "flow", ("agency",), "A1"),
        Kpi("K2", "Hai", "", "count", "ge", 3.0, "stock", ("agency",), "A1"),
    ),
    tasks=(),
)
CARD = {
    "plan": "KH",
    "as_of": "2023-06",
    "kind": "agency",
    "scope": "P",
    "kpis": ["K1", "K2"],
    "rows": [
        {
            "unit": "A1",
            "cells": {"K1": {"actual": 72.5, "status": "met"}, "K2": {"actual": 1.0, "status": "at_risk"}},
            "met": 1,
            "applicable": 2,
        },
        {
            "unit": "A2",
            "cells": {"K1": {"actual": None, "status": "no_data"}, "K2": {"actual": 1234.0, "status": "met"}},
            "met": 1,
            "applicable": 2,
        },
        {"unit": "A3", "cells": {"K1": {"actual": 1000.25, "status": "off_track"}}, "met": 0, "applicable": 1},
    ],
}


def test_cell_words():
    assert sc.cell_text({"actual": 72.5, "status": "met"}, "percent") == "72,5% ✔ Đạt chỉ tiêu"
    assert sc.cell_text({"actual": 1234.0, "status": "on_track"}, "count") == "1.234 ▲ Đúng tiến độ"
    assert sc.cell_text({"actual": None, "status": "no_data"}, "percent") == "○ Chưa có số liệu"
    assert sc.cell_text(None, "percent") == ""  # the KPI does not apply
    for status in ("met", "on_track", "at_risk", "off_track"):  # never colour alone: symbol and word
        text = sc.cell_text({"actual": 1.0, "status": status}, "percent")
        assert i18n.KPI_STATUS_SYMBOL[status] in text and i18n.KPI_STATUS[status] in text


def test_page_table_is_plain_strings():
    table = sc.scorecard_table(CARD, CATALOG, province_scope(CATALOG))
    assert table.headers == [i18n.COL["unit"], "K1", "K2", i18n.SCORECARD_MET]
    assert table.rows[0] == ["Sở Bốn", "72,5% ✔ Đạt chỉ tiêu", "1 ◆ Có nguy cơ", "1/2"]
    assert table.rows[2] == ["Sở Chín", f"1.000,2% {i18n.kpi_status_label('off_track')}", "", "0/1"]
    assert all(isinstance(v, str) for row in table.rows for v in row)


def test_workbook_table_has_codes_and_counts():
    table = sc.scorecard_table(CARD, CATALOG, province_scope(CATALOG), PLAIN)
    assert table.headers[:2] == [i18n.COL["unit_code"], i18n.COL["unit"]]
    assert table.headers[-2:] == [i18n.SCORECARD_MET_COUNT, i18n.SCORECARD_APPLICABLE]
    assert [r[0] for r in table.rows] == ["A1", "A2", "A3"] and table.rows[1][-2:] == [1, 2]


def test_a_unit_outside_the_scope_is_never_named():
    only_a1 = Scope("A1", frozenset({"A1"}))
    table = sc.scorecard_table(CARD, CATALOG, only_a1, PLAIN)
    flat = " ".join(str(v) for row in table.rows for v in row)
    assert "Sở An" not in flat and "Sở Chín" not in flat and "A2" not in flat and "A3" not in flat


def order(key: str, descending: bool = False) -> list[str]:
    return [r["unit"] for r in sc.sorted_rows(CARD, CATALOG, province_scope(CATALOG), key, descending)]


@pytest.mark.parametrize(
    ("key", "descending", "expected"),
    [
        ("", False, ["A1", "A2", "A3"]),
        ("unit", False, ["A2", "A1", "A3"]),  # Sở An, Sở Bốn, Sở Chín
        ("unit", True, ["A3", "A1", "A2"]),
        ("K1", False, ["A1", "A3", "A2"]),  # 72,5 < 1000,25; no data last
        ("K1", True, ["A3", "A1", "A2"]),  # no data last whichever the direction
        ("K2", True, ["A2", "A1", "A3"]),  # not applicable last
        ("met", True, ["A1", "A2", "A3"]),
        ("met", False, ["A3", "A1", "A2"]),
        ("nonsense", False, ["A1", "A2", "A3"]),
    ],
)
def test_sort_by_any_column(key, descending, expected):
    assert order(key, descending) == expected


def test_sort_keys_are_every_column():
    assert sc.sort_keys(CARD) == ["", "unit", "K1", "K2", "met"]


def test_the_brief_cells_are_compact_and_keep_the_symbol():
    table = sc.scorecard_table(CARD, CATALOG, province_scope(CATALOG), sc.COMPACT)
    assert table.rows[0][1:] == ["72,5% ✔", "1 ◆", "1/2"]
    assert all(symbol in sc.legend() for symbol in ("✔", "▲", "◆", i18n.KPI_STATUS_SYMBOL["off_track"], "○"))


def test_the_commune_level_is_named_right_for_both_shapes_of_plan():
    """Communes under districts (2023) include thị trấn, communes under the province (2025) include đặc khu:
    the scorecard names the level "cấp xã", right for both, and a sheet name fits Excel's 31 characters."""
    for label in (i18n.SCORECARD_KIND["commune"], i18n.SCORECARD_SHEET["commune"]):
        assert "cấp xã" in label.lower() and "thị trấn" not in label and "đặc khu" not in label
    assert all(len(name) <= 31 for name in i18n.SCORECARD_SHEET.values())
    assert i18n.SCORECARD_KIND["agency"] == "Sở, ban, ngành" and i18n.SCORECARD_SHEET["district"].endswith("thành phố")
