"""A phone gets the gauge grid in two columns: told from the session's request headers (the server never
learns the screen's width), and drawn by the pure chart builder with fewer, larger cells."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from streamlit.runtime.context import StreamlitHeaders

from dtplan.domain.access import province_scope
from dtplan.present import charts
from dtplan.read import views
from dtplan.store import read_catalog
from dtplan.web import screen

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)
DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
IPAD = (
    "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/604.1"
)
PHONE_CONTENT_WIDTH = 358  # a 390 px phone less Streamlit's 16 px padding either side


def _with_headers(monkeypatch, *headers: tuple[str, str]) -> None:
    monkeypatch.setattr(screen, "st", SimpleNamespace(context=SimpleNamespace(headers=StreamlitHeaders(headers))))


@pytest.mark.parametrize(
    ("headers", "phone"),
    [
        ((("User-Agent", IPHONE),), True),
        ((("User-Agent", ANDROID_CHROME),), True),
        ((("user-agent", DESKTOP), ("sec-ch-ua-mobile", "?1")), True),  # the client hint, any case
        ((("User-Agent", DESKTOP), ("Sec-CH-UA-Mobile", "?0")), False),
        ((("User-Agent", DESKTOP),), False),
        ((("User-Agent", IPAD),), False),  # a tablet has the width: the desktop grid
        ((), False),
    ],
)
def test_a_phone_is_told_by_its_request_headers(monkeypatch, headers, phone):
    _with_headers(monkeypatch, *headers)
    assert screen.is_phone() is phone
    grid = screen.gauge_grid(columns=7, cell=200)
    assert grid == (charts.PHONE_GRID if phone else {"columns": 7, "cell": 200, "font_scale": 1.0})


def test_without_a_session_it_is_not_a_phone():
    assert screen.is_phone() is False  # no script run context: st.context has no headers
    assert screen.gauge_grid(columns=7, cell=248, font_scale=2.0) == {"columns": 7, "cell": 248, "font_scale": 2.0}


def test_the_phone_grid_is_two_columns_of_cells_that_fit_a_phone(demo_engine):
    cat = read_catalog(demo_engine)
    rows = [r for r in views.kpi_table(demo_engine, cat, province_scope(cat), "2023-06") if r["applies"]]
    spec = charts.gauges_spec(rows, **charts.PHONE_GRID)
    (data,) = spec["datasets"].values()
    cell = charts.PHONE_GRID["cell"]
    centres = sorted({d["x"] for d in data})
    assert len(centres) == 2 and cell >= 150
    assert centres[1] - centres[0] >= cell  # side by side, not overlapping
    assert spec["width"] + 10 <= PHONE_CONTENT_WIDTH  # + Vega's padding
    lines = [line for d in data for line in d["header"].split("\n")]
    assert max(len(line) for line in lines) <= charts.PHONE_GRID["header_chars"]
    # Every KPI is there, in the same order as on a desktop, and the desktop grid is unchanged.
    desktop = charts.gauges_spec(rows, columns=7, cell=200)
    assert len({d["x"] for d in next(iter(desktop["datasets"].values()))}) == 7
    assert desktop["width"] == 7 * 200 + 6 * 8
    (wide,) = desktop["datasets"].values()
    assert [d["code"] for d in data] == [d["code"] for d in wide] == [r["code"] for r in rows]
    assert [d["header"] for d in wide] == [charts.gauge_frame(rows)["header"][i] for i in range(len(rows))]
