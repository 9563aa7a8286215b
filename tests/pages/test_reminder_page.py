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
