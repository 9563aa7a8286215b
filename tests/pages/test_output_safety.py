"""Text from files and users is shown literally (no emphasis, links or autolinks in st.table and
Markdown); a grid's CSV holds no formula; every file that leaves the server and every refused URL
parameter is in the audit log with who and when."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dtplan import i18n, store, web
from dtplan.store.models import AuditRow, ImportRow, KpiReportRow, TaskRow, UserRow
from tests.pages.conftest import link_tables, shown_tables

ROOT = Path(__file__).resolve().parents[2]
EVIL = "**đậm** [link](http://evil.example) www.evil.example"
FORMULA = '=HYPERLINK("http://evil.example", "Bấm")'
WJ = getattr(web, "WORD_JOINER", "\u2060")  # the joiner the page uses to split "://", "www." and "@"


def _literal(cell: str) -> bool:
    """No Markdown left in a cell: every * _ [ ] ` < > is escaped, and no "://", "www." or "@" is whole
    (a word joiner splits each, so nothing can be autolinked)."""
    unescaped = re.search(r"(?<!\\)[*_\[\]`<>]", cell)
    whole = re.search(r"(?<!" + WJ + r")://|(?<![\w.])www\.|(?<!" + WJ + ")@", cell, re.IGNORECASE)
    return not unescaped and not whole


@pytest.mark.parametrize(
    "text",
    [EVIL, "# tiêu đề", "- mục", "1. mục", "<b>x</b>", ":red[đỏ] :material/home:", "`mã`", "a@b.example", "~~x~~"],
)
def test_literal_markdown_leaves_no_markup(text):
    cell = web.literal_markdown(text)
    assert _literal(cell)
    assert not re.match(r"\s*(#|[-+*]\s|\d+[.)]\s)", cell)  # no heading or list
    assert "@" not in text or WJ + "@" in cell
    # What a reader sees is what was typed: drop the escapes and joiners and the text is back.
    assert re.sub(r"\\(.)", r"\1", cell).replace(WJ, "") == text


@pytest.mark.parametrize("text", ["T01.1", "12,5%", "30/06/2023 14:05", "Sở TT&TT", "-3,0", "1.234", "Quá hạn"])
def test_literal_markdown_keeps_ordinary_cells_as_they_are(text):
    assert web.literal_markdown(text) == text


def _poison(url: str) -> None:
    """An imported note and task titles carrying Markdown and a formula; a user whose name is both."""
    engine = store.make_engine(url)
    with Session(engine) as session, session.begin():
        session.execute(update(TaskRow).where(TaskRow.code == "PL01-01").values(title=EVIL))
        session.execute(update(TaskRow).where(TaskRow.code == "VI-03").values(title=FORMULA))
        first = session.scalars(
            select(KpiReportRow.id).where(KpiReportRow.kpi_code == "T12", KpiReportRow.period == "2023-06")
        ).first()
        session.execute(update(KpiReportRow).where(KpiReportRow.id == first).values(note=EVIL))
        session.execute(update(UserRow).where(UserRow.username == "lanhdao").values(full_name=f"{FORMULA} {EVIL}"))
    engine.dispose()


def _cells(at) -> list[str]:
    return [c for t in at.table for c in t.value.astype(str).values.ravel().tolist() + list(t.value.index.astype(str))]


def test_imported_text_is_literal_in_every_table_and_line(app_factory):
    _poison(app_factory.database_url)
    at = app_factory(user="lanhdao", page="pages/chi_tieu.py", query={"as_of": "2023-06", "kpi": "T12"})
    visits = [
        ("pages/chi_tieu.py", {"as_of": "2023-06", "kpi": "T12"}),
        ("pages/dia_ban.py", {"as_of": "2023-06", "unit": "372"}),
        ("pages/don_vi.py", {"as_of": "2023-06", "unit": "STTTT"}),
        ("pages/nhiem_vu.py", {"as_of": "2023-06", "task": "PL01-01"}),
    ]
    for page, query in visits:
        at.query_params.clear()
        at.query_params.update(query)
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        poisoned = [c for c in _cells(at) if "evil" in c]
        if page != "pages/nhiem_vu.py":
            assert poisoned, page  # the text is there, shown ...
        for cell in poisoned:
            assert _literal(cell), (page, cell)  # ... as typed
        lines = [str(e.value) for kind in ("markdown", "caption", "title") for e in getattr(at, kind)]
        # A table of links is HTML: it parsed, so no cell added markup, and each cell reads back as typed.
        lines = [line for line in lines if not line.startswith("<div data-dt-table>")]
        linked = [c for table in link_tables(at) for c in table["frame"].values.ravel().tolist() if "evil" in c]
        assert all(c.removeprefix(f"[{i18n.ILLUSTRATIVE}] ") in (EVIL, FORMULA) for c in linked), linked
        for line in lines:
            if "evil" in line:
                # The page's own bold around a title is its markup; everything inside must be literal.
                inner = re.sub(r"\\([.:])", r"\1", line.removeprefix("**").removesuffix("**"))
                assert _literal(inner), (page, line)
    assert any("evil" in line for line in lines)  # the task's title line on /nhiem_vu?task=PL01-01
    sidebar = [str(e.value) for e in at.sidebar.caption]
    assert any("đậm" in s and "\\*\\*" in s and WJ + "\\://" in s for s in sidebar), sidebar


