"""An OfficialDocument (dtplan.present.document) as a PDF in the layout of Nghị định 30/2020/NĐ-CP: A4,
margins 20/15/20/30 mm, the heading in two columns (issuing body left, national motto right, each with its
short rule), number and place-and-date, title, numbered sections, then "Nơi nhận" bottom-left beside the
signer bottom-right; page numbers from page 2, centred in the top margin.

Nghị định 30 asks for Times New Roman; the repository cannot ship it, so the PDF embeds DejaVu Serif
Condensed (shipped in dtplan/present/fonts: full Vietnamese coverage, about as narrow as Times). The DOCX
names Times New Roman, which the office's Word has.
"""

from __future__ import annotations

import datetime as dt

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from dtplan import i18n
from dtplan.present import document as d
from dtplan.present.pdf import DEMO_RGB, FONT_DIR

SERIF = "DejaVuSerifCondensed"
SYMBOLS = "DejaVuSans"
BODY = 13.0  # pt, Nghị định 30: 13–14
SMALL = 12.0  # the motto's first line, "V/v", "Nơi nhận" heading
TABLE = 10.0  # tables are not governed by the decree; 10 pt keeps a 5-column table on A4
NOTE = 11.0  # the recipients' lines
LEFT_COL = 72.0  # mm: the issuing body's column
LINE = 0.3527 * 1.35  # mm per pt of a line (1.35 line spacing)


