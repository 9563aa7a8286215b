"""Counts as tiles: one block per row, each tile its label and value, every text escaped."""

from dtplan.present.count_tiles import LABEL_ATTR, TILES_ATTR, VALUE_ATTR, CountTile, tiles_html


def test_every_tile_has_its_label_and_value_in_one_block():
    html = tiles_html([CountTile("✔ Đạt", "5", "#0B4F8A"), CountTile("✖ Không đạt", "13")])
    assert html.count(TILES_ATTR) == 1
    assert html.count(LABEL_ATTR) == html.count(VALUE_ATTR) == 2
    assert ">✔ Đạt<" in html and ">5<" in html and ">13<" in html and "#0B4F8A" in html


def test_a_label_never_becomes_markup():
    html = tiles_html([CountTile("<script>alert(1)</script>", "<b>1</b>")])
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;1&lt;/b&gt;" in html
