"""Read models shared by every session of a process (dtplan.web.cache): keyed by data version, scope and
arguments, computed once, read-only; the data version follows imports made anywhere (another replica,
the CLI) within resources.VERSION_SECONDS; the sign-in check of a signed-in session reads the database
at most every signed_in.ACCOUNT_SECONDS, and a disabled account is refused once that has passed."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pandas as pd
import pytest

from dtplan import store
from dtplan.domain.access import Scope, province_scope
from dtplan.read.kpis import kpi_table
from dtplan.store import accounts
from dtplan.web import cache, resources, signed_in
from dtplan.web.frozen import FrozenDict, FrozenList, ReadOnlyError, freeze
from tests.import_files import KPI_EN, run, write_csv


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(resources, "_clock", clock)
    monkeypatch.setattr(signed_in, "_clock", clock)
    return clock


@pytest.fixture
def app_db(demo_db_url, monkeypatch, clock):
    """The demo database as the configured one, with empty process-wide caches."""
    monkeypatch.setenv("DTPLAN_DATABASE_URL", demo_db_url)
    resources.data_changed()
    signed_in.forget()
    yield demo_db_url
    resources.data_changed()
    signed_in.forget()


def counting(calls: list):
    def read(engine, catalog, scope, *args, **kwargs):
        calls.append((scope, args, kwargs))
        return [{"scope": scope.code, "args": list(args), "nested": {"kwargs": dict(kwargs)}}]

    return read


def _import_one_figure(url: str, tmp_path, value: str = "10") -> None:
    path = write_csv(tmp_path / f"r{value}.csv", KPI_EN, [["2023-06", "372", "T12", value, "100", "2023-06-30", ""]])
    code, _, err = run("import", str(path), url=url)
    assert code == 0, err


# --- keying and sharing -------------------------------------------------------------------------------


def test_a_read_is_computed_once_per_key_and_shared(app_db):
    calls: list = []
    read = counting(calls)
    province = province_scope(resources.catalog())
    first = cache.view(read, province, "2023-06", kind="agency")
    again = cache.view(read, province, "2023-06", kind="agency")
    assert again is first  # the same object for every caller: nothing copied or unpickled
    assert len(calls) == 1
    district = Scope(code="372", units=frozenset({"372"}))
    cache.view(read, district, "2023-06", kind="agency")  # another scope
    cache.view(read, province, "2023-05", kind="agency")  # another month
    cache.view(read, province, "2023-06", kind="district")  # another parameter
    assert len(calls) == 4
    assert cache.view(read, district, "2023-06", kind="agency")[0]["scope"] == "372"
    assert len(calls) == 4


def test_a_new_import_is_seen_within_the_version_interval(app_db, clock, tmp_path):
    """An import by another process (here the CLI): the cached version holds for VERSION_SECONDS, then
    the read models are computed again."""
    calls: list = []
    read = counting(calls)
    province = province_scope(resources.catalog())
    version = cache.data_version()
    cache.view(read, province, "2023-06")
    _import_one_figure(app_db, tmp_path)
    clock.now += resources.VERSION_SECONDS / 2
    cache.view(read, province, "2023-06")
    assert len(calls) == 1  # not read again yet: the version is read at most every VERSION_SECONDS
    clock.now += resources.VERSION_SECONDS
    cache.view(read, province, "2023-06")
    assert len(calls) == 2
    assert cache.data_version() > version
    assert resources.VERSION_SECONDS <= 10  # the promise: an import shows on every replica within 10 s


def test_the_data_version_is_the_last_import(demo_db_url, tmp_path):
    engine = store.make_engine(demo_db_url)
    try:
        before = store.data_version(engine)
        _import_one_figure(demo_db_url, tmp_path, "11")
        after = store.data_version(engine)
        assert after > before
        _import_one_figure(demo_db_url, tmp_path, "12")
        assert store.data_version(engine) > after
    finally:
        engine.dispose()


def test_real_figures_follow_an_import(app_db, clock, tmp_path):
    province = province_scope(resources.catalog())
    district = Scope(code="372", units=frozenset({"372"}))

    def t12() -> object:
        return next(r for r in cache.view(kpi_table, district, "2023-06") if r["code"] == "T12")["numerator"]

    assert cache.view(kpi_table, province, "2023-06") is cache.view(kpi_table, province, "2023-06")
    before = t12()
    _import_one_figure(app_db, tmp_path, "77")
    clock.now += resources.VERSION_SECONDS
    assert t12() != before


def test_an_import_by_this_process_is_seen_at_once(app_db, tmp_path):
    calls: list = []
    read = counting(calls)
    province = province_scope(resources.catalog())
    cache.view(read, province, "2023-06")
    _import_one_figure(app_db, tmp_path)
    resources.data_changed()  # what the import page calls
    cache.view(read, province, "2023-06")
    assert len(calls) == 2


def test_a_directive_recorded_elsewhere_shows_in_the_meeting_bundle_within_the_interval(app_db, clock):
    """Directives are not imports, yet the meeting's shared bundle (the brief) lists them: a change to a
    directive moves the data version on, as an import does."""
    from dtplan.domain.access import Viewer
    from dtplan.read.meeting import meeting_data
    from dtplan.store import directives

    catalog = resources.catalog()
    province = province_scope(catalog)
    before = cache.view(meeting_data, province, "2023-06")
    text = "Đẩy nhanh hồ sơ trực tuyến toàn trình"
    leader = Viewer("lanhdao", "Lãnh đạo", "leader")
    directives.add_directive(
        resources.engine_for(app_db), catalog, leader, "kpi:T12", "372", "2023-07-31", text, "2023-06"
    )
    clock.now += resources.VERSION_SECONDS
    after = cache.view(meeting_data, province, "2023-06")
    assert after is not before
    assert text in [d["text"] for d in after["directives"]] and text not in [d["text"] for d in before["directives"]]


def test_read_models_are_computed_again_the_next_day(app_db, monkeypatch):
    """What is overdue or late depends on today: a read model of yesterday is not served today, even when no
    data came in."""
    calls: list = []
    read = counting(calls)
    province = province_scope(resources.catalog())
    monkeypatch.setenv("DTPLAN_TODAY", "2023-07-10")
    cache.view(read, province, "2023-06")
    cache.view(read, province, "2023-06")
    monkeypatch.setenv("DTPLAN_TODAY", "2023-07-11")
    cache.view(read, province, "2023-06")
    assert len(calls) == 2


def test_a_static_tables_arrow_cells_are_what_streamlit_would_send():
    """web.table hands st.table the Arrow table of a shared frame, made once; the bytes it sends are those
    of the frame itself, Markdown in the text cells neutralised."""
    import pyarrow as pa
    from streamlit import dataframe_util

    from dtplan.web.widgets import literal_frame, static_table_cells

    frame = pd.DataFrame({"Mã": ["T01", "*x*"], "Giá trị": ["38,6%", "—"], "Số": [1.5, None]})
    cells = static_table_cells(frame)
    assert isinstance(cells, pa.Table)
    expected = dataframe_util.convert_anything_to_arrow_bytes(literal_frame(frame))
    assert dataframe_util.convert_anything_to_arrow_bytes(cells) == expected
    assert cells.column("Mã").to_pylist()[1] != "*x*"  # shown as typed, not as emphasis


# --- read-only ------------------------------------------------------------------------------------------


def test_a_shared_read_model_cannot_be_changed(app_db):
    province = province_scope(resources.catalog())
    rows = cache.view(kpi_table, province, "2023-06")
    row = rows[0]
    with pytest.raises(ReadOnlyError):
        row["status"] = "met"
    with pytest.raises(ReadOnlyError):
        row.update(status="met")
    with pytest.raises(ReadOnlyError):
        del row["code"]
    with pytest.raises(ReadOnlyError):
        rows.append(row)
    with pytest.raises(ReadOnlyError):
        rows.sort(key=lambda r: r["code"])
    with pytest.raises(ReadOnlyError):
        rows[0] = {}
    assert cache.view(kpi_table, province, "2023-06")[0] == row  # unchanged for the next session


def test_frozen_values_still_work_as_dicts_and_lists():
    value = freeze([{"code": "T01", "parts": [1, 2], "tags": {"a"}}, {"code": "T02", "parts": [], "tags": set()}])
    assert isinstance(value, FrozenList) and isinstance(value[0], FrozenDict) and isinstance(value[0], dict)
    assert isinstance(value[0]["parts"], FrozenList) and value[0]["tags"] == frozenset({"a"})
    assert json.loads(json.dumps(value, default=sorted))[0]["parts"] == [1, 2]
    assert list(pd.DataFrame(value)["code"]) == ["T01", "T02"]
    # A copy is an ordinary, mutable value: a page that needs to change rows changes its own copy.
    mine = dict(value[0])
    mine["code"] = "X"
    head = value[:1]
    head.append({})
    deep = copy.deepcopy(value)
    deep[0]["parts"].append(3)
    assert value[0]["code"] == "T01" and len(value) == 2 and value[0]["parts"] == [1, 2]
    assert freeze(value) is value


# --- charts ---------------------------------------------------------------------------------------------


def test_a_chart_is_drawn_once_per_input(app_db):
    from dtplan.present import charts

    province = province_scope(resources.catalog())
    rows = [r for r in cache.view(kpi_table, province, "2023-06") if r["applies"]]
    drawn = cache.derived(charts.gauges_svg, rows, columns=7, cell=200)
    assert drawn.startswith("<svg")
    # A new list of the same shared rows (a page filters them on every run): the same drawing, not redrawn.
    again = [r for r in cache.view(kpi_table, province, "2023-06") if r["applies"]]
    assert cache.derived(charts.gauges_svg, again, columns=7, cell=200) is drawn
    # Other rows or other options: another drawing.
    assert cache.derived(charts.gauges_svg, again[:3], columns=7, cell=200) is not drawn
    assert cache.derived(charts.gauges_svg, again, columns=5, cell=200) is not drawn
    # Plain (unshared) rows are keyed by their contents: equal contents, the same drawing; changed, a new one.
    plain = [dict(r) for r in rows]
    by_content = cache.derived(charts.gauges_svg, plain, columns=7, cell=200)
    assert cache.derived(charts.gauges_svg, [dict(r) for r in rows], columns=7, cell=200) is by_content
    plain[0]["actual"] = 12345.0
    assert cache.derived(charts.gauges_svg, plain, columns=7, cell=200) is not by_content


# --- the sign-in check ------------------------------------------------------------------------------------


def test_the_sign_in_check_reads_the_database_once_per_interval(app_db, clock, monkeypatch):
    engine = resources.engine()
    reads: list[str] = []
    original = accounts.sign_in_state
    monkeypatch.setattr(accounts, "sign_in_state", lambda e, name: reads.append(name) or original(e, name))
    for _ in range(20):
        assert signed_in.viewer_for(engine, "lanhdao").username == "lanhdao"
        clock.now += signed_in.ACCOUNT_SECONDS / 10
    assert 1 < len(reads) <= 3  # 20 runs over 2 intervals: one read per interval, not one per run


def test_a_disabled_account_is_refused_within_the_interval(app_db, clock):
    engine = resources.engine()
    signed_at = dt.datetime.now()
    assert signed_in.viewer_for(engine, "nhoquan", signed_at) is not None
    with store.transaction(engine) as session:  # elsewhere: another replica, or `users disable`
        accounts.disable_user(session, "nhoquan", actor="quantri")
    clock.now += signed_in.ACCOUNT_SECONDS - 0.1
    assert signed_in.viewer_for(engine, "nhoquan", signed_at) is not None  # the short-lived copy
    clock.now += 0.2
    assert signed_in.viewer_for(engine, "nhoquan", signed_at) is None
    assert signed_in.ACCOUNT_SECONDS <= 10  # the promise: a disabled account loses access within 10 s


def test_a_change_made_by_this_process_is_seen_at_once(app_db, clock):
    engine = resources.engine()
    signed_at = dt.datetime.now()
    assert signed_in.viewer_for(engine, "sotttt", signed_at) is not None
    accounts.revoke_sessions(engine, "sotttt", at=signed_at + dt.timedelta(seconds=1))
    signed_in.forget("sotttt")  # what sign-out and the admin page do
    assert signed_in.viewer_for(engine, "sotttt", signed_at) is None


def test_an_unchanged_catalogue_stays_the_same_object(app_db, clock):
    """Read again after CATALOG_SECONDS: an equal catalogue keeps its identity, so the values derived from
    it (keyed by identity) are not computed and kept again every minute."""
    first = resources.catalog()
    clock.now += resources.CATALOG_SECONDS + 1
    assert resources.catalog() is first
