"""The ranking in the meeting files follows the plan's shape: agencies and districts in the 2023 plan,
agencies and communes in a two-level plan (contract §1.5). The XLSX ranks every unit; the brief prints a
short ranking whole and a long one (~100 communes) as its last ranks, saying so. A commune's files rank
only that commune."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from dtplan import i18n, store
from dtplan.domain.access import province_scope, unit_scope
from dtplan.present import brief, export, ranking
from dtplan.present.document import DocTable
from dtplan.read import meeting
from tests.conftest import TWO_LEVEL_TODAY
from tests.integration.test_official_documents import docx_text, pdf_text

TWO_LEVEL_AS_OF = "2025-10"
TODAY = dt.date.fromisoformat(TWO_LEVEL_TODAY)


@pytest.fixture
def two_level(two_level_db_url):
    engine = store.make_engine(two_level_db_url)
    yield engine, store.read_catalog(engine)
    engine.dispose()


def ranking_rows(xlsx: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True)[i18n.SHEET_RANKING]
    return list(sheet.iter_rows(min_row=2, values_only=True))


def ranking_section(doc) -> tuple[list[str], list[DocTable]]:
    section = next(s for s in doc.sections if s.key == "ranking")
    return [b for b in section.blocks if isinstance(b, str)], [b for b in section.blocks if isinstance(b, DocTable)]


def names_in(rows, column: int) -> list[str]:
    return [str(r[column]) for r in rows]


def test_the_two_level_meeting_xlsx_ranks_every_agency_and_commune(two_level):
    engine, catalog = two_level
    scope = province_scope(catalog)
    data = meeting.meeting_data(engine, catalog, scope, TWO_LEVEL_AS_OF, today=TODAY)
    rows = [r for r in ranking_rows(export.render(export.XLSX, engine, catalog, scope, TWO_LEVEL_AS_OF, data=data))]
    rows = [r for r in rows if any(v is not None for v in r)]
    by_kind = {kind: [r for r in rows if r[0] == i18n.DOC_RANKING_KIND[kind]] for kind in ("agency", "commune")}
    communes = catalog.units_of_kind("commune")
    assert len(communes) > ranking.BRIEF_ALL_UP_TO  # the demo is long enough to be cut in the brief
    assert sorted(names_in(by_kind["commune"], 2)) == sorted(u.name for u in communes)
    assert sorted(names_in(by_kind["agency"], 2)) == sorted(u.name for u in catalog.units_of_kind("agency"))
    assert len(rows) == len(by_kind["agency"]) + len(by_kind["commune"])  # nothing else, no district
    # in rank order, the same order as the read model's
    assert names_in(by_kind["commune"], 2) == [r["name"] for r in data["rankings"]["commune"]]
    assert by_kind["commune"][0][1] == f"1/{len(communes)}"


def test_the_two_level_brief_prints_the_last_ranked_communes_in_pdf_and_docx(two_level):
    engine, catalog = two_level
    scope = province_scope(catalog)
    data = meeting.meeting_data(engine, catalog, scope, TWO_LEVEL_AS_OF, today=TODAY)
    communes = data["rankings"]["commune"]
    doc = brief.brief_document(data, catalog, scope)
    titles, tables_ = ranking_section(doc)
    assert len(tables_) == 2  # agencies (whole), communes (cut)
    agencies, last = tables_
    assert len(agencies.rows) == len(catalog.units_of_kind("agency"))
    # The last ten, and any commune tied with the tenth from last (equal share, equal lagging tasks).
    standing = [((r["ok_share"] or 0.0), r["lagging_tasks"]) for r in communes]
    first = standing.index(standing[-ranking.BRIEF_WORST])
    assert first <= len(communes) - ranking.BRIEF_WORST and standing[first - 1] != standing[first]
    expected = communes[first:]
    assert [r[1] for r in last.rows] == [r["name"] for r in expected]
    assert last.rows[-1][0] == f"{len(communes)}/{len(communes)}"
    cut = i18n.DOC_RANKING_WORST.format(shown=len(expected), total=len(communes), sheet=i18n.SHEET_RANKING)
    title = f"{i18n.DOC_RANKING.format(kind=i18n.DOC_RANKING_KIND['commune'])} {cut}:"
    assert titles[-1] == title
    # The brief's scorecard of the communes: the same communes, in the same order; the agencies' whole.
    section = next(s for s in doc.sections if s.key == "scorecard")
    cards = [b for b in section.blocks if isinstance(b, DocTable)]
    assert [len(t.rows) for t in cards] == [len(catalog.units_of_kind("agency")), len(expected)]
    assert [r[0] for r in cards[1].rows] == [catalog.unit(r["code"]).short for r in expected]
    sheet = i18n.SCORECARD_SHEET["commune"]
    worst = i18n.DOC_SCORECARD_WORST.format(shown=len(expected), total=len(communes), sheet=sheet)
    assert f"{sheet} {worst}" in section.blocks
    pdf = pdf_text(brief.brief_pdf(data, catalog, scope))
    docx = docx_text(brief.brief_docx(data, catalog, scope))
    worst = communes[-1]["name"]
    for text in (pdf, docx):
        assert "Xếp hạng các xã, phường" in text and worst in text
    assert " ".join(title.split()) in docx


def test_a_communes_meeting_files_rank_only_that_commune(two_level):
    engine, catalog = two_level
    own = catalog.units_of_kind("commune")[0]
    scope = unit_scope(catalog, own.code)
    data = meeting.meeting_data(engine, catalog, scope, TWO_LEVEL_AS_OF, today=TODAY)
    rows = ranking_rows(export.render(export.XLSX, engine, catalog, scope, TWO_LEVEL_AS_OF, data=data))
    rows = [r for r in rows if any(v is not None for v in r)]
    assert [(r[0], r[2]) for r in rows] == [(i18n.DOC_RANKING_KIND["commune"], own.name)]
    _titles, tables_ = ranking_section(brief.brief_document(data, catalog, scope))
    assert [[r[1] for r in t.rows] for t in tables_] == [[own.name]]


def test_the_2023_meeting_files_rank_agencies_and_every_district(demo_engine):
    catalog = store.read_catalog(demo_engine)
    scope = province_scope(catalog)
    data = meeting.meeting_data(demo_engine, catalog, scope, "2023-06", today=dt.date(2024, 1, 15))
    rows = ranking_rows(export.render(export.XLSX, demo_engine, catalog, scope, "2023-06", data=data))
    kinds = [r[0] for r in rows if r[0] is not None]
    assert set(kinds) == {i18n.DOC_RANKING_KIND["agency"], i18n.DOC_RANKING_KIND["district"]}
    districts = catalog.units_of_kind("district")
    assert sorted(r[2] for r in rows if r[0] == i18n.DOC_RANKING_KIND["district"]) == sorted(u.name for u in districts)
    titles, tables_ = ranking_section(brief.brief_document(data, catalog, scope))
    assert titles == [i18n.DOC_RANKING.format(kind=i18n.DOC_RANKING_KIND[k]) + ":" for k in ("agency", "district")]
    assert [len(t.rows) for t in tables_] == [len(catalog.units_of_kind("agency")), len(districts)]
