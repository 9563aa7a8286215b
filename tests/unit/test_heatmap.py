"""The reporting heat map as an HTML table (dtplan.present.heatmap): cells in place, text escaped, every
status told by symbol and word as well as by colour."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from dtplan import i18n
from dtplan.present.heatmap import CELL_ATTR, MARK, heatmap_description, heatmap_html
from dtplan.present.palette import COMPLIANCE_COLOURS, COMPLIANCE_TEXT


def _row(unit: str, period: str, status: str) -> dict:
    return {"unit": unit, "period": period, "status": status, "due": "2023-02-25", "submitted_at": None}


def test_cells_sit_under_their_month_and_tell_their_status():
    rows = [_row("B", "2023-02", "late"), _row("B", "2023-01", "on_time"), _row("A", "2023-01", "missing")]
    names = {"A": 'Sở <A> & "B"', "B": "Xã Gia Viễn"}
    html = heatmap_html(rows, names)
    root = ET.fromstring(html)  # well-formed: every name and title escaped
    assert root.tag == "div" and MARK in root.attrib
    table = root.find(".//table")
    assert [th.text for th in table.find("thead").iter("th")] == ["T1/2023", "T2/2023"]
    body = table.find("tbody").findall("tr")
    assert [tr.find("th").text for tr in body] == ["Xã Gia Viễn", 'Sở <A> & "B"']  # units in the rows' order
    cells = [[(td.get(CELL_ATTR), td.text, td.get("title")) for td in tr.findall("td")] for tr in body]
    late = rows[0]
    assert cells[0] == [
        ("on_time", "✔", heatmap_description(rows[1], "Xã Gia Viễn")),
        ("late", "◆", heatmap_description(late, "Xã Gia Viễn")),
    ]
    assert cells[1] == [("missing", "✖", heatmap_description(rows[2], names["A"])), (None, None, None)]
    # The hover title keeps one fact a line.
    assert heatmap_description(late, "Xã Gia Viễn").count("\n") == 4 and "&#10;" in html
    colours = {td.get(CELL_ATTR): td.get("style") for tr in body for td in tr.findall("td") if td.get(CELL_ATTR)}
    assert colours["late"] == f"background:{COMPLIANCE_COLOURS['late']};color:{COMPLIANCE_TEXT['late']}"


def test_the_legend_names_every_status_with_its_symbol_and_colour():
    root = ET.fromstring(heatmap_html([_row("A", "2023-01", "on_time")], {"A": "Sở A"}))
    legend = root.find("p")
    entries = [(item.find("b").text, item.find("b").tail, item.find("b").get("style")) for item in legend]
    assert entries == [
        (i18n.COMPLIANCE_SYMBOL[s], i18n.COMPLIANCE_STATUS[s], f"background:{c};color:{COMPLIANCE_TEXT[s]}")
        for s, c in COMPLIANCE_COLOURS.items()
    ]
