"""Reading directives in a scope (dtplan.read.directives) and the table the brief takes from
dtplan.present.directives: a unit reads only its own; a unit named in what a directive is about is
"Đơn vị khác" in another unit's view (its code is not shown either); --unit never widens the scope."""

from __future__ import annotations

import datetime as dt

import pytest

from dtplan import i18n, store
from dtplan.domain.access import AccessDenied, Viewer, province_scope, unit_scope
from dtplan.present.directives import directives_table, status_label
from dtplan.read.directives import directive_counts, directive_list
from dtplan.store import directives as directive_store

LEADER = Viewer("lanhdao", "Lãnh đạo", "leader")
DAY = dt.date(2023, 7, 10)


@pytest.fixture
def seeded(demo_db_url):
    engine = store.make_engine(demo_db_url)
    catalog = store.read_catalog(engine)
    add = directive_store.add_directive
    ids = {
        "help": add(engine, catalog, LEADER, "unit:372", "STTTT", "2023-07-31", "Hỗ trợ huyện", "2023-06"),
        "own": add(engine, catalog, LEADER, "unit:372", "372", "2023-06-30", "Tự rà soát", "2023-06"),
        "kpi": add(engine, catalog, LEADER, "kpi:T12", "372", "2023-09-30", "T12 lên 60%", "2023-07"),
    }
    yield engine, catalog, ids
    engine.dispose()


def test_a_unit_reads_only_its_own_and_other_units_are_not_named(seeded):
    engine, catalog, ids = seeded
    everything = directive_list(engine, catalog, province_scope(catalog), today=DAY)
    assert [r["id"] for r in everything] == [ids["own"], ids["help"], ids["kpi"]]  # by due date
    assert directive_counts(everything) == {"open": 2, "done": 0, "overdue": 1}
    sttt = directive_list(engine, catalog, unit_scope(catalog, "STTTT"), today=DAY)
    assert [(r["id"], r["about"]) for r in sttt] == [(ids["help"], f"unit:{i18n.OTHER_UNIT}")]
    table = directives_table(sttt, catalog, unit_scope(catalog, "STTTT"))
    cells = " ".join(" ".join(row) for row in table.rows)
    assert "Nho Quan" not in cells and "372" not in cells.replace(str(ids["help"]), "")
    assert i18n.OTHER_UNIT in cells and status_label("open") in cells
    nho = directive_list(engine, catalog, unit_scope(catalog, "372"), today=DAY)
    assert [r["id"] for r in nho] == [ids["own"], ids["kpi"]]
    assert [r["status"] for r in nho] == ["overdue", "open"]
    with pytest.raises(AccessDenied):
        directive_list(engine, catalog, unit_scope(catalog, "372"), unit="STTTT", today=DAY)
    assert directive_list(engine, catalog, province_scope(catalog), unit="372", status="overdue", today=DAY) == [
        r for r in nho if r["status"] == "overdue"
    ]
    assert [r["id"] for r in directive_list(engine, catalog, province_scope(catalog), meeting_before="2023-07")] == [
        ids["own"],
        ids["help"],
    ]


def test_the_brief_table_is_plain_strings_with_status_words(seeded):
    engine, catalog, ids = seeded
    directive_store.update_directive(engine, Viewer("nhoquan", "", "unit", "372"), ids["own"], "done", "Xong")
    rows = directive_list(engine, catalog, province_scope(catalog), today=DAY)
    table = directives_table(rows, catalog, province_scope(catalog))
    assert table.headers == list(i18n.DIRECTIVE_COLUMNS.values())
    assert all(isinstance(cell, str) for row in table.rows for cell in row)
    first = dict(zip(table.headers, table.rows[0], strict=True))
    assert first[i18n.DIRECTIVE_COLUMNS["status"]] == "✔ Đã hoàn thành"
    assert first[i18n.DIRECTIVE_COLUMNS["due"]] == "30/06/2023"
    assert first[i18n.DIRECTIVE_COLUMNS["meeting"]] == "Tháng 6/2023"
    assert first[i18n.DIRECTIVE_COLUMNS["to"]] == "Huyện Nho Quan"


def test_a_failed_update_stores_nothing(seeded):
    engine, catalog, ids = seeded
    before = directive_list(engine, catalog, province_scope(catalog), today=DAY)
    with pytest.raises(AccessDenied):
        directive_store.update_directive(engine, Viewer("sotttt", "", "unit", "STTTT"), ids["own"], "done")
    with pytest.raises(AccessDenied):
        directive_store.update_directive(engine, LEADER, ids["own"], "progress", "ghi chú")
    with pytest.raises(AccessDenied):
        directive_store.add_directive(
            engine, catalog, Viewer("nhoquan", "", "unit", "372"), "kpi:T12", "372", "2023-07-31", "x", "2023-06"
        )
    assert directive_list(engine, catalog, province_scope(catalog), today=DAY) == before
