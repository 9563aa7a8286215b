"""Leaders' notes on the pages, as nhoquan (AppTest: what the server sends is what the elements hold); the
rule itself and the meeting files are tested in tests/integration/test_note_visibility.py."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from dtplan import store
from dtplan.store.models import NoteRow
from dtplan.web import state
from tests.integration.test_note_visibility import SECRET_KPI, SECRET_TASK, SHARED, _add_notes


def _page_text(at) -> str:
    """Every text the page sent (note bodies are st.text elements)."""
    from tests.pages.conftest import texts

    return texts(at) + "\n" + "\n".join(str(e.value) for e in at.text)


def test_nhoquan_never_receives_a_leaders_only_note_on_any_page(app_factory, monkeypatch):
    import streamlit

    engine = store.make_engine(app_factory.database_url)
    catalog = store.read_catalog(engine)
    _add_notes(engine, catalog)
    engine.dispose()
    files: list = []
    original = streamlit.download_button

    def record(label, data, *args, **kwargs):
        files.append(data)
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(streamlit, "download_button", record)
    at = app_factory(user="nhoquan", page="pages/chi_tieu.py", query={"as_of": "2023-06", "kpi": "T12"})
    seen = [_page_text(at)]
    for page, query in (
        ("pages/cuoc_hop.py", {"as_of": "2023-06", "compare": "2023-05"}),
        ("pages/nhiem_vu.py", {"as_of": "2023-06", "task": "VI-01"}),
    ):
        at.query_params.clear()
        at.query_params.update(query)
        at.switch_page(page).run()
        assert not at.exception, at.exception
        seen.append(_page_text(at))
    everything = " ".join(seen)
    assert SECRET_KPI not in everything and SECRET_TASK not in everything
    assert SHARED in everything
    made = b"".join(f() if callable(f) else f for f in files)  # the meeting PDF/XLSX and page XLSX
    assert SECRET_KPI.encode() not in made and SECRET_TASK.encode() not in made


def test_the_note_form_has_an_unticked_units_box_and_saves_the_choice(app_factory):
    from dtplan import i18n

    at = app_factory(user="lanhdao", page="pages/chi_tieu.py", query={"as_of": "2023-06", "kpi": "T12"})
    assert not at.text_area  # the form is drawn once asked for
    at.toggle(key=state.NOTE_FORM_OPEN + "kpi_T12").set_value(True).run()
    box = next(c for c in at.checkbox if c.label == i18n.NOTE_FORM_UNITS)
    assert box.value is False
    at.text_area[0].input("Cho mọi đơn vị: đẩy nhanh T12")
    box.check()
    next(b for b in at.button if b.label == i18n.NOTE_FORM_SUBMIT).click()
    at.run()
    assert not at.exception, at.exception
    engine = store.make_engine(app_factory.database_url)
    with Session(engine) as session:
        saved = {n.text: n.visible_to_units for n in session.scalars(select(NoteRow))}
    engine.dispose()
    assert saved == {"Cho mọi đơn vị: đẩy nhanh T12": True}