class OfficialPdf(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        for style, face in (("", ""), ("B", "-Bold"), ("I", "-Italic"), ("BI", "-BoldItalic")):
            self.add_font(SERIF, style, str(FONT_DIR / f"DejaVuSerifCondensed{face}.ttf"))
        # The status symbols (✔ ✖) are not in DejaVu Serif: drawn from the shipped DejaVu Sans.
        self.add_font(SYMBOLS, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(SYMBOLS, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_fallback_fonts([SYMBOLS])
        self.set_margins(30, 20, 15)
        self.set_auto_page_break(True, margin=20)

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(SERIF, "", BODY)
        self.set_xy(self.l_margin, 9)
        self.cell(self.epw, 6, str(self.page_no()), align="C")
        self.set_xy(self.l_margin, self.t_margin)

    def lines(self, text: str, size: float = BODY, style: str = "", align: str = "J", w: float = 0, x=None) -> None:
        self.set_font(SERIF, style, size)
        if x is not None:
            self.set_x(x)
        self.multi_cell(w, size * LINE, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def rule(self, cx: float, width: float) -> None:
        self.set_line_width(0.3)
        self.line(cx - width / 2, self.get_y() + 1.4, cx + width / 2, self.get_y() + 1.4)


def _fit(pdf: OfficialPdf, text: str, style: str, size: float, width: float) -> float:
    """The largest size ≤ `size` at which `text` fits on one line of `width`."""
    while size > 8:
        pdf.set_font(SERIF, style, size)
        if pdf.get_string_width(text) <= width - 2 * pdf.c_margin:
            break
        size -= 0.5
    return size


def _heading(pdf: OfficialPdf, doc: d.OfficialDocument) -> None:
    superior, issuer = d.head_lines(doc)
    left_w, right_x = LEFT_COL, pdf.l_margin + LEFT_COL + 2
    right_w = pdf.w - pdf.r_margin - right_x
    top = pdf.get_y()
    # Left column: issuing body, its rule, the number (and a letter's subject line).
    x = pdf.l_margin - 12  # the decree's layout lets the heading use part of the wide left margin
    left_w += 12
    pdf.set_xy(x, top)
    if superior:  # a district's UBND has no superior line
        pdf.lines(superior, _fit(pdf, superior, "", BODY, left_w), "", "C", left_w, x)
    pdf.lines(issuer, _fit(pdf, issuer, "B", BODY, left_w), "B", "C", left_w, x)
    pdf.set_font(SERIF, "B", BODY)
    pdf.rule(x + left_w / 2, min(pdf.get_string_width(issuer), left_w) / 3)
    pdf.ln(3)
    pdf.lines(doc.number, BODY, "", "C", left_w, x)
    if doc.kind == d.LETTER and doc.subject:
        pdf.lines(doc.subject, SMALL, "", "C", left_w, x)
    bottom_left = pdf.get_y()
    # Right column: national motto, its rule, the place and date.
    pdf.set_xy(right_x, top)
    pdf.lines(i18n.DOC_MOTTO, _fit(pdf, i18n.DOC_MOTTO, "B", SMALL, right_w), "B", "C", right_w, right_x)
    pdf.lines(i18n.DOC_MOTTO_SUB, BODY, "B", "C", right_w, right_x)
    pdf.set_font(SERIF, "B", BODY)
    pdf.rule(right_x + right_w / 2, pdf.get_string_width(i18n.DOC_MOTTO_SUB))
    pdf.ln(3 + (SMALL * LINE if doc.kind == d.REPORT else 0))
    pdf.lines(d.place_date(doc), BODY, "I", "C", right_w, right_x)
    pdf.set_y(max(bottom_left, pdf.get_y()) + 4)


def _table(pdf: OfficialPdf, table: d.DocTable) -> None:
    weights = table.column_weights()
    total = sum(weights)
    pdf.set_font(SERIF, "", TABLE)
    pdf.set_line_width(0.2)
    with pdf.table(
        col_widths=tuple(w / total * pdf.epw for w in weights),
        width=pdf.epw,
        align="LEFT",
        headings_style=FontFace(emphasis="BOLD"),
        line_height=TABLE * 0.45,
        text_align="LEFT",
        repeat_headings=1,
        padding=(0.8, 1.2),
        v_align="TOP",
    ) as grid:
        grid.row(list(table.headers))
        for row in table.rows:
            grid.row(list(row))
    pdf.ln(2)


def _blocks(pdf: OfficialPdf, blocks: list[d.Block]) -> None:
    for block in blocks:
        if isinstance(block, str):
            pdf.lines(block)
            pdf.ln(1)
        else:
            _table(pdf, block)


def _end_block(pdf: OfficialPdf, doc: d.OfficialDocument) -> None:
    """Nơi nhận (left) beside the signer (right), kept together on one page."""
    lines = d.recipient_lines(doc)
    needed = 8 + len(lines) * NOTE * LINE
    if pdf.will_page_break(max(needed, 40)):
        pdf.add_page()
    pdf.ln(4)
    top = pdf.get_y()
    half = pdf.epw / 2
    pdf.lines(i18n.DOC_RECIPIENTS, SMALL, "BI", "L", half - 4)
    for line in lines:
        pdf.lines(line, NOTE, "", "L", half - 4)
    pdf.set_xy(pdf.l_margin + half, top)
    for line in d.signer_lines(doc):
        pdf.lines(line, BODY, "B", "C", half, pdf.l_margin + half)


def official_pdf(doc: d.OfficialDocument, made_at: dt.datetime | None = None) -> bytes:
    pdf = OfficialPdf()
    pdf.set_title(doc.meta_title or doc.title or doc.subject)
    pdf.set_author(doc.letterhead.issuer)
    pdf.set_creation_date((made_at or dt.datetime.now()).astimezone())
    pdf.add_page()
    _heading(pdf, doc)
    if doc.demo:
        pdf.set_text_color(*DEMO_RGB)
        pdf.lines(i18n.BRIEF_DEMO, SMALL, "B", "C")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(2)
    if doc.kind == d.REPORT:
        pdf.lines(doc.title, 14, "B", "C")
        pdf.lines(doc.subject, 14, "B", "C")
        pdf.ln(4)
    else:
        addressees = d.addressee_lines(doc)
        if len(addressees) == 1:
            pdf.lines(addressees[0], BODY, "", "C")
        else:
            pdf.lines(addressees[0], BODY, "", "L", 0, pdf.l_margin + 25)
            for line in addressees[1:]:
                pdf.lines(line, BODY, "", "L", pdf.epw - 45, pdf.l_margin + 45)
        pdf.ln(3)
    _blocks(pdf, list(doc.intro))
    for index, section in enumerate(doc.sections, start=1):
        if pdf.will_page_break(25):
            pdf.add_page()
        pdf.ln(1)
        pdf.lines(d.section_heading(index, section), BODY, "B", "L")
        pdf.ln(1)
        _blocks(pdf, section.blocks)
    _blocks(pdf, list(doc.closing))
    _end_block(pdf, doc)
    return bytes(pdf.output())
