"""dtplan.present.xlsx: numbers stay numbers, dates are dates, headers bold, titles legal, formulas impossible."""

import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from dtplan.present.xlsx import DEMO_MARKER, INFO_SHEET, Sheet, safe_text, sheet_title, workbook_bytes


def _load(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_numbers_dates_formats_and_headers():
    sheet = Sheet(
        "Chỉ tiêu",
        ["Mã", "Thực hiện", "Số", "Ngày", "Lúc"],
        [
            ["T01", 93.456, 12, dt.date(2023, 6, 30), dt.datetime(2023, 7, 4, 9, 30)],
            ["T02", None, 0, None, None],
        ],
        number_formats={1: "0.0", 2: "#,##0"},
    )
    wb = _load(workbook_bytes([sheet]))
    assert wb.sheetnames == ["Chỉ tiêu"]
    ws = wb["Chỉ tiêu"]
    assert [c.value for c in ws[1]] == ["Mã", "Thực hiện", "Số", "Ngày", "Lúc"]
    assert all(c.font.bold for c in ws[1])
    assert ws["B2"].value == pytest.approx(93.456) and ws["B2"].data_type == "n"
    assert ws["B2"].number_format == "0.0"
    assert ws["C2"].value == 12 and ws["C2"].number_format == "#,##0"
    assert ws["D2"].value == dt.datetime(2023, 6, 30) and ws["D2"].is_date
    assert ws["D2"].number_format == "dd/mm/yyyy"
    assert ws["E2"].value == dt.datetime(2023, 7, 4, 9, 30)
    assert ws["B3"].value is None
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width >= 8


def test_formula_like_text_is_neutralised():
    evil = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x", '=HYPERLINK("http://x")']
    sheet = Sheet("=bad", ["=h"], [[v] for v in evil] + [["bình thường"], [-5]])
    wb = _load(workbook_bytes([sheet]))
    ws = wb.worksheets[0]
    values = [c.value for c in ws["A"]]
    assert values[0] == "'=h"
    for cell, original in zip(ws["A"][1 : len(evil) + 1], evil, strict=True):
        assert cell.data_type == "s"
        # A bare CR comes back as LF without lxml (openpyxl's own XML writer) and as CR with it.
        assert cell.value.replace("\r", "\n") == "'" + original.replace("\r", "\n")
    assert values[-2] == "bình thường"
    assert values[-1] == -5  # a negative number is a number, not text
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=20), min_size=1, max_size=5))
def test_no_text_ever_becomes_a_formula(texts):
    wb = _load(workbook_bytes([Sheet("x", ["a"], [[t] for t in texts])]))
    for cell in wb.worksheets[0]["A"]:
        assert cell.data_type != "f"
        if isinstance(cell.value, str):
            assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_sheet_titles_are_sanitised_and_unique():
    taken: set[str] = set()
    a = sheet_title("Báo cáo [2023]: tháng 6/12 * ? \\ rất dài hơn ba mươi mốt ký tự", taken)
    assert len(a) <= 31 and not set("[]:*?/\\") & set(a)
    b = sheet_title("Báo cáo [2023]: tháng 6/12 * ? \\ rất dài hơn ba mươi mốt ký tự", taken)
    assert b != a and len(b) <= 31
    assert sheet_title("", set()) == "Sheet"
    data = workbook_bytes([Sheet("a/b", ["x"], []), Sheet("a/b", ["x"], [])])
    assert _load(data).sheetnames == ["a-b", "a-b (2)"]


def test_demo_marker_and_caption():
    data = workbook_bytes([Sheet("Chỉ tiêu", ["Mã"], [["T01"]])], demo=True, caption="Kế hoạch 194 — Tháng 6/2023")
    wb = _load(data)
    assert wb.sheetnames == [INFO_SHEET, "Chỉ tiêu"]
    info = [c.value for c in wb[INFO_SHEET]["A"]]
    assert info[0] == DEMO_MARKER and "Kế hoạch 194 — Tháng 6/2023" in info
    assert DEMO_MARKER in wb["Chỉ tiêu"].oddHeader.center.text
    plain = _load(workbook_bytes([Sheet("Chỉ tiêu", ["Mã"], [["T01"]])]))
    assert plain.sheetnames == ["Chỉ tiêu"]


def test_control_characters_do_not_break_the_file():
    assert safe_text("a\x00b\x07c") == "abc"
    wb = _load(workbook_bytes([Sheet("x", ["a"], [["a\x01b"], [float("nan")]])]))
    assert wb.worksheets[0]["A2"].value == "ab"
    assert wb.worksheets[0]["A3"].value is None
