"""Directives on the pages (AppTest): a leader records one on Cuộc họp; the unit's head sees it on their own
unit page (nhoquan: district 372 on Địa bàn, sotttt: agency STTTT on Đơn vị) and marks it done; the count on
Tổng quan; a unit user never receives another unit's directive, whatever the URL."""

from __future__ import annotations

import datetime as dt

import pytest

from dtplan import i18n, store
from dtplan.domain.access import Viewer
from dtplan.read.directives import directive_list
from dtplan.store import audit
from dtplan.store import directives as directive_store
from tests.pages.conftest import texts

LEADER = Viewer("lanhdao", "Lãnh đạo", "leader")
TO_372 = "Nho Quan: nâng tỷ lệ hồ sơ trực tuyến toàn trình"
TO_STTTT = "Sở TT&TT: hoàn thành hồ sơ cấp độ an toàn"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("DTPLAN_TODAY", "2023-07-10")


def _page_text(at) -> str:
    extra = [str(e.value) for e in (*at.text, *at.success)]
    return texts(at) + "\n" + "\n".join(extra)


def _seed(url: str) -> dict[str, int]:
    engine = store.make_engine(url)
    catalog = store.read_catalog(engine)
    ids = {
        "372": directive_store.add_directive(
            engine, catalog, LEADER, "kpi:T12", "372", "2023-07-31", TO_372, "2023-06"
        ),
        "STTTT": directive_store.add_directive(
            engine, catalog, LEADER, "kpi:T03", "STTTT", "2023-06-30", TO_STTTT, "2023-06"
        ),
    }
    engine.dispose()
    return ids


def _rows(url: str) -> dict[int, dict]:
    from dtplan.domain.access import province_scope

    engine = store.make_engine(url)
    catalog = store.read_catalog(engine)
    rows = directive_list(engine, catalog, province_scope(catalog), today=dt.date(2023, 7, 10))
    engine.dispose()
    return {r["id"]: r for r in rows}


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_a_leader_records_a_directive_on_the_meeting_page(app_factory):
    at = app_factory(user="lanhdao", page="pages/cuoc_hop.py", query={"as_of": "2023-06"})
    assert not at.exception, at.exception
    at.selectbox(key="dtplan_directive_code").set_value("T12")
    at.selectbox(key="dtplan_directive_to").set_value("372")
    at.date_input(key="dtplan_directive_due").set_value(dt.date(2023, 8, 15))
    at.text_area(key="dtplan_directive_text").input("Đẩy nhanh hồ sơ trực tuyến")
    _button(at, i18n.DIRECTIVE_FORM_SUBMIT).click()
    at.run()
    assert not at.exception, at.exception
    rows = list(_rows(app_factory.database_url).values())
    assert [(r["meeting"], r["about"], r["to"], r["due"], r["text"]) for r in rows] == [
        ("2023-06", "kpi:T12", "372", "2023-08-15", "Đẩy nhanh hồ sơ trực tuyến")
    ]
    assert rows[0]["history"][0]["by"] == "lanhdao"
    text = _page_text(at)
    assert i18n.DIRECTIVE_SAVED in text and "Đẩy nhanh hồ sơ trực tuyến" in text
    assert f"{i18n.DIRECTIVE_STATUS_SYMBOL['open']} {i18n.DIRECTIVE_STATUS['open']}" in text


def test_an_empty_text_is_refused_on_the_page_and_nothing_is_stored(app_factory):
    at = app_factory(user="lanhdao", page="pages/cuoc_hop.py", query={"as_of": "2023-06"})
    _button(at, i18n.DIRECTIVE_FORM_SUBMIT).click()
    at.run()
    assert any("không được để trống" in str(e.value) for e in at.error)
    assert _rows(app_factory.database_url) == {}


