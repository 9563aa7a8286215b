"""The reminder letter (công văn đôn đốc gửi báo cáo) for a month: addressed to the units that have not
sent a monthly report, or sent the month's report late, listing what each one owes; in the same official
layout as the brief (dtplan.present.document), as DOCX and PDF.

Only the coordinating office and the leaders send it: a unit viewer is refused here, not only on the page,
and the rows come from the viewer's scope (dtplan.read.reminders), so no other unit's name reaches them.
"""

from __future__ import annotations

from dtplan import i18n
from dtplan.domain.access import AccessDenied, Viewer
from dtplan.domain.catalog import Catalog
from dtplan.present.document import LETTER, DocTable, OfficialDocument
from dtplan.present.official_pdf import official_pdf

DOCX, PDF = "docx", "pdf"
MIME = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    PDF: "application/pdf",
}


def owed_text(entry: dict) -> tuple[str, str]:
    """(missing months, late months) of one unit as the letter writes them."""
    missing = ", ".join(i18n.month(p).lower() for p in entry["missing"]) or "—"
    late = "; ".join(
        i18n.REMINDER_LATE_ITEM.format(
            month=i18n.month(r["period"]).lower(), date=i18n.date(r["submitted_at"]), due=i18n.date(r["due"])
        )
        for r in entry["late"]
    )
    return missing, late or "—"


def reminder_document(catalog: Catalog, viewer: Viewer, owed: list[dict], month: str, demo: bool) -> OfficialDocument:
    """The letter for `owed` = dtplan.read.reminders.owed_reports(engine, catalog, scope, month)."""
    if not viewer.reads_everything:
        raise AccessDenied(i18n.REMINDER_NOT_FOR_UNITS)
    letterhead = catalog.letterhead
    plan = f"Kế hoạch số {catalog.plan.number}" if catalog.plan.number else catalog.plan.title
    month_text = i18n.month(month).lower()
    rows = tuple((str(i), catalog.unit(e["unit"]).name, *owed_text(e)) for i, e in enumerate(owed, start=1))
    doc = OfficialDocument(
        letterhead=letterhead,
        kind=LETTER,
        number=i18n.DOC_LETTER_NUMBER.format(short=letterhead.issuer_short),
        subject=i18n.REMINDER_SUBJECT.format(plan=plan),
        addressees=tuple(catalog.unit(e["unit"]).name for e in owed),
        intro=[
            i18n.REMINDER_INTRO.format(
                plan=plan, issuer=letterhead.issuer, day=catalog.reporting.monthly_due_day, month=month_text
            )
        ],
        recipients=(i18n.DOC_AS_ABOVE, *letterhead.recipients),
        demo=demo,
        meta_title=f"{i18n.REMINDER_TITLE} — {i18n.month(month)}",
    )
    if rows:
        doc.add(i18n.REMINDER_SECTION, DocTable(i18n.REMINDER_COLS, rows, (10, 50, 50, 55)), key="owed")
        doc.closing.append(i18n.REMINDER_CLOSING.format(issuer=letterhead.issuer))
    else:
        doc.add(i18n.REMINDER_SECTION, i18n.REMINDER_NONE.format(month=month_text), key="owed")
    return doc


def reminder_bytes(doc: OfficialDocument, fmt: str) -> bytes:
    from dtplan.present.official_docx import official_docx  # python-docx only when a DOCX is made

    return official_docx(doc) if fmt == DOCX else official_pdf(doc)


def file_name(catalog: Catalog, month: str, fmt: str) -> str:
    return f"cong-van-don-doc-{catalog.plan.code}-{month}.{fmt}"
