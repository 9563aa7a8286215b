"""Charts drawn on the server (dtplan.present.charts.picture): the SVG that goes into the page as markup
holds Vega's drawing only — imported text escaped, links relative — and anything else is refused."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import altair as alt
import pandas as pd
import pytest

from dtplan.present import charts
from dtplan.present.charts import picture

SVG = "{http://www.w3.org/2000/svg}"
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


def _drawing(svg: str) -> list[tuple]:
    """What is drawn: each shape and text, in order, with its outline or words and the properties it has,
    its own or inherited from its groups (font, fill, stroke…), as the browser resolves them."""
    items = []

    def walk(element, inherited: dict) -> None:
        own = {k: v for k, v in element.attrib.items() if k in picture._INHERITED or k == "font-family"}
        resolved = {**inherited, **own}
        name = element.tag.removeprefix(SVG)
        if name in ("path", "text", "line", "rect"):
            shown = {
                k: v for k, v in element.attrib.items() if k not in resolved and not k.startswith(("role", "aria"))
            }
            # A font is drawn by a text only.
            drawn = {k: v for k, v in resolved.items() if name == "text" or not k.startswith(("font", "text"))}
            items.append((name, "".join(element.itertext()), sorted(drawn.items()), sorted(shown.items())))
        for child in element:
            walk(child, resolved)

    walk(ET.fromstring(svg), {})
    return items


def test_only_described_items_are_named_and_the_words_are_read_as_written():
    rows = [_row(f"T{i:02d}", f"Chỉ tiêu số {i}") for i in range(1, 4)]
    links = {r["code"]: f"chi_tieu?kpi={r['code']}" for r in rows}
    drawn = charts.gauges_svg(rows, columns=3, cell=200, links=links)
    root = ET.fromstring(drawn)
    titles = ["".join(t.itertext()) for t in root.iter(f"{SVG}title")]
    described = set(charts.gauge_frame(rows)["description"])
    # The track and the link of each gauge carry its description; no item is named by its fields ("x: 110; …").
    assert titles and set(titles) == described, titles
    assert "x: " not in drawn and "aria-roledescription" not in drawn
    for text in root.iter(f"{SVG}text"):
        assert "aria-label" not in text.attrib and "role" not in text.attrib, text.attrib
    # The arcs drawn over the track (actual, target) are hidden from a screen reader, not named twice.
    assert root.findall(f".//{SVG}g[@aria-hidden='true']"), "no mark left out of the accessibility tree"


def test_slim_draws_the_same_in_less_markup():
    import vl_convert

    rows = [_row(f"T{i:02d}", f"Chỉ tiêu số {i}") for i in range(1, 8)]
    spec = picture.quiet_marks(json.loads(json.dumps(charts.gauges_spec(rows, columns=7, cell=200))))
    vega = vl_convert.vegalite_to_svg(spec)
    slim = picture.slim(vega)
    assert _drawing(slim) == _drawing(vega)
    assert len(slim) < 0.8 * len(vega), (len(slim), len(vega))
    root = ET.fromstring(slim)
    assert root.get("font-family", "").startswith('"Source Sans"')
    assert [e for e in root.iter() if e.get("font-family")] == [root]
    # Two fonts: each text keeps its own.
    mixed = vega.replace('font-family="', 'font-family="Serif, ', 1)
    assert picture.slim(mixed).count("font-family=") == vega.count("font-family=")
    # Cells of a grid share their border and their symbols their font: said once, on their group.
    grid = pd.DataFrame([{"unit": u, "month": m, "symbol": "✔"} for u in ("Sở A", "Huyện B") for m in (1, 2, 3)])
    x, y = alt.X("month:O"), alt.Y("unit:N")
    cells = alt.Chart(grid).mark_rect(stroke="#FFFFFF", strokeWidth=1).encode(x=x, y=y)
    symbols = alt.Chart(grid).mark_text(fontSize=14, fontWeight="bold").encode(x=x, y=y, text="symbol:N")
    heat = vl_convert.vegalite_to_svg(picture.quiet_marks(alt.layer(cells, symbols).to_dict()))
    assert _drawing(picture.slim(heat)) == _drawing(heat)
    assert picture.slim(heat).count('stroke-width="1"') < heat.count('stroke-width="1"') - 4


def test_quiet_marks_leaves_the_spec_given_alone():
    rows = [_row("T01", "Chỉ tiêu")]
    spec = charts.gauges_spec(rows, columns=1, cell=200)
    before = json.dumps(spec, sort_keys=True)
    quiet = picture.quiet_marks(spec)
    assert json.dumps(spec, sort_keys=True) == before  # the shared spec is not changed
    marks = [layer["mark"] for layer in quiet["layer"]]
    assert [m.get("aria") for m in marks if m["type"] == "arc"] == [None, False, False]  # track described
    assert all("aria" not in m for m in marks if m["type"] == "text")
