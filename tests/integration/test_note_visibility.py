"""Leaders' notes reach a unit user only when their author marked them visible to units (checked in
dtplan.store.notes, whatever the page, the file or the websocket frame). SQLite and PostgreSQL."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from dtplan import store
from dtplan.domain.access import Viewer, province_scope, unit_scope
from dtplan.present import export
from dtplan.read import meeting
from dtplan.store import notes
from dtplan.store.models import NoteRow

LEADER = Viewer("lanhdao", "Lãnh đạo", "leader")
NHOQUAN = Viewer("nhoquan", "UBND huyện Nho Quan", "unit", "372")
SECRET_KPI = "Huyện Gia Viễn chỉ đạt 12,5% T12"
SECRET_TASK = "Sở Nội vụ và Huyện Kim Sơn chậm VI-01"
SHARED = "Các đơn vị đẩy nhanh T12 trong tháng 7"


def _add_notes(engine, catalog):
    notes.add_note(engine, catalog, LEADER, "kpi", "T12", "2023-06", SECRET_KPI)
    notes.add_note(engine, catalog, LEADER, "task", "VI-01", "2023-06", SECRET_TASK)
    notes.add_note(engine, catalog, LEADER, "kpi", "T12", "2023-06", SHARED, visible_to_units=True)


@pytest.fixture
def demo_notes(demo_db_url):
    engine = store.make_engine(demo_db_url)
    catalog = store.read_catalog(engine)
    _add_notes(engine, catalog)
    yield engine, catalog
    engine.dispose()


def _texts(rows):
    return {r["text"] for r in rows}


def test_a_new_note_is_for_leaders_only_by_default(demo_notes):
    engine, _catalog = demo_notes
    with Session(engine) as session:
        flags = {n.text: n.visible_to_units for n in session.scalars(select(NoteRow))}
    assert flags == {SECRET_KPI: False, SECRET_TASK: False, SHARED: True}


def test_a_unit_user_reads_only_notes_marked_for_units(demo_notes):
    engine, catalog = demo_notes
    scope = unit_scope(catalog, "372")
    assert _texts(notes.notes_for(engine, catalog, scope, viewer=NHOQUAN)) == {SHARED}
    assert _texts(notes.notes_for(engine, catalog, scope, kind="task", code="VI-01", viewer=NHOQUAN)) == set()
    # Without a viewer (the operator's export of a unit's file) a unit scope gets the same.
    assert _texts(notes.notes_for(engine, catalog, scope)) == {SHARED}


def test_leaders_read_every_note_in_any_scope(demo_notes):
    engine, catalog = demo_notes
    everything = {SECRET_KPI, SECRET_TASK, SHARED}
    assert _texts(notes.notes_for(engine, catalog, province_scope(catalog), viewer=LEADER)) == everything
    assert _texts(notes.notes_for(engine, catalog, province_scope(catalog))) == everything
    # A leader looking at Nho Quan's view still reads the leaders' notes about it.
    assert _texts(notes.notes_for(engine, catalog, unit_scope(catalog, "372"), viewer=LEADER)) == everything


def test_the_meeting_files_of_a_unit_user_hold_no_leaders_only_note(demo_notes):
    from pypdf import PdfReader

    engine, catalog = demo_notes
    scope = unit_scope(catalog, "372")
    data = meeting.meeting_data(engine, catalog, scope, "2023-06", compare="2023-05", viewer=NHOQUAN)
    assert _texts(data["notes"]) == {SHARED}
    workbook = export.render("xlsx", engine, catalog, scope, "2023-06", compare="2023-05", viewer=NHOQUAN)
    pdf = export.render("brief", engine, catalog, scope, "2023-06", compare="2023-05", viewer=NHOQUAN)
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True)
    cells = " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    for secret in (SECRET_KPI, SECRET_TASK):
        assert secret not in cells and secret not in text
    assert SHARED in cells
    assert "Các đơn vị đẩy nhanh T12" in text


KINDS = st.sampled_from(["kpi", "task", "unit"])
UNITS = st.sampled_from(["STTTT", "SNV", "369", "372", "373", "376"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    notes_spec=st.lists(st.tuples(KINDS, st.integers(0, 30), st.booleans()), min_size=1, max_size=8),
    unit=UNITS,
)
def test_property_unit_users_get_exactly_the_shared_notes(demo_sqlite_template, tmp_path, notes_spec, unit):
    """For any set of notes and any unit user: every note returned was marked for units and is about
    something the unit sees; every such note is returned."""
    import shutil
    import uuid

    path = tmp_path / f"{uuid.uuid4().hex}.db"
    shutil.copy(demo_sqlite_template, path)
    engine = store.make_engine(f"sqlite:///{path}")
    catalog = store.read_catalog(engine)
    targets = {
        "kpi": [k.code for k in catalog.kpis],
        "task": [t.code for t in catalog.tasks],
        "unit": [u.code for u in catalog.reporting_units()],
    }
    expected = set()
    scope = unit_scope(catalog, unit)
    for i, (kind, pick, shared) in enumerate(notes_spec):
        code = targets[kind][pick % len(targets[kind])]
        notes.add_note(engine, catalog, LEADER, kind, code, "2023-06", f"ghi chú {i}", visible_to_units=shared)
        if shared and notes.visible(catalog, scope, kind, code):
            expected.add(f"ghi chú {i}")
    viewer = Viewer("u", "U", "unit", unit)
    got = notes.notes_for(engine, catalog, scope, viewer=viewer)
    engine.dispose()
    assert all(n["visible_to_units"] for n in got)
    assert _texts(got) == expected


def test_the_migration_keeps_old_notes_and_makes_them_leaders_only(empty_db_url):
    """Upgrade a 0003 database holding a note: the note stays, for leaders only."""
    import datetime as dt
    from pathlib import Path

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    engine = store.make_engine(empty_db_url)
    config = Config()
    config.set_main_option("script_location", str(Path(store.__file__).resolve().parent / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO notes (target_kind, target_code, period, author, created_at, text) "
                "VALUES ('kpi', 'T12', '2023-06', 'lanhdao', :at, 'cũ')"
            ),
            {"at": dt.datetime(2023, 6, 30, 8, 0)},
        )
    store.upgrade(engine)
    with Session(engine) as session:
        rows = list(session.scalars(select(NoteRow)))
    engine.dispose()
    assert [(r.text, r.visible_to_units) for r in rows] == [("cũ", False)]
