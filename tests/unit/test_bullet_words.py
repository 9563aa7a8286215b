"""The words the KPI page's bullets write beside each unit: why two equal bars may carry different statuses
(each unit's figure is compared with its own plan to date), the target once met, an old stock figure."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from dtplan import i18n
from dtplan.domain import metrics
from dtplan.present import charts
from dtplan.present.charts.bullet import bullet_label, bullet_reason, plan_share

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def _row(actual, expected, status, target=60.0, op="ge", stale=False, short="A", unit="A") -> dict:
    return {
        "unit": unit,
        "unit_name": f"Đơn vị {short}",
        "short": short,
        "actual": actual,
        "expected": expected,
        "target": target,
        "op": op,
        "status": status,
        "stale": stale,
    }


def test_equal_bars_with_different_statuses_say_why():
    """25 % for both; one unit's plan to date is 40 % (behind), the other's 26 % (at risk)."""
    behind = _row(25.0, 40.0, metrics.kpi_status(25.0, "ge", 60.0, 40.0))
    at_risk = _row(25.0, 26.0, metrics.kpi_status(25.0, "ge", 60.0, 26.0))
    assert (behind["status"], at_risk["status"]) == (metrics.OFF_TRACK, metrics.AT_RISK)
    assert bullet_label(behind, "percent") == "25,0% · 62,5% KH đến kỳ (40,0%) · ▼ Chậm tiến độ"
    assert bullet_label(at_risk, "percent") == "25,0% · 96,1% KH đến kỳ (26,0%) · ◆ Có nguy cơ"


def test_the_share_is_rounded_down_so_it_never_crosses_a_status_line():
    assert plan_share(35.66, 39.73) == 89.7  # 89.75… behind schedule: never written "89,8" up to "90,0"
    assert plan_share(89.97, 100.0) == 89.9
    assert plan_share(36.0, 40.0) == 90.0  # exactly 90 % (at risk) stays 90,0 despite 0.8999… in floats
    assert plan_share(99.99, 100.0) == 99.9
    assert plan_share(None, 40.0) is None
    assert plan_share(10.0, 0.0) is None


@pytest.mark.parametrize(("actual", "expected"), [(36.0, 40.0), (35.9, 40.0), (40.0, 40.0), (39.9, 40.0)])
def test_the_share_written_agrees_with_the_status(actual, expected):
    status = metrics.kpi_status(actual, "ge", 60.0, expected)
    share = plan_share(actual, expected)
    assert (share >= 100.0) == (status == metrics.ON_TRACK)
    assert (share >= 90.0) == (status in (metrics.ON_TRACK, metrics.AT_RISK))


def test_a_kpi_met_or_a_year_end_verdict_is_compared_with_the_target():
    met = _row(65.0, 40.0, metrics.MET)
    assert bullet_reason(met, "percent") == "Mục tiêu ≥ 60,0%"
    assert bullet_label(met, "percent") == "65,0% · Mục tiêu ≥ 60,0% · ✔ Đạt chỉ tiêu"
    failed = _row(12.0, 20.0, metrics.KHONG_DAT, target=20.0, op="gt")
    assert bullet_label(failed, "count") == "12 · Mục tiêu > 20 · ✖ Không đạt"


def test_no_figure_writes_only_the_status_and_an_old_figure_says_so():
    assert bullet_label(_row(None, 40.0, metrics.NO_DATA), "percent") == i18n.kpi_status_label(metrics.NO_DATA)
    old = _row(25.0, 40.0, metrics.OFF_TRACK, stale=True)
    assert bullet_label(old, "percent") == f"25,0% · 62,5% KH đến kỳ (40,0%) · ▼ Chậm tiến độ · {i18n.STALE}"


def test_each_line_spells_out_its_facts_on_hover_and_links_to_its_unit():
    rows = [_row(25.0, 40.0, metrics.OFF_TRACK, stale=True), _row(25.0, 26.0, metrics.AT_RISK, short="B", unit="B")]
    drawn = charts.bullets_svg(rows, "percent", links={"A": "don-vi?unit=A&as_of=2023-06"})
    root = ET.fromstring(drawn)
    names = i18n.BULLET_TOOLTIP
    first = "\n".join(
        [
            f"{names['unit']}: Đơn vị A",
            f"{names['actual']}: 25,0%",
            f"{names['expected']}: 40,0%",
            f"{names['share']}: 62,5%",
            f"{names['target']}: ≥ 60,0%",
            f"{names['status']}: ▼ Chậm tiến độ · {i18n.STALE}",
        ]
    )
    assert charts.bullet_description(rows[0], "percent") == first
    titles = [t.text for t in root.iter(f"{SVG}title")]
    # Each unit's bands (each naming its band), bar and target tick carry its facts as their hover title.
    for row in rows:
        facts = charts.bullet_description(row, "percent")
        bands = [f"{facts}\n{names['band']}: {i18n.BANDS[b]}" for b in charts.BAND_COLOURS]
        assert all(titles.count(text) == 1 for text in bands)
        assert titles.count(facts) == 2  # the bar and the tick
    # Unit A has a page: all five of its marks and its words link there, in the same tab; B has none.
    links = [a for a in root.iter(f"{SVG}a")]
    assert {a.get(f"{XLINK}href") for a in links} == {"don-vi?unit=A&as_of=2023-06"}
    assert {a.get("target") for a in links} == {"_self"}
    assert len(links) == 6
    assert all(first in (t.text or "") for a in links for t in a.iter(f"{SVG}title"))


def test_a_phone_gets_the_short_words_and_the_same_spec():
    rows = [_row(25.0, 40.0, metrics.OFF_TRACK, stale=True), _row(25.0, 26.0, metrics.AT_RISK, short="B", unit="B")]
    assert bullet_label(rows[0], "percent", compact=True) == "25,0% · ▼ Chậm tiến độ · ⚠"
    assert bullet_label(rows[1], "percent", compact=True) == "25,0% · ◆ Có nguy cơ"
    wide, phone = charts.bullets(rows, "percent").to_dict(), charts.bullets(rows, "percent", compact=True).to_dict()
    (wide_data,), (phone_data,) = wide["datasets"].values(), phone["datasets"].values()
    assert [d["label"] for d in phone_data] == [bullet_label(r, "percent", compact=True) for r in rows]
    # The facts a phone's short words leave out stay in each line's description.
    assert [d["description"] for d in phone_data] == [d["description"] for d in wide_data]
    assert [d["description"].split("\n")[3] for d in wide_data] == [
        f"{i18n.BULLET_TOOLTIP['share']}: {s}" for s in ("62,5%", "96,1%")
    ]
    # The words sit right of the scale's end (the drawing grows to hold them), after the target tick.
    assert wide["layer"][5]["encoding"]["x"]["field"] == "top"
    assert wide["layer"][0]["encoding"]["x"]["scale"]["domain"] == [0, 100.0]
