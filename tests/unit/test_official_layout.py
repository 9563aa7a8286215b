"""Where the Nghị định 30 layout puts things on the PDF page (positions read back with pypdf): issuing body
top-left, national motto top-right, place-and-date right, "Nơi nhận" bottom-left beside the signer right,
page numbers from page 2 only."""

import io

import pytest

from dtplan.domain.letterhead import default_letterhead
from dtplan.present import document as d
from dtplan.present.official_pdf import official_pdf

pypdf = pytest.importorskip("pypdf")
HALF = 595.28 / 2  # A4 width in points, halved


def _positions(page) -> list[tuple[str, float, float]]:
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((text.strip(), tm[4], tm[5]))

    page.extract_text(visitor_text=visit)
    return found


def _where(found, start: str) -> tuple[float, float]:
    return next((x, y) for text, x, y in found if text.startswith(start))


def test_heading_and_end_block_positions():
    head = default_letterhead("Tỉnh Ninh Bình", "Ninh Bình")
    doc = d.OfficialDocument(head, d.REPORT, "Số: …/BC-STTTT", "BÁO CÁO", "Tình hình", recipients=head.recipients)
    for i in range(12):  # enough to need a second page
        doc.add(f"Mục {i}", "Nội dung có dấu tiếng Việt: ắ ằ ẳ ẵ ặ ơ ư đ. " * 8)
    reader = pypdf.PdfReader(io.BytesIO(official_pdf(doc)))
    assert len(reader.pages) >= 2
    first = _positions(reader.pages[0])
    superior, motto = _where(first, "UBND TỈNH NINH BÌNH"), _where(first, "CỘNG HÒA XÃ HỘI")
    issuer, place = _where(first, "SỞ THÔNG TIN"), _where(first, "Ninh Bình, ngày")
    assert superior[0] < HALF < motto[0] and issuer[0] < HALF < place[0]
    assert abs(superior[1] - motto[1]) < 6 and superior[1] > _where(first, "BÁO CÁO")[1]
    assert not any(text == "1" for text, _, _ in first)  # no number on page 1
    second = _positions(reader.pages[1])
    assert second[0][0] == "2" and second[0][2] > max(y for _, _, y in second[1:])  # at the top
    last = _positions(reader.pages[-1])
    recipients, signer = _where(last, "Nơi nhận:"), _where(last, "GIÁM ĐỐC")
    assert recipients[0] < HALF < signer[0] and abs(recipients[1] - signer[1]) < 6
    assert "ắ ằ ẳ ẵ ặ" in reader.pages[0].extract_text()
