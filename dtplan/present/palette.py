"""The one colour palette of the charts, the PDF brief and the workbooks (hex; `rgb` for the PDF).

Colour-blind-safe and legible from across a room: dark blue met, sky blue on track, amber at risk, dark
red off track, grey no data — every two statuses differ in lightness as well as hue, so they stay apart
for protan, deutan and tritan viewers (tests/unit/test_palette_legibility.py measures it; the former
orange and dark orange were too close). The year-end verdicts take the colours of what they stand for:
vượt and đạt the met blue, không đạt the off-track red. Every status is also written as a symbol and a
word (dtplan.i18n), so colour is never the only cue; text on a coloured fill uses the colour that keeps
WCAG AA contrast.
"""

from __future__ import annotations

INK = "#1A1A1A"
MUTED = "#5A5A5A"
TRACK = "#E4E7EC"
HEADER_FILL = "#DDE6F0"  # table headers (PDF, XLSX): black bold text on it keeps AA contrast

KPI_COLOURS = {
    "met": "#0B4F8A",
    "on_track": "#56B4E9",
    "at_risk": "#E8B500",
    "off_track": "#B2182B",
    "no_data": "#949494",
    "vuot": "#0B4F8A",
    "dat": "#0B4F8A",
    "khong_dat": "#B2182B",
}
# Text drawn on a status fill: white on the dark fills, ink on the light ones (contrast ≥ 4.5:1).
KPI_TEXT = {
    "met": "#FFFFFF",
    "on_track": INK,
    "at_risk": INK,
    "off_track": "#FFFFFF",
    "no_data": INK,
    "vuot": "#FFFFFF",
    "dat": "#FFFFFF",
    "khong_dat": "#FFFFFF",
}
COMPLIANCE_COLOURS = {"on_time": "#0B4F8A", "late": "#E8B500", "missing": "#B2182B", "not_due": "#E6E6E6"}
COMPLIANCE_TEXT = {"on_time": "#FFFFFF", "late": INK, "missing": "#FFFFFF", "not_due": INK}
SERIES_COLOURS = {"actual": "#0B4F8A", "expected": "#CC7722", "target": INK}
BAND_COLOURS = {"off": "#D0D5DD", "risk": "#E4E7EC", "ok": "#F2F4F7"}
DEMO = KPI_COLOURS["off_track"]  # the demo-data warning in the brief
DEMO_TAB = "#E69F00"  # the tab of a workbook's sheets when the data are a demo


def rgb(colour: str) -> tuple[int, int, int]:
    """'#0B4F8A' -> (11, 79, 138), for fpdf."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
