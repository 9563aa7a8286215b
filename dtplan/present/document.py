"""An office document in the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I), as plain data: who issues it,
its number, place and date, title or subject line, addressees, body sections, "Nơi nhận" and the signer.

The PDF (dtplan.present.official_pdf) and the DOCX (dtplan.present.official_docx) are both drawn from one
`OfficialDocument`, so they carry the same text: `document_lines` lists it in reading order, and the tests
compare both files against it. A body is a list of sections (heading, paragraphs, tables of plain strings);
adding a section is one call of `OfficialDocument.add`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dtplan import i18n
from dtplan.domain.letterhead import Letterhead
from dtplan.present.tables import Table

REPORT, LETTER = "report", "letter"  # báo cáo (has a title) / công văn (has "V/v" and "Kính gửi")


@dataclass(frozen=True)
class DocTable:
    """A table of plain strings; `widths` are relative column weights (the renderers scale them)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()

    @classmethod
    def of(cls, table: Table | DocTable, widths: tuple[float, ...] = ()) -> DocTable:
        if isinstance(table, DocTable):
            return table if not widths else cls(table.headers, table.rows, widths)
        rows = tuple(tuple("" if c is None else str(c) for c in row) for row in table.rows)
        return cls(tuple(str(h) for h in table.headers), rows, widths)

    def column_weights(self) -> tuple[float, ...]:
        if len(self.widths) == len(self.headers):
            return self.widths
        return tuple(1.0 for _ in self.headers)


Block = str | DocTable


@dataclass
class Section:
    heading: str
    blocks: list[Block]
    key: str = ""


@dataclass
class OfficialDocument:
    letterhead: Letterhead
    kind: str  # REPORT or LETTER
    number: str  # "Số: …/BC-STTTT" — the number itself left for the office
    title: str = ""  # REPORT: "BÁO CÁO"
    subject: str = ""  # REPORT: the line under the title; LETTER: the "V/v …" line under the number
    addressees: tuple[str, ...] = ()  # LETTER: "Kính gửi:"
    intro: list[str] = field(default_factory=list)  # paragraphs before the numbered sections
    sections: list[Section] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)  # paragraphs after them
    recipients: tuple[str, ...] = ()  # "Nơi nhận:" lines before "Lưu: VT, …"
    demo: bool = False
    meta_title: str = ""  # the file's title property

    def add(self, heading: str, *blocks: Block | Table, key: str = "", before: str | None = None) -> Section:
        """Append a section (or insert it before the section whose key is `before`, when there is one)."""
        section = Section(heading, [b if isinstance(b, str) else DocTable.of(b) for b in blocks], key)
        keys = [s.key for s in self.sections]
        if before is not None and before in keys:
            self.sections.insert(keys.index(before), section)
        else:
            self.sections.append(section)
        return section

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)


# --- the fixed lines of the layout (one wording for both renderers) ---------------------------------------


def head_lines(doc: OfficialDocument) -> tuple[str, str]:
    """Tên cơ quan chủ quản and tên cơ quan ban hành, in upper case."""
    return doc.letterhead.superior.upper(), doc.letterhead.issuer.upper()


def place_date(doc: OfficialDocument) -> str:
    """Left blank for the office: the date is the day of signing, not the day the file was made."""
    return i18n.DOC_PLACE_DATE.format(place=doc.letterhead.place)


def section_heading(index: int, section: Section) -> str:
    return f"{index}. {section.heading}"


def recipient_lines(doc: OfficialDocument) -> list[str]:
    lines = [f"- {r};" for r in doc.recipients]
    return [*lines, i18n.DOC_ARCHIVE.format(short=doc.letterhead.issuer_short)]


def addressee_lines(doc: OfficialDocument) -> list[str]:
    """ "Kính gửi: X." for one; a list of "- X;" (the last with a full stop) for several."""
    if len(doc.addressees) == 1:
        return [f"{i18n.DOC_TO} {doc.addressees[0]}."]
    body = [f"- {a};" for a in doc.addressees]
    if body:
        body[-1] = body[-1][:-1] + "."
    return [i18n.DOC_TO, *body]


def signer_lines(doc: OfficialDocument) -> list[str]:
    return [doc.letterhead.signer.upper()]


def document_lines(doc: OfficialDocument) -> list[str]:
    """Every line of text of the document in reading order (table cells row by row): what the PDF and
    the DOCX must both carry."""
    superior, issuer = head_lines(doc)
    lines = [superior, issuer, doc.number]
    if doc.kind == LETTER and doc.subject:
        lines.append(doc.subject)
    lines += [i18n.DOC_MOTTO, i18n.DOC_MOTTO_SUB, place_date(doc)]
    if doc.demo:
        lines.append(i18n.BRIEF_DEMO)
    if doc.kind == REPORT:
        lines += [doc.title, doc.subject]
    else:
        lines += addressee_lines(doc)
    lines += doc.intro
    for index, section in enumerate(doc.sections, start=1):
        lines.append(section_heading(index, section))
        for block in section.blocks:
            if isinstance(block, str):
                lines.append(block)
            else:
                lines += list(block.headers)
                for row in block.rows:
                    lines += list(row)
    lines += doc.closing
    lines += [i18n.DOC_RECIPIENTS, *recipient_lines(doc), *signer_lines(doc)]
    return [line for line in lines if line]
