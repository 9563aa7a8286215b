"""Who issues the office's documents (the meeting report, the reminder letter): the plan file's optional
`document` keys, with defaults from the plan's province, so a plan without them still gets a correct
heading in the layout of Nghị định 30/2020/NĐ-CP.

    document: {superior: "UBND tỉnh Ninh Bình", issuer: "Sở Thông tin và Truyền thông",
               issuer_short: "STTTT", place: "Ninh Bình", signer: "Giám đốc",
               recipients: ["UBND tỉnh (để báo cáo)", "Ban Chỉ đạo chuyển đổi số tỉnh"]}
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from dtplan.domain import plan_fields as fields
from dtplan.domain.plan_fields import CatalogError

# The coordinating agency of a provincial digital-transformation plan is, by default, the province's
# department of information and communications; another plan names its own in `document.issuer`.
DEFAULT_ISSUER = "Sở Thông tin và Truyền thông"
DEFAULT_ISSUER_SHORT = "STTTT"
DEFAULT_SIGNER = "Giám đốc"
DEFAULT_RECIPIENTS = ("UBND tỉnh (để báo cáo)", "Ban Chỉ đạo chuyển đổi số tỉnh")
KEYS = ("superior", "issuer", "issuer_short", "place", "signer", "recipients")
# Ký hiệu viết tắt: letters (with Vietnamese ones), digits and the "&" / "-" of names such as "TT&TT".
SHORT_RE = re.compile(r"^[0-9A-Za-zÀ-ỹĐđ&.\-]{1,20}$")


@dataclass(frozen=True)
class Letterhead:
    superior: str  # cơ quan chủ quản, e.g. "UBND tỉnh Ninh Bình" (printed upper case)
    issuer: str  # cơ quan ban hành, e.g. "Sở Thông tin và Truyền thông" (printed bold upper case)
    issuer_short: str  # chữ viết tắt in the number line and "Lưu: VT, STTTT."
    place: str  # địa danh of the place-and-date line
    signer: str  # chức vụ người ký, e.g. "Giám đốc" (printed bold upper case)
    recipients: tuple[str, ...]  # Nơi nhận, besides "Lưu: VT, …"

    def as_dict(self) -> dict:
        return {**asdict(self), "recipients": list(self.recipients)}


ADMIN_WORDS = ("thành phố", "thị xã", "tỉnh", "huyện", "quận")


def province_name(name: str) -> str:
    """'Tỉnh Ninh Bình' -> 'tỉnh Ninh Bình', 'Huyện Nho Quan' -> 'huyện Nho Quan' (the administrative word
    in lower case after 'UBND')."""
    for word in ADMIN_WORDS:
        if name.lower().startswith(word + " "):
            return word + name[len(word) :]
    return name


def default_letterhead(province_full: str, province_short: str) -> Letterhead:
    return Letterhead(
        superior=f"UBND {province_name(province_full)}",
        issuer=DEFAULT_ISSUER,
        issuer_short=DEFAULT_ISSUER_SHORT,
        place=province_short,
        signer=DEFAULT_SIGNER,
        recipients=DEFAULT_RECIPIENTS,
    )


UNIT_SIGNER = "Thủ trưởng đơn vị"


def unit_letterhead(base: Letterhead, kind: str, name: str, code: str, short: str) -> Letterhead:
    """A unit's own brief is issued by that unit, never by the coordinating office: a unit user's file names
    no other unit. A district (UBND huyện) has no superior line (Nghị định 30) and writes its own place."""
    if kind == "district":
        return Letterhead("", f"UBND {province_name(name)}", "UBND", short, "Chủ tịch", DEFAULT_RECIPIENTS)
    return Letterhead(base.superior, name, code, base.place, UNIT_SIGNER, DEFAULT_RECIPIENTS)


def parse_letterhead(raw: Any, province_full: str, province_short: str) -> Letterhead:
    """The `document` mapping of a plan file (None: every default). Errors name the key."""
    base = default_letterhead(province_full, province_short)
    if raw is None:
        return base
    where = "document"
    if not isinstance(raw, dict):
        raise CatalogError(f"{where}: phải là một bảng khóa–giá trị (superior, issuer, issuer_short, …)")
    unknown = sorted(str(k) for k in raw if k not in KEYS)
    if unknown:
        raise CatalogError(f"{where}.{unknown[0]}: khóa không được hỗ trợ; chỉ nhận {', '.join(KEYS)}")
    values = {}
    for key in ("superior", "issuer", "issuer_short", "place", "signer"):
        if raw.get(key) is None:
            values[key] = getattr(base, key)
            continue
        value = fields.text(raw, key, where)
        if len(value) > 120:
            raise CatalogError(f"{where}.{key}: dài quá 120 ký tự")
        values[key] = value
    if not SHORT_RE.match(values["issuer_short"]):
        raise CatalogError(
            f"{where}.issuer_short: '{values['issuer_short']}' không phải chữ viết tắt "
            "(chỉ chữ, số, '&', '-', '.', tối đa 20 ký tự, không dấu cách)"
        )
    if raw.get("recipients") is None:
        recipients = base.recipients
    else:
        if not isinstance(raw["recipients"], list):
            raise CatalogError(f"{where}.recipients: phải là danh sách nơi nhận")
        recipients = tuple(fields.listed(raw, "recipients", where))
        if any(not r for r in recipients):
            raise CatalogError(f"{where}.recipients: có nơi nhận để trống")
    return Letterhead(recipients=recipients, **values)
