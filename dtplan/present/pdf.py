"""The PDF primitives of the meeting brief (fpdf2): an A4 document with the embedded DejaVu font shipped in
dtplan/fonts (no system font assumed), running title, page numbers "Trang x/y", headings, paragraphs,
tables, and the KPI gauges drawn as ring segments. Colours from dtplan.present.palette, the gauge's scale
from dtplan.present.scales — the same as the screen's."""

from __future__ import annotations

import math
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from dtplan import i18n
from dtplan.present import palette
from dtplan.present.scales import gauge_scale_max
from dtplan.present.tables import Table
from dtplan.read import yearend

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
INK = palette.rgb(palette.INK)
MUTED = palette.rgb(palette.MUTED)
TRACK = palette.rgb(palette.TRACK)
HEAD_FILL = palette.rgb(palette.HEADER_FILL)
KPI_RGB = {status: palette.rgb(colour) for status, colour in palette.KPI_COLOURS.items()}
DEMO_RGB = palette.rgb(palette.DEMO)


class BriefDocument(FPDF):
    def __init__(self, running_title: str, demo: bool):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.running_title = running_title
        self.demo = demo
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(14, 16, 14)
        self.set_auto_page_break(True, margin=16)
        self.alias_nb_pages("{nb}")
        self.set_text_color(*INK)

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.set_xy(self.l_margin, 7)
        self.cell(0, 4, self.running_title, align="L")
        if self.demo:
            self.set_text_color(*DEMO_RGB)
            self.set_xy(self.l_margin, 7)
            self.cell(0, 4, i18n.BRIEF_DEMO_SHORT, align="R")
        self.set_text_color(*INK)
        self.set_y(self.t_margin)

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, i18n.BRIEF_PAGE.format(page=self.page_no(), pages="{nb}"), align="C")
        self.set_text_color(*INK)

    # --- building blocks ----------------------------------------------------------------------------

    def heading(self, text: str) -> None:
        if self.will_page_break(22):
            self.add_page()
        self.ln(3)
        self.set_font(FONT, "B", 11.5)
        self.multi_cell(0, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*KPI_RGB["met"])
        self.set_line_width(0.4)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1.5)
        self.set_font(FONT, "", 9)

    def para(self, text: str, size: float = 9, bold: bool = False, colour=INK) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.set_font(FONT, "", 9)

    def grid(self, headers: list[str], rows: list[list[str]], widths: tuple[float, ...], aligns=None) -> None:
        """A table with a repeated bold header row; cells are plain text (no markdown, no HTML)."""
        self.set_font(FONT, "", 8)
        self.set_draw_color(180, 180, 180)
        self.set_line_width(0.2)
        self.set_fill_color(255, 255, 255)  # the gauges leave their colour behind; body cells stay white
        headings = FontFace(emphasis="BOLD", fill_color=HEAD_FILL, color=INK)
        with self.table(
            col_widths=widths,
            width=self.epw,
            headings_style=headings,
            line_height=4,
            text_align=aligns or "LEFT",
            repeat_headings=1,
            padding=(0.8, 1.2),
            v_align="TOP",
        ) as table:
            table.row(headers)
            for row in rows:
                table.row([str(c) for c in row])
        self.ln(1)
        self.set_font(FONT, "", 9)

    def table_of(self, table: Table, widths: tuple[float, ...], aligns=None) -> None:
        """`grid` of a dtplan.present.tables.Table."""
        self.grid(table.headers, table.rows, widths, aligns)


# --- gauges -----------------------------------------------------------------------------------------------


def _ring(pdf: FPDF, cx: float, cy: float, r_out: float, r_in: float, a0: float, a1: float) -> None:
    """A filled ring segment of the upper half circle from angle a0 to a1 (degrees, 180 = left end)."""
    steps = max(2, int(abs(a0 - a1) / 4) + 1)
    outer = [
        (cx + r_out * math.cos(math.radians(a)), cy - r_out * math.sin(math.radians(a)))
        for a in (a0 + (a1 - a0) * i / steps for i in range(steps + 1))
    ]
    inner = [
        (cx + r_in * math.cos(math.radians(a)), cy - r_in * math.sin(math.radians(a)))
        for a in (a1 + (a0 - a1) * i / steps for i in range(steps + 1))
    ]
    pdf.polygon(outer + inner, style="F")


def _gauge(pdf: BriefDocument, x: float, y: float, w: float, row: dict) -> None:
    cx, cy, r_out = x + w / 2, y + 17, 13.0
    r_in = r_out - 4.2
    top = gauge_scale_max(row)
    pdf.set_fill_color(*TRACK)
    _ring(pdf, cx, cy, r_out, r_in, 180, 0)
    status = row["status"]
    if row["actual"] is not None:
        share = max(0.0, min(1.0, row["actual"] / top))
        if share > 0:
            pdf.set_fill_color(*KPI_RGB[status])
            _ring(pdf, cx, cy, r_out, r_in, 180, 180 - 180 * share)
    # Target tick across the ring.
    t = math.radians(180 - 180 * max(0.0, min(1.0, row["target"] / top)))
    pdf.set_draw_color(*INK)
    pdf.set_line_width(0.6)
    pdf.line(
        cx + (r_in - 1.2) * math.cos(t),
        cy - (r_in - 1.2) * math.sin(t),
        cx + (r_out + 1.2) * math.cos(t),
        cy - (r_out + 1.2) * math.sin(t),
    )
    pdf.set_font(FONT, "B", 9)
    value = "—" if row["actual"] is None else i18n.kpi_value(row["actual"], row["kpi_unit"])
    pdf.set_xy(x, cy - 5)
    pdf.cell(w, 5, value, align="C")
    pdf.set_font(FONT, "B", 7.5)
    pdf.set_xy(x, y)
    pdf.cell(w, 3.5, row["code"], align="L")
    pdf.set_font(FONT, "", 6.5)
    pdf.set_xy(x, cy + 0.8)
    pdf.cell(w, 3, f"{i18n.COL['target']}: {yearend.target_text(row)}", align="C")
    pdf.set_xy(x, cy + 3.8)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "B", 6.5)
    pdf.cell(w, 3, i18n.kpi_status_label(status), align="C")
    pdf.set_font(FONT, "", 6)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(x + 1, cy + 7)
    pdf.multi_cell(w - 2, 2.6, row["name"], align="C", max_line_height=2.6)
    pdf.set_text_color(*INK)


def gauges(pdf: BriefDocument, rows: list[dict]) -> None:
    columns, gap, height = 6, 2.0, 40.0
    w = (pdf.epw - gap * (columns - 1)) / columns
    y0 = pdf.get_y()
    for i, row in enumerate(rows):
        col = i % columns
        if col == 0:
            if i:
                pdf.set_y(y0 + height)
            if pdf.will_page_break(height):
                pdf.add_page()
            y0 = pdf.get_y()
        _gauge(pdf, pdf.l_margin + col * (w + gap), y0, w, row)
    if rows:
        pdf.set_y(y0 + height)
    pdf.set_font(FONT, "", 7)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 3.5, i18n.BRIEF_GAUGE_LEGEND, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
