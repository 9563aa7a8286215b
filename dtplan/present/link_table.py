"""A table whose cells open other views: HTML for st.markdown, every cell escaped, the chosen cells links
in the same tab (as a chart's marks are). A table of links costs the browser about what a static table
does; the st.dataframe grid it replaces cost about 0.1 s more per page (bench/bench_pages.py)."""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping, Sequence
from html import escape

import pandas as pd

from dtplan import i18n

MARK = "data-dt-table"  # the container's attribute: the style sheet and the tests find the table by it
# Streamlit opens a Markdown link in a new tab unless the link names its own target.
_SAME_TAB = ' target="_self"'


def _leaves_app(href: str) -> bool:
    """A link with a scheme (http:, javascript:) or a host is not one of the app's own pages."""
    parts = urllib.parse.urlsplit(href)
    return bool(parts.scheme or parts.netloc)


def _cell_text(value) -> str:
    """A cell as one line of escaped text: a line break inside a cell must not end the HTML block, or the
    rest would be read as Markdown."""
    if isinstance(value, float):
        value = "—" if value != value else i18n.number(value, 0 if value.is_integer() else 1)  # NaN: no figure
    return escape(" ".join(str(value).split()), quote=True)


def link_table(
    frame: pd.DataFrame,
    links: Mapping[str, Sequence[str | None]],
    header_titles: Mapping[str, str] | None = None,
) -> str:
    """`frame` as an HTML table; `links[column][row]` is the relative URL that cell opens (None: plain text);
    `header_titles` are the hover texts of some headers (a KPI code's name)."""
    for column, hrefs in links.items():
        if len(hrefs) != len(frame):
            raise ValueError(f"{column}: {len(hrefs)} links for {len(frame)} rows")
        if any(h is not None and _leaves_app(h) for h in hrefs):
            raise ValueError(f"{column}: a link leaves the app")
    titles = header_titles or {}
    numeric = {c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
    head = "".join(
        f'<th title="{escape(titles[c], quote=True)}">{_cell_text(c)}</th>'
        if c in titles
        else f"<th>{_cell_text(c)}</th>"
        for c in frame.columns
    )
    body = []
    for position, row in enumerate(frame.itertuples(index=False, name=None)):
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            text = _cell_text(value)
            href = links[column][position] if column in links else None
            if href is not None:
                text = f'<a href="{escape(href, quote=True)}"{_SAME_TAB}>{text}</a>'
            # A number is aligned right; a word (a code, a date, a figure) is not broken at its hyphen.
            kind = "dt-number" if column in numeric else "dt-word" if " " not in str(value).strip() else ""
            cells.append(f'<td class="{kind}">{text}</td>' if kind else f"<td>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<div {MARK}><table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
