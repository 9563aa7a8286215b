"""Báo cáo đúng hạn: the reminder letter's DOCX and PDF buttons for leaders and admins, none for a unit user;
a unit's own page says which reports it still owes."""

from dtplan import i18n

PAGE = "pages/bao_cao.py"


def test_leader_gets_the_reminder_buttons_and_a_unit_user_none(app_factory):
    at = app_factory(user="lanhdao", page=PAGE, query={"as_of": "2023-06"})
    assert not at.exception, at.exception
    labels = [b.label for b in at.get("download_button")]
    assert i18n.DOWNLOAD_REMINDER_DOCX in labels and i18n.DOWNLOAD_REMINDER_PDF in labels
    assert at.selectbox(key="dtplan_reminder_month").value == "2023-06"
    at = app_factory(user="nhoquan", page=PAGE, query={"as_of": "2023-06"})
    assert not at.exception, at.exception
    labels = [b.label for b in at.get("download_button")]
    assert i18n.DOWNLOAD_REMINDER_DOCX not in labels and i18n.DOWNLOAD_REMINDER_PDF not in labels
    assert i18n.REMINDER_TITLE not in [s.value for s in at.subheader]


def test_a_units_page_says_which_reports_it_owes(app_factory, monkeypatch):
    import datetime as dt

    from dtplan import store
    from dtplan.domain.access import unit_scope
    from dtplan.read.reminders import owed_reports

    monkeypatch.setenv("DTPLAN_TODAY", "2024-01-15")
    at = app_factory(user="nhoquan", page="pages/dia_ban.py", query={"as_of": "2023-06"})
    assert not at.exception, at.exception
    assert i18n.UNIT_OWED_TITLE in [s.value for s in at.subheader]
    engine = store.make_engine(app_factory.database_url)
    try:
        catalog = store.read_catalog(engine)
        owed = owed_reports(engine, catalog, unit_scope(catalog, "372"), "2023-06", dt.date(2024, 1, 15))
    finally:
        engine.dispose()
    missing = owed[0]["missing"] if owed else []
    expected = (
        i18n.UNIT_OWED.format(items=", ".join(i18n.month(p) for p in missing)) if missing else i18n.UNIT_OWED_NONE
    )
    assert expected in [m.value for m in [*at.markdown, *at.caption]]
    assert missing, "the demo data leaves Nho Quan a missing month (January)"
