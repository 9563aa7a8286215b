"""The admin import page through app.py (AppTest): upload, preview with every error, commit, history."""

from __future__ import annotations

import json

import pytest

from dtplan import i18n, ingest, store, web
from dtplan.domain.access import Viewer
from dtplan.ingest import file_limits
from dtplan.ingest.readers import COLUMNS
from dtplan.web import state
from tests.conftest import run_cli
from tests.import_files import KPI_EN, KPI_VI, dump
from tests.pages.conftest import shown_tables

PAGE = "pages/quan_tri_nhap_lieu.py"
KPI_HEADER = ",".join(KPI_EN)
GOOD = (",".join(KPI_EN) + "\n2023-06,372,T12,41,97,2023-06-20,từ trang quản trị\n").encode()
BAD = (";".join(KPI_VI) + "\n2023-06;372;T12;50;40;2023-06-20;\n2023-06;XYZ;T12;1;2;2023-06-20;\n").encode()


def _uploader(at):
    return next(u for u in at.file_uploader if u.label == i18n.IMPORT_UPLOAD)


def _buttons(at, label):
    return [b for b in at.button if b.label == label]


@pytest.fixture
def page(app_factory, monkeypatch):
    monkeypatch.setenv("DTPLAN_TODAY", "2024-01-31")
    at = app_factory(user="quantri", page=PAGE)
    assert not at.exception, at.exception
    return at


def test_errors_are_previewed_and_nothing_can_be_committed(page, app_factory):
    before = dump(app_factory.database_url)
    _uploader(page).set_value([("bao-cao.csv", BAD, "text/csv")])
    page.run()
    assert not page.exception, page.exception
    assert any(i18n.IMPORT_ERRORS.format(count=2) == e.value for e in page.error)
    errors = shown_tables(page)[0]
    assert list(errors[i18n.IMPORT_COLUMNS["row"]]) == ["2", "3"]
    assert "XYZ" in errors[i18n.IMPORT_COLUMNS["message"]].iloc[1]
    assert not _buttons(page, i18n.IMPORT_COMMIT)
    assert dump(app_factory.database_url) == before


def test_preview_then_commit(page, app_factory):
    url = app_factory.database_url
    before = dump(url)
    _uploader(page).set_value([("bao-cao.csv", GOOD, "text/csv")])
    page.run()
    assert not page.exception, page.exception
    preview = shown_tables(page)[0]
    assert list(preview[COLUMNS["kpi"]["numerator"]]) == [41.0]
    assert dump(url) == before  # a preview writes nothing
    _buttons(page, i18n.IMPORT_COMMIT)[0].click()
    page.run()
    assert not page.exception, page.exception
    after = dump(url)
    old_ids = {r[0] for r in before["kpi"]}
    new = [r for r in after["kpi"] if r[0] not in old_ids]
    assert [(r[1], r[2], r[3], r[4], r[5]) for r in new] == [("2023-06", "372", "T12", 41.0, 97.0)]
    assert any("Đã nhập" in s.value for s in page.success)
    engine = store.make_engine(url)
    admin = Viewer("quantri", "Quản trị", "admin")
    history = store.import_history(engine, admin)
    kept = store.import_content(engine, admin, history[0]["id"])  # stored compressed, given back as it came
    engine.dispose()
    assert history[0]["filename"] == "bao-cao.csv" and history[0]["imported_by"] == "quantri"
    assert kept == ("bao-cao.csv", GOOD)
    shown = shown_tables(page)[-1]
    assert shown[i18n.IMPORT_COLUMNS["filename"]].iloc[0] == "bao-cao.csv"
    assert _buttons(page, i18n.IMPORT_COMMIT) == []
    page.selectbox(key="dtplan_import_pick").set_value(history[0]["id"]).run()
    assert any(b.proto.label == i18n.IMPORT_DOWNLOAD for b in page.get("download_button"))
    page.selectbox(key="dtplan_import_pick").set_value(history[-1]["id"]).run()  # the demo data: no raw file
    assert any(c.value == i18n.IMPORT_NO_RAW for c in page.caption)


# --- the admin page ----------------------------------------------------------------------------------


def test_admin_page_keeps_no_refused_batch_and_audits_it(app_factory, monkeypatch):
    monkeypatch.setenv("DTPLAN_TODAY", "2024-01-31")
    at = app_factory(user="quantri", page="pages/quan_tri_nhap_lieu.py")
    data = (KPI_HEADER + "\n" + "".join(f"2023-06,XYZ{i},T12,1,2,2023-06-20,\n" for i in range(500))).encode()
    uploader = next(u for u in at.file_uploader if u.label == i18n.IMPORT_UPLOAD)
    uploader.set_value([("sai.csv", data, "text/csv")])
    at.run()
    assert not at.exception, at.exception
    assert any(i18n.IMPORT_ERRORS.format(count=500) == e.value for e in at.error)
    # 201 lines (200 errors and the count of the rest), shown a page of PAGE_ROWS at a time
    listed = file_limits.MAX_ERRORS_PER_FILE + 1
    pages = -(-listed // web.PAGE_ROWS)
    assert len(shown_tables(at)[0]) == web.PAGE_ROWS
    total = i18n.number(listed, 0)
    assert any(f"trên tổng số {total} dòng ({pages} trang)" in c.value for c in at.caption)
    at.number_input(key="dtplan_import_errors_page").set_value(pages).run()
    last = shown_tables(at)[0]
    assert len(last) == listed - (pages - 1) * web.PAGE_ROWS
    assert "và 300 lỗi khác" in last[i18n.IMPORT_COLUMNS["message"]].iloc[-1]
    kept = at.session_state[state.IMPORT_BATCH][1]
    assert not isinstance(kept, ingest.Batch)  # no files' bytes, no tables: only the capped error list
    assert not hasattr(kept, "files")
    at.run()  # a rerun shows the same refusal without recording it again
    audit = json.loads(run_cli("audit", "--json", url=app_factory.database_url).stdout)
    refused = [a for a in audit if a["action"] == "import_refused"]
    assert len(refused) == 1
    assert refused[0]["actor"] == "quantri"
    assert refused[0]["detail"]["errors"] == 500


def test_a_shorter_list_opens_on_its_own_last_page(app_factory, monkeypatch):
    """The page number chosen for a long error list stays in range when the next file's list is shorter."""
    monkeypatch.setenv("DTPLAN_TODAY", "2024-01-31")
    at = app_factory(user="quantri", page="pages/quan_tri_nhap_lieu.py")

    def upload(name: str, bad_rows: int) -> None:
        data = KPI_HEADER + "\n" + "".join(f"2023-06,XYZ{i},T12,1,2,2023-06-20,\n" for i in range(bad_rows))
        uploader = next(u for u in at.file_uploader if u.label == i18n.IMPORT_UPLOAD)
        uploader.set_value([(name, data.encode(), "text/csv")])
        at.run()
        assert not at.exception, at.exception

    upload("dai.csv", 180)
    at.number_input(key="dtplan_import_errors_page").set_value(4).run()
    assert len(shown_tables(at)[0]) == 180 - 3 * web.PAGE_ROWS
    upload("ngan.csv", web.PAGE_ROWS + 7)  # two pages now: the last one is shown, not an error
    assert at.number_input(key="dtplan_import_errors_page").value == 2
    rows = shown_tables(at)[0][i18n.IMPORT_COLUMNS["row"]].tolist()
    assert rows == [str(r) for r in range(web.PAGE_ROWS + 2, web.PAGE_ROWS + 9)]  # data rows 52..58 of the file