def test_lists_are_tables_with_text_as_typed_and_no_grid(app_factory):
    """No page draws an st.dataframe grid (whose "Download as CSV" would hand a formula to a spreadsheet):
    the task list is a table of links, the accounts a static table, each showing the text as typed."""
    _poison(app_factory.database_url)
    at = app_factory(user="quantri", page="pages/nhiem_vu.py", query={"as_of": "2023-06"})
    assert not at.exception, at.exception
    assert not at.dataframe
    (tasks,) = link_tables(at)
    titles = [c.removeprefix(f"[{i18n.ILLUSTRATIVE}] ") for c in tasks["frame"].values.ravel().tolist()]
    assert FORMULA in titles and EVIL in titles  # escaped in the HTML, read back as typed
    assert tasks["targets"] == {"_self"}
    at.query_params.clear()
    at.switch_page("pages/quan_tri_nguoi_dung.py").run()
    assert not at.exception, at.exception
    assert not at.dataframe
    names = [c for frame in shown_tables(at) for c in frame.astype(str).values.ravel()]
    assert f"{FORMULA} {EVIL}" in names


def test_pages_reach_tables_grids_and_downloads_only_through_ui():
    """One place each: a page that calls st.table, st.dataframe or st.download_button itself would skip
    the literal text, the formula rule or the audit."""
    offenders = []
    for path in [*sorted((ROOT / "pages").glob("*.py")), ROOT / "app.py"]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"\bst\.(dataframe|data_editor|download_button)\(", line):
                offenders.append(f"{path.name}:{number}")
            if re.search(r"\bst\.table\(", line) and "literal_frame(" not in line:
                offenders.append(f"{path.name}:{number}")
    assert not offenders, offenders


# --- audit: downloads and refused URL parameters -------------------------------------------------------------


def _audit(url: str, action: str) -> list[dict]:
    engine = store.make_engine(url)
    with Session(engine) as session:
        rows = [
            {"actor": r.actor, "at": r.at, "detail": json.loads(r.detail or "{}")}
            for r in session.scalars(select(AuditRow).where(AuditRow.action == action).order_by(AuditRow.id))
        ]
    engine.dispose()
    return rows


def test_a_page_xlsx_is_audited_when_clicked_not_when_shown(app_factory, downloads):
    at = app_factory(user="nhoquan", page="pages/nhiem_vu.py", query={"as_of": "2023-06"})
    assert not at.exception, at.exception
    button = [d for d in downloads if d["label"] == i18n.DOWNLOAD_XLSX][-1]
    assert _audit(app_factory.database_url, "download") == []  # shown, not taken
    before = dt.datetime.now().replace(microsecond=0)
    assert callable(button["data"])  # Streamlit runs it when the button is clicked
    button["data"]()
    rows = _audit(app_factory.database_url, "download")
    assert len(rows) == 1
    assert rows[0]["actor"] == "nhoquan" and rows[0]["at"] >= before
    detail = rows[0]["detail"]
    assert (detail["file"], detail["page"], detail["scope"], detail["kind"]) == (
        button["file_name"],
        "tasks",
        "372",
        "page_xlsx",
    )


def test_template_and_raw_file_downloads_are_audited(app_factory, downloads):
    engine = store.make_engine(app_factory.database_url)
    with Session(engine) as session, session.begin():
        session.add(
            ImportRow(
                filename="bao-cao-372.csv",
                sha256="0" * 64,
                kind="kpi",
                imported_by="quantri",
                imported_at=dt.datetime(2030, 1, 1, 8, 0),
                outcome="accepted",
                rows=1,
                content=b"period,unit_code\n",
                summary="",
            )
        )
    engine.dispose()
    at = app_factory(user="quantri", page="pages/quan_tri_nhap_lieu.py", query={"as_of": "2023-06"})
    assert not at.exception, at.exception
    template = next(d for d in downloads if d["label"] == i18n.IMPORT_TEMPLATE_DOWNLOAD)
    raw = [d for d in downloads if d["label"] == i18n.IMPORT_DOWNLOAD]
    assert _audit(app_factory.database_url, "download") == []
    template["data"]()
    assert raw and raw[-1]["data"]() == b"period,unit_code\n"
    rows = _audit(app_factory.database_url, "download")
    assert [(r["actor"], r["detail"]["kind"]) for r in rows] == [("quantri", "template"), ("quantri", "raw_file")]
    assert rows[1]["detail"]["file"] == "bao-cao-372.csv"


def test_refused_url_parameters_are_audited_once(app_factory):
    at = app_factory(user="nhoquan", page="pages/tong_quan.py", query={"unit": "373", "as_of": "2020-13"})
    at.run()  # the refused unit stays in the URL and is refused again: one audit row, not one per rerun
    rows = _audit(app_factory.database_url, "url_refused")
    refused = sorted((r["actor"], r["detail"]["param"], r["detail"]["value"]) for r in rows)
    assert ("nhoquan", "unit", "373") in refused
    assert ("nhoquan", "as_of", "2020-13") in refused
    assert len([r for r in refused if r[1] == "unit"]) == 1
    assert all(r["detail"]["page"] for r in rows)


def test_a_page_refused_to_a_role_is_audited(app_factory):
    at = app_factory(user="lanhdao", page="pages/quan_tri_nguoi_dung.py")
    assert any(i18n.PAGE_FORBIDDEN in str(e.value) for e in at.error)
    rows = _audit(app_factory.database_url, "url_refused")
    assert [(r["actor"], r["detail"]["param"], r["detail"]["value"]) for r in rows] == [("lanhdao", "page", "users")]
