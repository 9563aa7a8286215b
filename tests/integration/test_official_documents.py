"""The brief and the reminder letter as office documents: the PDF (pypdf) and the DOCX (python-docx) carry
the same text, the scorecard and directives hooks take real tables, a unit never gets another unit's name,
and `export brief --out FILE.docx` writes the DOCX while .pdf stays as the contract says."""

import datetime as dt
import io
import re

import pytest

from dtplan import i18n, store
from dtplan.domain.access import AccessDenied, Viewer, province_scope, unit_scope
from dtplan.present import brief, document, official_docx, official_pdf, reminder
from dtplan.read import meeting, views
from dtplan.read.reminders import owed_reports
from tests.conftest import run_cli

TODAY = dt.date(2024, 1, 15)
LEADER = Viewer("lanhdao", "Lãnh đạo", "leader")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return _flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = []

    def walk(container):
        for block in container.iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    for cell in row.cells:
                        walk(cell)
            else:
                parts.append(block.text)

    walk(doc)
    return _flat(" ".join(parts))


def assert_same_text(doc: document.OfficialDocument) -> tuple[str, str]:
    pdf, docx = pdf_text(official_pdf.official_pdf(doc)), docx_text(official_docx.official_docx(doc))
    # A narrow PDF cell wraps inside a word ("31/12/20 23"): compare without white space.
    squeezed = re.sub(r"\s+", "", pdf)
    for line in document.document_lines(doc):
        assert _flat(line) in docx, line
        assert re.sub(r"\s+", "", line) in squeezed, line
    return pdf, docx


@pytest.fixture
def catalog(demo_engine):
    return store.read_catalog(demo_engine)


def test_brief_pdf_and_docx_carry_the_same_text_with_real_scorecard_and_directives(demo_engine, catalog):
    from dtplan.store import directives

    scope = province_scope(catalog)
    text = "Huyện Nho Quan đẩy nhanh hồ sơ trực tuyến toàn trình"
    directives.add_directive(demo_engine, catalog, LEADER, "kpi:T12", "372", "2023-07-31", text, "2023-06")
    # The meeting bundle carries the real scorecards (agencies, districts) and the directives.
    data = meeting.meeting_data(demo_engine, catalog, scope, "2023-06", today=TODAY)
    assert set(data["scorecards"]) == {"agency", "district"} and data["directives"]
    doc = brief.brief_document(data, catalog, scope)
    keys = [s.key for s in doc.sections]
    assert keys.index("kpis") < keys.index("scorecard") < keys.index("ranking")
    assert keys.index("directives") == keys.index("notes") - 1
    pdf, docx = assert_same_text(doc)
    districts = [u for u in catalog.units if u.kind == "district"]
    assert districts[0].short in pdf and districts[-1].short in docx
    assert i18n.SCORECARD_SHEET["district"] in pdf and i18n.SCORECARD_SHEET["agency"] in docx
    assert _flat(text) in _flat(pdf) and text in docx
    assert "Xếp hạng các sở, ban, ngành" in pdf and catalog.unit("STTTT").name in pdf  # finding 8: who lags
    # Vietnamese diacritics survive both files; the layout's fixed lines are there.
    for word in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Nơi nhận:", "Lưu: VT, STTTT."):
        assert word in pdf and word in docx


def test_december_brief_has_no_projection(demo_engine, catalog):
    scope = province_scope(catalog)
    data = meeting.meeting_data(demo_engine, catalog, scope, "2023-12", today=TODAY)
    section = brief.brief_document(data, catalog, scope).section("projection")
    assert section.blocks == [i18n.DOC_PROJECTION_DECEMBER]


def test_reminder_letter_names_the_units_that_owe_and_is_refused_to_units(demo_engine, catalog):
    owed = owed_reports(demo_engine, catalog, province_scope(catalog), "2023-06", today=TODAY)
    assert owed, "the demo data has missing reports"
    doc = reminder.reminder_document(catalog, LEADER, owed, "2023-06", demo=True)
    _, docx = assert_same_text(doc)
    for entry in owed:
        assert catalog.unit(entry["unit"]).name in docx
    assert doc.number == "Số: …/STTTT-…" and doc.subject.startswith("V/v đôn đốc")
    on_time = {r["unit"] for r in views.compliance_table(demo_engine, catalog, province_scope(catalog), "2023-06",
               today=TODAY)} - {e["unit"] for e in owed}  # fmt: skip
    assert all(catalog.unit(u).name not in doc.addressees for u in on_time)
    # A unit user: its scope returns only its own debts, and the letter itself is refused.
    unit = next(e["unit"] for e in owed if catalog.unit(e["unit"]).kind == "district")
    own = owed_reports(demo_engine, catalog, unit_scope(catalog, unit), "2023-06", today=TODAY)
    assert {e["unit"] for e in own} == {unit}
    with pytest.raises(AccessDenied):
        reminder.reminder_document(catalog, Viewer("u", "U", "unit", unit), own, "2023-06", demo=True)


def test_cli_brief_docx_and_pdf(demo_sqlite_url, tmp_path):
    env = {"DTPLAN_TODAY": "2024-01-15"}
    out = tmp_path / "bao-cao.docx"
    result = run_cli("export", "brief", "--as-of", "2023-06", "--unit", "372", "--out", str(out), "--as", "nhoquan",
                     url=demo_sqlite_url, env=env)  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = docx_text(out.read_bytes())
    assert "BÁO CÁO" in text and "Huyện Nho Quan" in text and "Huyện Kim Sơn" not in text
    assert "UBND HUYỆN NHO QUAN" in text and "STTTT" not in text and "THÔNG TIN VÀ TRUYỀN THÔNG" not in text
    pdf = tmp_path / "bao-cao.pdf"
    result = run_cli("export", "brief", "--as-of", "2023-06", "--out", str(pdf), url=demo_sqlite_url, env=env)
    assert result.returncode == 0 and pdf.read_bytes().startswith(b"%PDF")


def _plan_with(tmp_path, document) -> str:
    import yaml

    from dtplan.domain.catalog import DEFAULT_PLAN_PATH

    plan = yaml.safe_load(DEFAULT_PLAN_PATH.read_text(encoding="utf-8"))
    plan["document"] = document
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_the_plan_files_document_keys_survive_the_database(empty_db_url, tmp_path):
    keys = {"issuer": "Sở Khoa học và Công nghệ", "issuer_short": "SKHCN", "recipients": ["Bộ Khoa học và Công nghệ"]}
    result = run_cli("init", "--plan", _plan_with(tmp_path, keys), url=empty_db_url)
    assert result.returncode == 0, result.stderr
    engine = store.make_engine(empty_db_url)
    try:
        head = store.read_catalog(engine).letterhead
    finally:
        engine.dispose()
    assert (head.issuer, head.issuer_short, head.recipients) == (keys["issuer"], "SKHCN", ("Bộ Khoa học và Công nghệ",))
    assert head.superior == "UBND tỉnh Ninh Bình" and head.place == "Ninh Bình"  # defaults from the province
    bad = run_cli("init", "--plan", _plan_with(tmp_path, {"issuer_short": "SỞ KH"}), url=empty_db_url)
    assert bad.returncode == 1 and "document.issuer_short" in bad.stderr and "Traceback" not in bad.stderr
