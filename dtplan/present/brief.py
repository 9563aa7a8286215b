"""The meeting brief as a PDF (fpdf2): A4, Vietnamese with the embedded DejaVu font shipped in
dtplan/fonts (no system font assumed), page numbers "Trang x/y".

It draws only from `dtplan.read.meeting.meeting_data`, the bundle the Cuộc họp page and the XLSX export
use, so the three never disagree and a unit's brief holds only what that unit's scope returns. Names of
units outside the scope (the lead of a task the unit only partners) are replaced by a neutral label.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from dtplan import i18n
from dtplan.domain import projection
from dtplan.domain.access import Scope
from dtplan.domain.catalog import Catalog
from dtplan.domain.metrics import KPI_STATUSES
from dtplan.read import views, yearend
from dtplan.store import notes

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
INK = (26, 26, 26)
MUTED = (90, 90, 90)
TRACK = (228, 231, 236)
HEAD_FILL = (221, 230, 240)
# Same colour-blind-safe palette as dtplan.present.charts (blue = good, orange = bad), without importing Altair.
KPI_RGB = {
    "met": (11, 79, 138),
    "on_track": (74, 144, 200),
    "at_risk": (204, 119, 34),
    "off_track": (163, 63, 0),
    "no_data": (148, 148, 148),
}
DEMO_RGB = (163, 63, 0)
LAGGING = ("overdue", "behind")


# One naming rule for pages and files (dtplan.read.views.unit_label): another unit is "Đơn vị khác".
unit_label = views.unit_label


class _Brief(FPDF):
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


def scale_max(row: dict) -> float:
    """As dtplan.present.charts.gauge_scale_max: percent on 0–100, counts on their own scale (0–3 for T18)."""
    if row["unit"] == "percent":
        return 100.0
    return float(max(row["target"], row["actual"] or 0.0, 1.0))


def _gauge(pdf: _Brief, x: float, y: float, w: float, row: dict) -> None:
    cx, cy, r_out = x + w / 2, y + 17, 13.0
    r_in = r_out - 4.2
    top = scale_max(row)
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
    value = "—" if row["actual"] is None else i18n.kpi_value(row["actual"], row["unit"])
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
    pdf.cell(w, 3, i18n.kpi_status(status), align="C")
    pdf.set_font(FONT, "", 6)
    pdf.set_text_color(*MUTED)
    pdf.set_xy(x + 1, cy + 7)
    pdf.multi_cell(w - 2, 2.6, row["name"], align="C", max_line_height=2.6)
    pdf.set_text_color(*INK)


def _gauges(pdf: _Brief, rows: list[dict]) -> None:
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


# --- the document -------------------------------------------------------------------------------------


def headline(data: dict) -> dict[str, dict[str, int]]:
    """The counts the brief opens with (KPIs that apply to the scope, tasks, this month's reports)."""
    kpis = {s: 0 for s in KPI_STATUSES}
    for row in data["kpis"]:
        kpis[row["status"]] += 1
    this_month = [r for r in data["compliance"] if r["period"] == data["as_of"]]
    reports = {s: sum(1 for r in this_month if r["status"] == s) for s in i18n.COMPLIANCE_STATUS}
    return {"kpis": kpis, "tasks": dict(data["summary"]["tasks"]), "reports": reports}


def _changes_rows(data: dict, catalog: Catalog, scope: Scope) -> list[list[str]]:
    ch = data["changes"]
    rows = []
    for r in ch["kpis"]:
        rows.append(
            [
                i18n.CHANGE_DIRECTION[r["direction"]],
                f"{r['code']} — {r['name']}",
                i18n.kpi_status_value(r["status_before"], r["actual_before"], r["unit"]),
                i18n.kpi_status_value(r["status_after"], r["actual_after"], r["unit"]),
            ]
        )
    for r in ch["tasks"]:
        rows.append(
            [
                i18n.CHANGE_DIRECTION[r["direction"]],
                f"{r['code']} — {r['title']}",
                i18n.task_status(r["status_before"]),
                i18n.task_status(r["status_after"]),
            ]
        )
    for r in ch["units"]:
        rows.append(
            [
                i18n.CHANGE_DIRECTION[r["direction"]],
                unit_label(catalog, scope, r["unit"]),
                i18n.compliance_status(r["status_before"]),
                i18n.compliance_status(r["status_after"]),
            ]
        )
    return rows


def change_tables(data: dict, catalog: Catalog, scope: Scope) -> list[tuple[str, list[dict[str, object]]]]:
    """The Cuộc họp page's three "what changed" tables (title, rows), in the brief's words."""
    ch = data["changes"]
    before = i18n.COL_BEFORE.format(month=i18n.month_short(data["compare"]))
    after = i18n.COL_AFTER.format(month=i18n.month_short(data["as_of"]))
    kpis = [
        {
            i18n.COL_CHANGE: i18n.CHANGE_DIRECTION[r["direction"]],
            i18n.COL["code"]: r["code"],
            i18n.COL["kpi"]: r["name"],
            before: i18n.kpi_status_value(r["status_before"], r["actual_before"], r["unit"]),
            after: i18n.kpi_status_value(r["status_after"], r["actual_after"], r["unit"]),
        }
        for r in ch["kpis"]
    ]
    tasks = [
        {
            i18n.COL_CHANGE: i18n.CHANGE_DIRECTION[r["direction"]],
            i18n.COL["code"]: r["code"],
            i18n.COL["title"]: r["title"],
            i18n.COL["lead"]: unit_label(catalog, scope, r["lead"]),
            before: i18n.task_status(r["status_before"]),
            after: i18n.task_status(r["status_after"]),
            i18n.COL["progress"]: r["progress"],
        }
        for r in ch["tasks"]
    ]
    units = [
        {
            i18n.COL_CHANGE: i18n.CHANGE_DIRECTION[r["direction"]],
            i18n.COL["unit"]: unit_label(catalog, scope, r["unit"]),
            before: i18n.compliance_status(r["status_before"]),
            after: i18n.compliance_status(r["status_after"]),
        }
        for r in ch["units"]
    ]
    return [(i18n.CHANGES_KPIS, kpis), (i18n.CHANGES_TASKS, tasks), (i18n.CHANGES_UNITS, units)]


def brief_pdf(data: dict, catalog: Catalog, scope: Scope, made_at: dt.datetime | None = None) -> bytes:
    """The brief for `data` = meeting.meeting_data(engine, catalog, scope, as_of, ...)."""
    plan = data["plan"]
    month = i18n.month(data["as_of"])
    subtitle = i18n.BRIEF_SUBTITLE.format(month=month, scope=data["scope_name"])
    pdf = _Brief(f"{plan.number or plan.code} · {month} · {data['scope_name']}", data["demo"])
    pdf.set_title(f"{i18n.BRIEF_TITLE} — {month}")
    pdf.set_author("dtplan")
    pdf.set_creation_date((made_at or dt.datetime.now()).astimezone())
    pdf.add_page()

    # Title block.
    pdf.para(i18n.BRIEF_TITLE, size=14, bold=True)
    pdf.para(plan.title, size=10)
    pdf.para(subtitle, size=10, bold=True)
    pdf.para(i18n.BRIEF_MADE.format(at=i18n.datetime(made_at or dt.datetime.now())), size=8, colour=MUTED)
    if data["demo"]:
        pdf.ln(1)
        pdf.set_fill_color(255, 240, 224)
        pdf.set_draw_color(*DEMO_RGB)
        pdf.set_text_color(*DEMO_RGB)
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(0, 6, i18n.BRIEF_DEMO, border=1, fill=True, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(*INK)

    counts = headline(data)
    pdf.heading(i18n.HEADLINE_TITLE)
    pdf.para(i18n.BRIEF_KPI_COUNTS.format(**counts["kpis"]))
    pdf.para(i18n.BRIEF_TASK_COUNTS.format(**counts["tasks"]))
    pdf.para(i18n.BRIEF_COMPLIANCE_COUNTS.format(month=month, **counts["reports"]))

    pdf.heading(i18n.BRIEF_GAUGES)
    _gauges(pdf, data["kpis"])

    pdf.heading(i18n.YEAREND_TITLE)
    pdf.grid(
        yearend.headers(plan.year),
        yearend.display_rows(data["yearend"]),
        (11, 103, 24, 25, 19),
        aligns=("LEFT", "LEFT", "CENTER", "CENTER", "CENTER"),
    )

    pdf.heading(i18n.PROJECTION_TITLE)
    pdf.para(projection.METHOD_TEXT, size=7.5, colour=MUTED)
    warnings = data["early_warning"]
    pdf.para(i18n.EARLY_WARNING_TITLE, bold=True)
    if warnings:
        pdf.grid(
            [i18n.COL["code"], i18n.COL["kpi"], i18n.COL["actual"], i18n.COL_PROJECTED, i18n.COL["target"]],
            [
                [
                    r["code"],
                    r["name"],
                    i18n.kpi_value(r["actual"], r["unit"]),
                    i18n.kpi_value(r["projected"], r["unit"]),
                    yearend.target_text(r),
                ]
                for r in warnings
            ],
            (12, 96, 24, 25, 25),
        )
    else:
        pdf.para(i18n.EARLY_WARNING_NONE)

    pdf.heading(i18n.LAGGING_TITLE)
    lagging = sorted(data["lagging"], key=lambda r: (r["status"] != "overdue", r["progress"] or 0.0, r["code"]))
    if lagging:
        pdf.grid(
            [
                i18n.COL["code"],
                i18n.COL["title"],
                i18n.COL["lead"],
                i18n.COL["due"],
                i18n.COL["progress"],
                i18n.COL["status"],
            ],
            [
                [
                    r["code"] + (f" ({i18n.ILLUSTRATIVE})" if r["illustrative"] else ""),
                    r["title"],
                    unit_label(catalog, scope, r["lead"]),
                    i18n.date(r["due"]),
                    "—" if r["progress"] is None else i18n.number(r["progress"], 0),
                    i18n.task_status(r["status"]),
                ]
                for r in lagging
            ],
            (20, 78, 26, 19, 14, 25),
        )
    else:
        pdf.para(i18n.NO_LAGGING)

    pdf.heading(i18n.COMPLIANCE_TITLE)
    pdf.para(i18n.BRIEF_COMPLIANCE_COUNTS.format(month=month, **counts["reports"]))
    problems = [r for r in data["compliance"] if r["period"] == data["as_of"] and r["status"] in ("late", "missing")]
    if problems:
        pdf.grid(
            [i18n.COL["unit"], i18n.COL["due"], i18n.COL["submitted_at"], i18n.COL["status"]],
            [
                [
                    unit_label(catalog, scope, r["unit"]),
                    i18n.date(r["due"]),
                    i18n.date(r["submitted_at"]),
                    i18n.compliance_status(r["status"]),
                ]
                for r in problems
            ],
            (80, 30, 30, 42),
        )

    if data["changes"] is None:
        pdf.heading(i18n.CHANGES_TITLE.format(before="—", after=month))
        pdf.para(i18n.MEETING_NO_COMPARE)
    else:
        pdf.heading(i18n.CHANGES_TITLE.format(before=i18n.month(data["compare"]), after=month))
        rows = _changes_rows(data, catalog, scope)
        if rows:
            pdf.grid(
                [
                    i18n.COL_CHANGE,
                    i18n.COL["name"],
                    i18n.COL_BEFORE.format(month=i18n.month_short(data["compare"])),
                    i18n.COL_AFTER.format(month=i18n.month_short(data["as_of"])),
                ],
                rows,
                (28, 78, 38, 38),
            )
        else:
            pdf.para(i18n.CHANGES_NONE)

    pdf.heading(i18n.NOTES_TITLE)
    if data["notes"]:
        rows = notes.display_rows(data["notes"])
        keys = (i18n.NOTE_COL_PERIOD, i18n.NOTE_COL_TARGET, i18n.NOTE_COL_TEXT, i18n.NOTE_COL_AUTHOR, i18n.NOTE_COL_AT)
        pdf.grid(list(keys), [[r[k] for k in keys] for r in rows], (20, 42, 76, 22, 22))
    else:
        pdf.para(i18n.NOTES_NONE)

    return bytes(pdf.output())
