"""Text from files and users shown as typed: Markdown escaped for st.markdown/st.caption lines and
st.table cells, no bare URL, "www." or e-mail address autolinked (pure functions, no Streamlit)."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")
# A word joiner (U+2060, invisible, no width) inside "://", "www." and before "@": GFM turns a bare URL or
# address into a link even when its punctuation is backslash-escaped, and a joiner *after* "://" is taken
# into the link (seen in Chromium); splitting the marker itself leaves nothing to autolink.
_AUTOLINK = re.compile(r"(?=://)|(?<=(?<![\w.])[wW])(?=[wW]{2}\.)|(?=@)")
WORD_JOINER = "\u2060"
# Inline Markdown in a table cell: emphasis, code, links and images, HTML, strikethrough, math, entities,
# Streamlit's :colour[...] / :material/...: / :emoji: directives (a colon before a letter).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>~$]|&(?=#?\w+;)|:(?=[A-Za-z]))")
# Block Markdown at the start of a cell: heading, list item, quote, numbered list.
_BLOCK_START = re.compile(r"^(\s*)(#(?=#*(\s|$))|[-+*](?=\s|$)|\d{1,9}(?=[.)](\s|$)))")


def break_autolinks(text: str) -> str:
    return _AUTOLINK.sub(WORD_JOINER, text)


def plain_markdown(text: str) -> str:
    """Text shown through st.markdown/st.caption exactly as written (every Markdown character escaped,
    no bare URL or address made into a link)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", break_autolinks(str(text))).replace("\n", " ")


def literal_markdown(text: str) -> str:
    """A table cell shown as typed: only what Markdown could read as markup is escaped, so codes, dates
    and numbers ("T01.1", "30/06/2023 14:05", "12,5%") read as they are in the frame."""
    text = _INLINE_SPECIAL.sub(r"\\\1", break_autolinks(str(text))).replace("\r", " ").replace("\n", " ")
    match = _BLOCK_START.match(text)
    if match:
        lead, marker = match.group(1), match.group(2)
        if marker[0].isdigit():  # "1. " / "1) ": escape the dot or bracket after the number
            end = match.end()
            text = text[:end] + "\\" + text[end:]
        else:
            text = lead + "\\" + text[len(lead) :]
    return text
