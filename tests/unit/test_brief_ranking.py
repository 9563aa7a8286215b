"""How much of a ranking the brief prints (dtplan.present.ranking): a short one whole; of a long one the last
ranks and every unit tied with them, unless the ties are as long as a whole ranking."""

from __future__ import annotations

from dtplan.present.ranking import BRIEF_ALL_UP_TO, BRIEF_WORST, brief_rows, brief_scorecard_rows


def ranked(shares: list[float | None]) -> list[dict]:
    return [{"code": f"U{i}", "ok_share": s, "lagging_tasks": 0} for i, s in enumerate(shares)]


def test_a_short_ranking_is_printed_whole():
    rows = ranked([50.0] * BRIEF_ALL_UP_TO)
    assert brief_rows(rows) == (rows, False)
    assert brief_scorecard_rows({"rows": [{"unit": r["code"]} for r in rows]}, rows) is None


def test_a_long_ranking_is_cut_to_its_last_ranks_with_their_ties():
    rows = ranked([90.0] * 80 + [40.0] * 5 + [0.0] * (BRIEF_WORST + 1))  # eleven tied last: all eleven
    shown, cut = brief_rows(rows)
    assert cut and shown == rows[-(BRIEF_WORST + 1) :]
    rows = ranked([90.0] * 80 + [40.0] * 5 + [0.0] * 3 + [None] * 8)  # None counts as 0 %: 11 tied
    assert len(brief_rows(rows)[0]) == 11
    rows = ranked([float(100 - i) for i in range(96)])  # no tie: exactly the last ten
    assert brief_rows(rows) == (rows[-BRIEF_WORST:], True)
    rows = ranked([None] * 96)  # at the start of the year everyone ties: still ten, not the whole list
    assert brief_rows(rows) == (rows[-BRIEF_WORST:], True)


def test_the_scorecard_rows_follow_the_cut_ranking():
    rows = ranked([float(100 - i) for i in range(40)])
    card = {"rows": [{"unit": f"U{i}", "met": i} for i in range(40)]}  # catalogue order
    picked = brief_scorecard_rows(card, rows)
    assert [r["unit"] for r in picked] == [r["code"] for r in rows[-BRIEF_WORST:]]