@pytest.mark.parametrize(
    ("user", "page", "own", "other"),
    [("nhoquan", "pages/dia_ban.py", "372", "STTTT"), ("sotttt", "pages/don_vi.py", "STTTT", "372")],
)
def test_the_unit_head_sees_only_their_directive_and_marks_it_done(app_factory, user, page, own, other):
    ids = _seed(app_factory.database_url)
    mine, theirs = (TO_372, TO_STTTT) if own == "372" else (TO_STTTT, TO_372)
    at = app_factory(user=user, page=page, query={"as_of": "2023-06"})
    assert not at.exception, at.exception
    text = _page_text(at)
    assert i18n.DIRECTIVES_OWN in text and mine in text and theirs not in text
    _button(at, i18n.DIRECTIVE_DONE_SUBMIT).click()
    at.run()
    assert not at.exception, at.exception
    rows = _rows(app_factory.database_url)
    assert rows[ids[own]]["status"] == "done" and rows[ids[other]]["status"] != "done"
    assert [e["action"] for e in rows[ids[own]]["history"]] == ["add", "done"]
    assert rows[ids[own]]["history"][-1]["by"] == user
    assert f"{i18n.DIRECTIVE_STATUS_SYMBOL['done']} {i18n.DIRECTIVE_STATUS['done']}" in _page_text(at)
    engine = store.make_engine(app_factory.database_url)
    entries = [r for r in audit.audit_rows(engine) if r["action"] == "directive_done"]
    engine.dispose()
    assert [(e["actor"], e["detail"]["id"]) for e in entries] == [(user, ids[own])]
    # ... and reopens it, with a note
    at.text_input(key=f"dtplan_directive_note_{ids[own]}").input("Còn thiếu hồ sơ")
    _button(at, i18n.DIRECTIVE_REOPEN_SUBMIT).click()
    at.run()
    reopened = _rows(app_factory.database_url)[ids[own]]
    assert reopened["status"] == ("open" if own == "372" else "overdue")  # STTTT's was due 30/06
    assert reopened["history"][-1]["note"] == "Còn thiếu hồ sơ"


def test_tong_quan_counts_the_units_open_and_overdue_directives(app_factory):
    _seed(app_factory.database_url)
    at = app_factory(user="sotttt", page="pages/tong_quan.py", query={"as_of": "2023-06"})
    assert not at.exception, at.exception
    assert i18n.DIRECTIVE_COUNTS.format(open=0, overdue=1) in _page_text(at)  # STTTT's was due 30/06
    at = app_factory(user="lanhdao", page="pages/tong_quan.py", query={"as_of": "2023-06"})
    assert i18n.DIRECTIVE_COUNTS.format(open=1, overdue=1) in _page_text(at)


def test_a_unit_user_never_receives_another_units_directive_by_url(app_factory):
    _seed(app_factory.database_url)
    at = app_factory(user="nhoquan", page="pages/cuoc_hop.py", query={"as_of": "2023-07"})
    seen = [_page_text(at)]
    for page, query in (
        ("pages/don_vi.py", {"as_of": "2023-06", "unit": "STTTT"}),
        ("pages/dia_ban.py", {"as_of": "2023-06", "unit": "STTTT"}),
        ("pages/tong_quan.py", {"as_of": "2023-06", "unit": "STTTT"}),
    ):
        at.query_params.clear()
        at.query_params.update(query)
        at.switch_page(page).run()
        assert not at.exception, at.exception
        seen.append(_page_text(at))
    everything = "\n".join(seen)
    assert TO_STTTT not in everything
    assert TO_372 in seen[0]  # the earlier meeting's directive to their own unit, on the meeting page
    assert i18n.DIRECTIVE_FORM_SUBMIT not in [b.label for b in at.button]


def test_a_leader_on_a_units_page_reads_but_does_not_update(app_factory):
    _seed(app_factory.database_url)
    at = app_factory(user="lanhdao", page="pages/dia_ban.py", query={"as_of": "2023-06", "unit": "372"})
    assert not at.exception, at.exception
    assert TO_372 in _page_text(at) and TO_STTTT not in _page_text(at)
    assert i18n.DIRECTIVE_DONE_SUBMIT not in [b.label for b in at.button]
