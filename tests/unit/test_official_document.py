"""The office documents' pure parts: the plan file's `document` keys, the section list, the fixed lines of
the Nghị định 30 layout, and what a unit owes."""

import pytest

from dtplan import i18n
from dtplan.domain.catalog import load_catalog
from dtplan.domain.letterhead import default_letterhead, parse_letterhead
from dtplan.domain.plan_fields import CatalogError
from dtplan.present import document as d
from dtplan.present.tables import Table
from dtplan.read.reminders import owed_from


def test_defaults_come_from_the_plan_province():
    catalog = load_catalog()
    head = catalog.letterhead
    assert head.superior.upper() == "UBND TỈNH NINH BÌNH"
    assert head.issuer.upper() == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" and head.issuer_short == "STTTT"
    assert head.place == catalog.province.short
    other = default_letterhead("Tỉnh Hà Nam", "Hà Nam")
    assert other.superior == "UBND tỉnh Hà Nam" and other.place == "Hà Nam"


def test_document_keys_are_read_and_checked():
    head = parse_letterhead(
        {"issuer": "Sở Khoa học và Công nghệ", "issuer_short": "SKHCN", "recipients": ["Bộ KH&CN"]},
        "Tỉnh Ninh Bình",
        "Ninh Bình",
    )
    assert (head.issuer, head.issuer_short, head.recipients) == ("Sở Khoa học và Công nghệ", "SKHCN", ("Bộ KH&CN",))
    assert head.superior == "UBND tỉnh Ninh Bình"  # the default where the key is absent
    for raw, key in (
        ({"issuer_short": "SỞ TT"}, "document.issuer_short"),
        ({"recipients": "UBND tỉnh"}, "document.recipients"),
        ({"signer": 5.5}, "document.signer"),
        ({"sign": "x"}, "document.sign"),
        ("UBND", "document"),
    ):
        with pytest.raises(CatalogError, match=key.replace(".", r"\.")):
            parse_letterhead(raw, "Tỉnh Ninh Bình", "Ninh Bình")


def _doc(kind=d.REPORT, addressees=()):
    head = default_letterhead("Tỉnh Ninh Bình", "Ninh Bình")
    return d.OfficialDocument(
        head, kind, "Số: …/BC-STTTT", "BÁO CÁO", "Tình hình", addressees=addressees, recipients=head.recipients
    )


def test_a_section_is_one_call_and_hooks_land_before_their_anchor():
    doc = _doc()
    doc.add("Tổng hợp", "Câu một.", key="summary")
    doc.add("Ý kiến", "Không có.", key="notes")
    doc.add("Kết luận", Table(["Mã", "Số"], [["T01", 1.5], ["T02", None]]), key="directives", before="notes")
    doc.add("Cuối", "x", before="khong-co")  # an unknown anchor appends
    assert [s.key for s in doc.sections] == ["summary", "directives", "notes", ""]
    table = doc.section("directives").blocks[0]
    assert table.rows == (("T01", "1.5"), ("T02", "")) and table.column_weights() == (1.0, 1.0)
    lines = d.document_lines(doc)
    assert lines[:3] == ["UBND TỈNH NINH BÌNH", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Số: …/BC-STTTT"]
    assert i18n.DOC_MOTTO in lines and i18n.DOC_MOTTO_SUB in lines
    assert "Ninh Bình, ngày … tháng … năm …" in lines
    assert lines.index("1. Tổng hợp") < lines.index("2. Kết luận") < lines.index("3. Ý kiến")
    assert lines[-5:] == ["Nơi nhận:", "- UBND tỉnh (để báo cáo);", "- Ban Chỉ đạo chuyển đổi số tỉnh;",
                          "- Lưu: VT, STTTT.", "GIÁM ĐỐC"]  # fmt: skip


def test_letter_addressees():
    assert d.addressee_lines(_doc(d.LETTER, ("Sở Tài chính",))) == ["Kính gửi: Sở Tài chính."]
    assert d.addressee_lines(_doc(d.LETTER, ("Sở A", "Sở B"))) == ["Kính gửi:", "- Sở A;", "- Sở B."]


def _row(unit, period, status, submitted=None):
    return {"unit": unit, "period": period, "due": f"{period}-25", "submitted_at": submitted, "status": status}


def test_owed_lists_missing_months_and_this_months_late_report():
    rows = [
        _row("A", "2023-01", "late", "2023-01-28"),  # an earlier late report is settled
        _row("A", "2023-02", "on_time", "2023-02-20"),
        _row("B", "2023-01", "missing"),
        _row("B", "2023-02", "late", "2023-02-27"),
        _row("C", "2023-01", "on_time", "2023-01-20"),
        _row("C", "2023-02", "not_due"),
        _row("D", "2023-03", "missing"),  # after the month asked for
    ]
    owed = owed_from(rows, "2023-02")
    assert [e["unit"] for e in owed] == ["B"]
    assert owed[0]["missing"] == ["2023-01"] and [r["period"] for r in owed[0]["late"]] == ["2023-02"]


def test_a_units_brief_is_issued_by_that_unit():
    from dtplan.domain.letterhead import unit_letterhead

    base = parse_letterhead({"recipients": ["Sở Thông tin và Truyền thông (tổng hợp)"]}, "Tỉnh Ninh Bình", "Ninh Bình")
    district = unit_letterhead(base, "district", "Huyện Nho Quan", "372", "Nho Quan")
    assert (district.superior, district.issuer, district.issuer_short, district.place) == (
        "", "UBND huyện Nho Quan", "UBND", "Nho Quan"
    )  # fmt: skip
    agency = unit_letterhead(base, "agency", "Sở Nội vụ", "SNV", "Sở Nội vụ")
    assert (agency.superior, agency.issuer.upper(), agency.issuer_short) == ("UBND tỉnh Ninh Bình", "SỞ NỘI VỤ", "SNV")
    for head in (district, agency):  # the plan's recipients may name the office: not in a unit's file
        assert not any("Thông tin" in r for r in head.recipients)
    doc = d.OfficialDocument(district, d.REPORT, "Số: …/BC-UBND", "BÁO CÁO", "x", recipients=district.recipients)
    assert d.document_lines(doc)[:2] == ["UBND HUYỆN NHO QUAN", "Số: …/BC-UBND"]
