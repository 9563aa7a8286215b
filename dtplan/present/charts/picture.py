"""A chart drawn on the server as SVG (vl-convert: Vega-Lite and Vega themselves, run in-process), for a
chart the browser should only show: no Vega code to load and run on the page. On Tổng quan this was most of
the page's load: with one Vega chart, whatever it drew, the page took 0.35–0.6 s longer to be drawn in
Chromium than without it; the same 21 gauges drawn here cost it 0.1–0.15 s (a copy of the page with parts
left out, timed as bench/bench_pages.py does).

Such a chart has no Vega tooltips and no selection; a mark with an `href` channel becomes a link instead (each
item wrapped in <a>), and a `description` channel becomes the item's <title>: the browser shows it on hover
and a screen reader reads it as the item's name (Vega's aria-label of the same words is taken off: written
twice it doubled the size of a large chart, a heat map's cells say).
The markup is made as small as the same drawing allows (quiet_marks, slim): the browser reads it with Streamlit's
Markdown reader, in script (0.11 s of Tổng quan's load in Chromium's CPU profile before it was made smaller).
The SVG goes into the page as markup, so it is checked here first: only the elements and attributes Vega's
SVG renderer writes, no event handler, links only relative (to the app's own pages).
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as ET

# vl-convert's loader resolves a relative URL against this base; a link must stay relative to the app
# (behind nginx its host and path prefix are not the server's own), so the base is taken off again.
_LOADER_BASE = "https://vega.github.io/vega-datasets/"
_convert_lock = threading.Lock()
# A mark item Vega's SVG renderer wrote with an aria-label (its `description`), as one empty element.
_LABELLED = re.compile(r'<(path|rect)([^>]*?) aria-label="([^"]*)"([^>]*?)/>')

_SVG = "{http://www.w3.org/2000/svg}"
_XLINK = "{http://www.w3.org/1999/xlink}"
ELEMENTS = frozenset({"svg", "g", "path", "rect", "line", "text", "tspan", "a", "title", "defs", "clipPath"})
ATTRIBUTES = frozenset(
    {
        "aria-hidden", "aria-label", "aria-roledescription", "class", "clip-path", "cursor", "d", "display",
        "dx", "dy", "fill", "fill-opacity", "font-family", "font-size", "font-style", "font-weight", "height",
        "id", "opacity", "pointer-events", "role", "shape-rendering", "stroke", "stroke-dasharray",
        "stroke-linecap", "stroke-miterlimit", "stroke-opacity", "stroke-width", "target", "text-anchor", "transform",
        "version", "viewBox", "width", "x", "x1", "x2", "y", "y1", "y2", f"{_XLINK}href",
    }
)  # fmt: skip


# A row with a link (its `href` field) links there; one without draws no link (an empty href is none).
LINK = {"condition": {"test": "isValid(datum.href)", "field": "href", "type": "nominal"}, "value": ""}


def linked(chart, description: str = "description:N"):
    """The layer's items link to their row's `href` and carry its description (their title: name and hover)."""
    return chart.encode(href=LINK, description=description)


def drawn(build, *args, **kwargs) -> str:
    """The SVG of build(*args, **kwargs): a chart builder (an Altair chart, or a `*_spec` giving the spec),
    built without Altair's check of every object as it is made (most of a build's time; the tests check
    every spec against the Vega-Lite schema instead, tests/pages/test_charts.py)."""
    from dtplan.present.charts.theme import unchecked

    with unchecked():
        built = build(*args, **kwargs)
        return svg(built if isinstance(built, dict) else built.to_dict(validate=False))


def svg(spec: dict) -> str:
    """The SVG of a Vega-Lite spec (datasets given inline, as the `*_spec` builders give them), checked."""
    import vl_convert

    # One conversion at a time: vl-convert runs one JavaScript engine per process.
    with _convert_lock:
        drawn = vl_convert.vegalite_to_svg(quiet_marks(spec))
    drawn = slim(drawn)
    # Links open in the same tab, as the app's own links do (a link in Streamlit's Markdown without a target
    # opens a new tab).
    drawn = drawn.replace(f'<a xlink:href="{_LOADER_BASE}', '<a target="_self" xlink:href="')
    # The label (escaped as an attribute, so as text too) becomes the item's title.
    drawn = _LABELLED.sub(r"<\1\2\4><title>\3</title></\1>", drawn)
    check(drawn)
    return drawn


def quiet_marks(spec: dict) -> dict:
    """A copy of the spec in which every mark but text without a `description` is out of the accessibility tree
    (Vega's `aria: false`). Otherwise Vega names each item by its fields ("x: 110; y: 151; frac: 0,7"): noise for a
    screen reader, a meaningless hover title once named items get one, and a third of a large chart's markup,
    which the browser's Markdown reader parses on every page load."""

    def visit(node, described: bool):
        if isinstance(node, list):
            return [visit(item, described) for item in node]
        if not isinstance(node, dict):
            return node
        described = described or "description" in (node.get("encoding") or {})
        out = {key: visit(value, described) for key, value in node.items() if key != "datasets"}
        if "datasets" in node:
            out["datasets"] = node["datasets"]
        mark = node.get("mark")
        kind = mark.get("type") if isinstance(mark, dict) else mark
        if mark is not None and not described and kind != "text":  # a text is read as it is (see slim)
            out["mark"] = {**(mark if isinstance(mark, dict) else {"type": mark}), "aria": False}
        return out

    return visit(spec, False)


_ROLE_DESCRIPTION = re.compile(r' aria-roledescription="[^"]*"')
_TEXT_NAME = re.compile(r'(<text[^>]*?) (?:role|aria-label)="[^"]*"')
_FONT = re.compile(r' font-family="([^"]*)"')
# A group of one mark's items (Vega draws each item as one element, with at most a title or tspans inside).
_MARK_GROUP = re.compile(r'(<g class="mark-(?!group)[^"]*"[^>]*)>((?:(?!<g[ >]).)*?)</g>', re.S)
_ITEM = re.compile(r"<(path|text|line|rect)\b([^>]*?)(/>|>.*?</\1>)", re.S)
_ATTRIBUTE = re.compile(r' ([a-z-]+)="([^"]*)"')
# Properties a child inherits from its group (opacity is not one: a group's opacity is applied to it as a whole).
_INHERITED = (
    "fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray", "stroke-linecap",
    "font-size", "font-weight", "font-style", "text-anchor", "pointer-events", "cursor",
)  # fmt: skip


def slim(drawn: str) -> str:
    """Vega's SVG with the same drawing in less markup: no role descriptions ("arc mark", in English, read
    aloud after each Vietnamese name); a text without Vega's name for it (its fields), so a screen reader
    reads the words themselves; the properties all items of a mark share said once on its group, and the font,
    when every text uses the same, once on the root."""
    drawn = _ROLE_DESCRIPTION.sub("", drawn)
    while _TEXT_NAME.search(drawn):
        drawn = _TEXT_NAME.sub(r"\1", drawn)
    drawn = _MARK_GROUP.sub(_hoisted, drawn)
    fonts = set(_FONT.findall(drawn))
    if len(fonts) == 1:
        drawn = _FONT.sub("", drawn).replace("<svg ", f'<svg font-family="{fonts.pop()}" ', 1)
    return drawn


def _hoisted(group: re.Match) -> str:
    """A mark's group with the properties all its items share said once, on the group (a heat map's cells
    all have the same border, its symbols the same font size: 168 times each)."""
    start, inside = group.group(1), group.group(2)
    items = list(_ITEM.finditer(inside))
    if len(items) < 2 or "".join(m.group(0) for m in items) != inside:  # anything else in it: left as it is
        return group.group(0)
    shared = dict(_ATTRIBUTE.findall(items[0].group(2)))
    for item in items[1:]:
        shared = {k: v for k, v in _ATTRIBUTE.findall(item.group(2)) if shared.get(k) == v}
    shared = {k: v for k, v in shared.items() if k in _INHERITED}
    if not shared:
        return group.group(0)
    said = "".join(f' {k}="{v}"' for k, v in shared.items())
    start = re.sub(r' ({})="[^"]*"'.format("|".join(map(re.escape, shared))), "", start)
    items_out = [
        f"<{m.group(1)}{_ATTRIBUTE.sub(lambda a: '' if a.group(1) in shared else a.group(0), m.group(2))}{m.group(3)}"
        for m in items
    ]
    return f"{start}{said}>{''.join(items_out)}</g>"


def check(drawn: str) -> None:
    """Refuse (ValueError) an SVG holding anything but Vega's plain drawing: an unknown element or
    attribute (a script, an event handler, a foreign object) or a link that leaves the app."""
    for element in ET.fromstring(drawn).iter():
        name = element.tag.removeprefix(_SVG)
        if name not in ELEMENTS:
            raise ValueError(f"SVG element not allowed: {element.tag}")
        for attribute, value in element.attrib.items():
            if attribute not in ATTRIBUTES:
                raise ValueError(f"SVG attribute not allowed: {attribute} on {name}")
            if attribute == f"{_XLINK}href" and (":" in value.split("?")[0] or value.startswith(("/", "\\"))):
                raise ValueError(f"SVG link leaves the app: {value}")
            if attribute == "target" and value != "_self":
                raise ValueError(f"SVG link opens elsewhere: {value}")
