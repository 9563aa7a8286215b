"""The status palette stays legible: text on every status fill keeps WCAG AA contrast, and every two
statuses stay apart for viewers with the common colour-vision deficiencies (simulated) and from afar."""

from __future__ import annotations

import itertools
import math

import pytest

from dtplan.present import palette

# Viénot, Brettel & Mollon (1999) dichromat simulation in linear RGB (protanopia, deuteranopia), and
# Brettel-style tritanopia (Machado 2009, severity 1.0).
SIMULATIONS = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protan": ((0.11238, 0.88762, 0.0), (0.11238, 0.88762, 0.0), (0.00401, -0.00401, 1.0)),
    "deutan": ((0.29275, 0.70725, 0.0), (0.29275, 0.70725, 0.0), (-0.02234, 0.02234, 1.0)),
    "tritan": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.3039)),
}
MIN_DISTANCE = 30.0  # CIE76 ΔE between two statuses under every simulation: apart from across a room too


def _linear(colour: str) -> tuple[float, float, float]:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = palette.rgb(colour)
    return channel(r), channel(g), channel(b)


def luminance(colour: str) -> float:
    r, g, b = _linear(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(colour: str, simulation: str) -> tuple[float, float, float]:
    rgb = _linear(colour)
    m = SIMULATIONS[simulation]
    r, g, b = (min(1.0, max(0.0, sum(m[i][j] * rgb[j] for j in range(3)))) for i in range(3))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def distance(a: str, b: str, simulation: str) -> float:
    return math.dist(lab(a, simulation), lab(b, simulation))


def test_contrast_and_distance_helpers_measure_what_they_claim():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert distance("#CC7722", "#CC7722", "deutan") == 0.0
    # Red and green, far apart to normal sight, fall together for a deuteranope: the simulation works.
    assert distance("#D03030", "#30A030", "normal") > 2 * distance("#D03030", "#30A030", "deutan")


@pytest.mark.parametrize(
    ("fills", "texts"),
    [(palette.KPI_COLOURS, palette.KPI_TEXT), (palette.COMPLIANCE_COLOURS, palette.COMPLIANCE_TEXT)],
    ids=["kpi", "compliance"],
)
def test_text_on_every_status_fill_keeps_wcag_aa_contrast(fills, texts):
    low = {status: round(contrast(fills[status], texts[status]), 2) for status in fills}
    assert all(value >= 4.5 for value in low.values()), low


@pytest.mark.parametrize("simulation", list(SIMULATIONS))
@pytest.mark.parametrize(
    "statuses",
    [
        ("met", "on_track", "at_risk", "off_track", "no_data"),
        ("vuot", "khong_dat", "no_data"),
    ],
    ids=["in-year", "year-end"],
)
def test_every_two_kpi_statuses_stay_apart_for_colour_blind_viewers(statuses, simulation):
    close = {
        (a, b): round(distance(palette.KPI_COLOURS[a], palette.KPI_COLOURS[b], simulation), 1)
        for a, b in itertools.combinations(statuses, 2)
        if distance(palette.KPI_COLOURS[a], palette.KPI_COLOURS[b], simulation) < MIN_DISTANCE
    }
    assert not close, close


@pytest.mark.parametrize("simulation", list(SIMULATIONS))
def test_every_two_report_statuses_stay_apart_for_colour_blind_viewers(simulation):
    colours = palette.COMPLIANCE_COLOURS
    close = {
        (a, b): round(distance(colours[a], colours[b], simulation), 1)
        for a, b in itertools.combinations(colours, 2)
        if distance(colours[a], colours[b], simulation) < MIN_DISTANCE
    }
    assert not close, close
