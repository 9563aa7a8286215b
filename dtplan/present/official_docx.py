"""An OfficialDocument (dtplan.present.document) as an editable DOCX (python-docx), in the same layout and
with the same text as the PDF: Times New Roman 13 pt, A4 with margins 20/15/20/30 mm, the heading as a
borderless two-column table (issuing body | national motto) with short rules drawn as paragraph borders,
page numbers from page 2 centred in the header, "Nơi nhận" beside the signer at the end."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from dtplan import i18n
from dtplan.present import document as d
from dtplan.present.palette import DEMO, rgb

FONT = "Times New Roman"
BODY, SMALL, TABLE, NOTE = Pt(13), Pt(12), Pt(11), Pt(11)
CENTER, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY


def _para(container, text: str, size=BODY, bold=False, italic=False, align=JUSTIFY, after: float = 3):
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(0)
    run = p.add_run(text)
    run.font.size, run.font.bold, run.font.italic = size, bold, italic
    return p


def _rule_under(p, width_mm: float, column_mm: float) -> None:
    """A short rule under a centred heading line: the bottom border of an empty paragraph indented so that
    it is `width_mm` long (Word has no other way to draw a line that moves with the text)."""
    rule = p._parent.add_paragraph()
    side = max(0.0, (column_mm - width_mm) / 2)
    rule.paragraph_format.left_indent = Mm(side)
    rule.paragraph_format.right_indent = Mm(side)
    rule.paragraph_format.space_after = Pt(6)
    rule.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    rule._p.get_or_add_pPr().append(borders)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _first(cell):
    """The cell's own empty first paragraph, reused so the cell holds no blank line."""
    return cell.paragraphs[0]


def _cell_para(cell, text, size=BODY, bold=False, italic=False, align=CENTER):
    p = _first(cell) if not _first(cell).text and len(cell.paragraphs) == 1 and not cell._used else None
    if p is None:
        return _para(cell, text, size, bold, italic, align, after=0)
    cell._used = True
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run(text)
    run.font.size, run.font.bold, run.font.italic = size, bold, italic
    return p


def _page_numbers(section) -> None:
    """PAGE field centred in the header, hidden on the first page (Nghị định 30)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    p._p.append(field)


def _heading(doc: d.OfficialDocument, out) -> None:
    superior, issuer = d.head_lines(doc)
    table = out.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(80), Mm(95)
    for cell in (left, right):
        cell._used = False
    if superior:  # a district's UBND has no superior line
        _cell_para(left, superior)
    p = _cell_para(left, issuer, bold=True)
    _rule_under(p, 25, 80)
    _cell_para(left, doc.number)
    if doc.kind == d.LETTER and doc.subject:
        _cell_para(left, doc.subject, size=SMALL)
    _cell_para(right, i18n.DOC_MOTTO, size=SMALL, bold=True)
    p = _cell_para(right, i18n.DOC_MOTTO_SUB, bold=True)
    _rule_under(p, 62, 95)
    _cell_para(right, d.place_date(doc), italic=True)


def _table(out, table: d.DocTable) -> None:
    weights = table.column_weights()
    total = sum(weights)
    grid = out.add_table(rows=1 + len(table.rows), cols=len(table.headers))
    grid.style = "Table Grid"
    grid.autofit = False
    for row_index, values in enumerate([table.headers, *table.rows]):
        row = grid.rows[row_index]
        if row_index == 0:  # repeat the header row on every page
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            row._tr.get_or_add_trPr().append(header)
        for col, value in enumerate(values):
            cell = row.cells[col]
            cell.width = Mm(165 * weights[col] / total)
            p = cell.paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            run = p.add_run(value)
            run.font.size, run.font.bold = TABLE, row_index == 0
    out.add_paragraph().paragraph_format.space_after = Pt(0)


def _blocks(out, blocks) -> None:
    for block in blocks:
        if isinstance(block, str):
            p = _para(out, block)
            p.paragraph_format.first_line_indent = Mm(10)
        else:
            _table(out, block)


def official_docx(doc: d.OfficialDocument, made_at: dt.datetime | None = None) -> bytes:
    out = Document()
    style = out.styles["Normal"]
    style.font.name, style.font.size = FONT, BODY
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = out.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _page_numbers(section)
    props = out.core_properties
    props.title = doc.meta_title or doc.title or doc.subject
    props.author = doc.letterhead.issuer
    props.created = made_at or dt.datetime.now()
    _heading(doc, out)
    if doc.demo:
        run = _para(out, i18n.BRIEF_DEMO, SMALL, bold=True, align=CENTER).runs[0]
        run.font.color.rgb = RGBColor(*rgb(DEMO))
    if doc.kind == d.REPORT:
        _para(out, doc.title, Pt(14), bold=True, align=CENTER, after=0)
        _para(out, doc.subject, Pt(14), bold=True, align=CENTER, after=12)
    else:
        lines = d.addressee_lines(doc)
        if len(lines) == 1:
            _para(out, lines[0], align=CENTER, after=6)
        else:
            _para(out, lines[0], align=LEFT, after=0).paragraph_format.left_indent = Mm(25)
            for line in lines[1:]:
                _para(out, line, align=LEFT, after=0).paragraph_format.left_indent = Mm(45)
            _para(out, "", after=3)
    _blocks(out, doc.intro)
    for index, sec in enumerate(doc.sections, start=1):
        _para(out, d.section_heading(index, sec), bold=True, align=LEFT, after=3)
        _blocks(out, sec.blocks)
    _blocks(out, doc.closing)
    end = out.add_table(rows=1, cols=2)
    end.autofit = False
    _no_borders(end)
    left, right = end.rows[0].cells
    left.width, right.width = Mm(85), Mm(80)
    for cell in (left, right):
        cell._used = False
    _cell_para(left, i18n.DOC_RECIPIENTS, SMALL, bold=True, italic=True, align=LEFT)
    for line in d.recipient_lines(doc):
        _cell_para(left, line, NOTE, align=LEFT)
    for line in d.signer_lines(doc):
        _cell_para(right, line, bold=True)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
