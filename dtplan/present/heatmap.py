"""Reporting compliance as a heat map — units × months, each cell's status as its colour and its symbol,
each cell's facts (unit, month, status, due and submitted dates) as its hover title — in one HTML table.

An HTML table, not a chart drawn as SVG: the browser builds a table's cells from one string, where an SVG
passed as Markdown became a React element per node (1,911 for the demo plan). The compliance page drew in
0.29–0.31 s instead of 0.40–0.42 s (bench/bench_pages.py, runs alternating with the SVG version). The
legend repeats each colour with its symbol and word, so a reader who cannot tell the colours apart loses
nothing."""

from __future__ import annotations

from html import escape

from dtplan import i18n
from dtplan.present.palette import COMPLIANCE_COLOURS, COMPLIANCE_TEXT

MARK = "data-dt-heatmap"  # the container's attribute: the style sheet and the tests find the map by it
CELL_ATTR = "data-dt-status"  # each cell's status key, for the tests and the style sheet


def heatmap_description(row: dict, unit_name: str) -> str:
    """A cell's facts, one a line (its hover title)."""
    facts = (
        (i18n.COL["unit"], unit_name),
        (i18n.COL["month"], i18n.month_short(row["period"])),
        (i18n.COL["reported_status"], i18n.compliance_status_label(row["status"])),
        (i18n.COL["due"], i18n.date(row["due"])),
        (i18n.COL["submitted_at"], i18n.date(row["submitted_at"])),
    )
    return "\n".join(f"{name}: {text}" for name, text in facts)


def _attr(text: str) -> str:
    """Text for an attribute: escaped, its line breaks as character references so they survive any parser."""
    return escape(text, quote=True).replace("\n", "&#10;")


def _swatch(status: str) -> str:
    return f'style="background:{COMPLIANCE_COLOURS[status]};color:{COMPLIANCE_TEXT[status]}"'


def heatmap_legend() -> str:
    """Each status: its colour with its symbol in it, then its word."""
    items = "".join(
        f"<span><b {_swatch(s)}>{escape(i18n.COMPLIANCE_SYMBOL[s])}</b>{escape(i18n.COMPLIANCE_STATUS[s])}</span>"
        for s in COMPLIANCE_COLOURS
    )
    return f'<p class="dt-legend">{items}</p>'


def heatmap_html(rows: list[dict], unit_names: dict[str, str]) -> str:
    """The map: a row per unit (in the order of `rows`), a column per month; a unit without a row for a month
    (none in a compliance table) gets an empty cell."""
    units = list(dict.fromkeys(r["unit"] for r in rows))
    periods = sorted({r["period"] for r in rows})
    cell = {(r["unit"], r["period"]): r for r in rows}
    head = "".join(f'<th scope="col">{escape(i18n.month_short(p))}</th>' for p in periods)
    body = []
    for unit in units:
        name = unit_names[unit]
        cells = []
        for period in periods:
            row = cell.get((unit, period))
            if row is None:
                cells.append("<td></td>")
                continue
            status = row["status"]
            cells.append(
                f'<td {CELL_ATTR}="{status}" {_swatch(status)} title="{_attr(heatmap_description(row, name))}">'
                f"{escape(i18n.COMPLIANCE_SYMBOL[status])}</td>"
            )
        body.append(f'<tr><th scope="row">{escape(name)}</th>{"".join(cells)}</tr>')
    table = f"<table><thead><tr><td></td>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    return f'<div {MARK}="">{heatmap_legend()}<div>{table}</div></div>'
