"""Helpers for the dashboard page tests: read what AppTest drew (metrics, tables, charts drawn as SVG)."""

from __future__ import annotations

import re
import urllib.parse
import xml.etree.ElementTree as ET

import pytest
import streamlit

from dtplan import store
from dtplan.present.literal import WORD_JOINER
from tests.conftest import count_tiles

_SVG = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def _blocks(at, mark: str, tag: str):
    """The <tag> element, parsed, of each Markdown block drawn as <div mark>…</div> (a chart, a table)."""
    for element in at.markdown:
        body = element.value
        if body.startswith(f"<div {mark}>"):
            yield ET.fromstring(body[body.index(f"<{tag}") : body.rindex(f"</{tag}>") + len(f"</{tag}>")])


def pictures(at) -> list[dict]:
    """Each chart drawn on the server (web.picture): its links — (page, query, the titles of its items) —,
    its texts and its titles (each item's name and hover text)."""
    result = []
    for root in _blocks(at, "data-dt-chart", "svg"):
        links = []
        for anchor in root.iter(f"{_SVG}a"):
            url = urllib.parse.urlsplit(anchor.get(_XLINK_HREF))
            query = dict(urllib.parse.parse_qsl(url.query))
            named = " ".join(title.text or "" for title in anchor.iter(f"{_SVG}title"))
            links.append((url.path, query, named))
        texts = ["".join(text.itertext()) for text in root.iter(f"{_SVG}text")]
        titles = [title.text for title in root.iter(f"{_SVG}title")]
        result.append({"links": links, "texts": texts, "titles": titles})
    return result


def heatmaps(at) -> list[dict]:
    """Each reporting heat map (web.compliance_map): its units and months as headed, and per cell in reading
    order its status key, its symbol and its hover title; `text`: all it shows and names."""
    from dtplan.present.heatmap import CELL_ATTR, MARK

    result = []
    for block in at.html:
        if f"<div {MARK}=" not in block.value:
            continue
        root = ET.fromstring(block.value)
        table = root.find(".//table")
        cells = [(td.get(CELL_ATTR), td.text, td.get("title")) for td in table.iter("td") if td.get(CELL_ATTR)]
        result.append(
            {
                "units": ["".join(th.itertext()) for th in table.find("tbody").iter("th")],
                "months": ["".join(th.itertext()) for th in table.find("thead").iter("th")],
                "cells": cells,
                "text": " ".join([*root.itertext(), *(title for _, _, title in cells)]),
            }
        )
    return result


def shown_tables(at) -> list:
    """Every st.table's frame as a reader sees it: text cells without literal_markdown's escapes."""

    def shown(value):
        return re.sub(r"\\(.)", r"\1", value.replace(WORD_JOINER, "")) if isinstance(value, str) else value

    frames = []
    for table in at.table:
        frame = table.value.copy()
        for column in frame.columns:
            frame[column] = frame[column].map(shown)
        frames.append(frame)
    return frames


def link_tables(at) -> list[dict]:
    """Each table of links (web.table with links): its cells' texts and links as frames (None where a cell
    is plain text), the hover titles of its headers, and each link's target."""
    import pandas as pd

    result = []
    for root in _blocks(at, "data-dt-table", "table"):
        headers = ["".join(th.itertext()) for th in root.iter("th")]
        titles = {"".join(th.itertext()): th.get("title") for th in root.iter("th") if th.get("title")}
        texts, hrefs, targets = [], [], set()
        for row in root.find("tbody").iter("tr"):
            cells = row.findall("td")
            texts.append(["".join(td.itertext()) for td in cells])
            anchors = [td.find("a") for td in cells]
            hrefs.append([None if a is None else a.get("href") for a in anchors])
            targets |= {a.get("target") for a in anchors if a is not None}
        result.append(
            {
                "frame": pd.DataFrame(texts, columns=headers),
                "links": pd.DataFrame(hrefs, columns=headers),
                "titles": titles,
                "targets": targets,
            }
        )
    return result


def metrics_of(at) -> dict[str, str]:
    """The figures shown as st.metric and as count tiles, {label: value}."""
    return {**{m.label: m.value for m in at.metric}, **count_tiles(at)}


def texts(at) -> str:
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "error", "warning", "info"):
        parts.extend(str(e.value) for e in getattr(at, kind))
    parts.extend(f"{label} {value}" for label, value in count_tiles(at).items())
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    for table in at.table:
        parts.append(table.value.to_string())
    return "\n".join(parts)


@pytest.fixture
def engine_catalog(app_factory):
    engine = store.make_engine(app_factory.database_url)
    yield engine, store.read_catalog(engine)
    engine.dispose()


@pytest.fixture
def downloads(monkeypatch):
    """Record the data of every st.download_button (a callable: the workbook is built on click)."""
    seen: list[dict] = []
    original = streamlit.download_button

    def record(label, data, *args, **kwargs):
        seen.append({"label": label, "data": data, "file_name": kwargs.get("file_name")})
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", record)
    return seen
