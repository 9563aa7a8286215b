"""Charts drawn on the server (dtplan.present.charts.picture): the SVG that goes into the page as markup
holds Vega's drawing only — imported text escaped, links relative — and anything else is refused."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from dtplan.present import charts
from dtplan.present.charts import picture

HOSTILE = '<script>alert(1)</script>" onmouseover="alert(2)'


def _row(code: str, name: str) -> dict:
    return {
        "code": code,
        "name": name,
        "actual": 40.0,
        "target": 50.0,
        "op": "ge",
        "kpi_unit": "percent",
        "status": "off_track",
    }


def test_gauges_svg_escapes_text_and_keeps_only_relative_links():
    rows = [_row("T01", HOSTILE), _row("T02", "Cáp quang đến hộ gia đình")]
    drawn = charts.gauges_svg(rows, columns=2, cell=200, links={"T01": "chi_tieu?kpi=T01", "T02": "chi_tieu?kpi=T02"})
    picture.check(drawn)  # no element or attribute but Vega's (the name's quote did not open an attribute)
    root = ET.fromstring(drawn)
    assert not [e for e in root.iter() if any(a.startswith("on") for a in e.attrib)]
    assert any(HOSTILE.split('"')[0] in "".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert drawn.count("<a ") == 2 and '<a target="_self" xlink:href="chi_tieu?kpi=T01"' in drawn
    assert "Cáp quang" in drawn


@pytest.mark.parametrize(
    "inside",
    [
        "<script>alert(1)</script>",
        '<path d="M0,0" onclick="alert(1)"/>',
        "<foreignObject><div>x</div></foreignObject>",
        '<a xlink:href="javascript:alert(1)"><path d="M0,0"/></a>',
        '<a xlink:href="https://example.org/"><path d="M0,0"/></a>',
        '<a xlink:href="//example.org/x"><path d="M0,0"/></a>',
        '<image xlink:href="x.png"/>',
        '<a target="_blank" xlink:href="chi_tieu"><path d="M0,0"/></a>',
    ],
)
def test_anything_but_vega_drawing_is_refused(inside):
    page = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="marks">'
        f"<g>{inside}</g></svg>"
    )
    with pytest.raises(ValueError):
        picture.check(page)


def test_a_plain_vega_drawing_passes():
    rows = [_row(f"T{i:02d}", f"Chỉ tiêu {i}") for i in range(1, 8)]
    spec = charts.gauges_spec(rows, columns=7, cell=200)
    picture.check(picture.svg(json.loads(json.dumps(spec))))  # no error: the control of the test above
