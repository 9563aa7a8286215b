"""The table of links (dtplan.present.link_table): text as typed whatever it holds, links only inside the
app and in the same tab, one HTML block that Markdown cannot break open."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from dtplan.present.link_table import link_table

HOSTILE = ["<script>alert(1)</script>", "**đậm** [x](http://evil.example)", 'a "quoted" & <b>', "hai\n\ndòng"]


def _parse(html: str) -> ET.Element:
    assert html.startswith("<div data-dt-table>") and html.endswith("</div>")
    assert "\n" not in html  # a blank line would end Markdown's HTML block and the rest be read as Markdown
    return ET.fromstring(html[html.index("<table>") : html.rindex("</table>") + len("</table>")])


def test_every_cell_reads_back_as_typed_and_adds_no_element():
    frame = pd.DataFrame({"Tên": HOSTILE, "Mã": ["A-1", "B-2", "C-3", "D-4"]})
    root = _parse(link_table(frame, {"Mã": ["nhiem_vu?task=A-1", None, "nhiem_vu?task=C-3", None]}))
    rows = root.find("tbody").findall("tr")
    assert ["".join(r.find("td").itertext()) for r in rows] == [*HOSTILE[:3], "hai dòng"]
    assert not root.findall(".//script") and not root.findall(".//b")  # only the table's own elements
    anchors = root.findall(".//a")
    assert [a.get("href") for a in anchors] == ["nhiem_vu?task=A-1", "nhiem_vu?task=C-3"]
    assert {a.get("target") for a in anchors} == {"_self"}  # Streamlit would open a plain link in a new tab
    assert ["".join(a.itertext()) for a in anchors] == ["A-1", "C-3"]


def test_headers_carry_their_hover_text_numbers_align_right_and_a_code_stays_whole():
    frame = pd.DataFrame({"Đơn vị": ["Sở A"], "T01": ["12,5% ▲ Đúng tiến độ"], "Mã": ["PL01-09"], "Số": [3]})
    root = _parse(link_table(frame, {}, header_titles={"T01": 'Tỷ lệ "hồ sơ" trực tuyến'}))
    headers = list(root.find("thead").iter("th"))
    assert [h.text for h in headers] == ["Đơn vị", "T01", "Mã", "Số"]
    assert [h.get("title") for h in headers] == [None, 'Tỷ lệ "hồ sơ" trực tuyến', None, None]
    cells = root.find("tbody").find("tr").findall("td")
    assert [c.get("class") for c in cells] == [None, None, "dt-word", "dt-number"]


OUTSIDE = ["https://evil.example/x", "//evil.example/x", "javascript:alert(1)", "data:text/html,x"]


@pytest.mark.parametrize("href", OUTSIDE)
def test_a_link_out_of_the_app_is_refused(href):
    with pytest.raises(ValueError, match="leaves the app"):
        link_table(pd.DataFrame({"a": ["x"]}), {"a": [href]})


def test_links_must_match_the_rows():
    with pytest.raises(ValueError, match="2 links for 1 rows"):
        link_table(pd.DataFrame({"a": ["x"]}), {"a": ["p?x=1", "p?x=2"]})
