"""Reading one value of the plan file's YAML (contract §1) with its type checked: every error names the
key that is wrong (`units[3] (372).kind`), in Vietnamese, as a CatalogError.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any


class CatalogError(ValueError):
    """A plan file that cannot be used; the message is for people, in Vietnamese."""


def nfc(value: Any) -> Any:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def require(mapping: dict, key: str, where: str) -> Any:
    if not isinstance(mapping, dict):
        raise CatalogError(f"{where}: phải là một bảng khóa–giá trị (mapping)")
    if key not in mapping or mapping[key] is None or mapping[key] == "":
        raise CatalogError(f"{where}.{key}: thiếu giá trị bắt buộc")
    return nfc(mapping[key])


def text(mapping: dict, key: str, where: str, *, required: bool = True) -> str:
    value = require(mapping, key, where) if required else nfc(mapping.get(key) or "")
    if not isinstance(value, str | int):
        raise CatalogError(f"{where}.{key}: phải là chuỗi ký tự, nhận được {value!r}")
    return str(value).strip()


def number(mapping: dict, key: str, where: str, *, required: bool = True) -> float | None:
    if not required and mapping.get(key) is None:
        return None
    value = require(mapping, key, where)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CatalogError(f"{where}.{key}: phải là số, nhận được {value!r}")
    if value < 0:
        raise CatalogError(f"{where}.{key}: không được âm ({value})")
    return float(value)


def choice(mapping: dict, key: str, where: str, allowed: tuple[str, ...]) -> str:
    value = text(mapping, key, where)
    if value not in allowed:
        raise CatalogError(f"{where}.{key}: giá trị '{value}' không hợp lệ; chỉ nhận {', '.join(allowed)}")
    return value


def date(mapping: dict, key: str, where: str, *, required: bool = True) -> dt.date | None:
    if not required and mapping.get(key) is None:
        return None
    value = require(mapping, key, where)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CatalogError(f"{where}.{key}: ngày '{value}' không đúng dạng YYYY-MM-DD") from None


def month_day(value: Any, where: str) -> tuple[int, int]:
    try:
        month, day = (int(p) for p in str(value).split("-"))
        dt.date(2000, month, day)
    except (ValueError, TypeError):
        raise CatalogError(f"{where}: '{value}' không đúng dạng MM-DD") from None
    return month, day


def listed(mapping: dict, key: str, where: str) -> list:
    value = mapping.get(key)
    if value is None:
        return []
    if isinstance(value, str):  # the contract's catalogue files separate partners with ';'
        return [p.strip() for p in value.split(";") if p.strip()]
    if not isinstance(value, list):
        raise CatalogError(f"{where}.{key}: phải là một danh sách")
    return [str(nfc(v)).strip() for v in value]


def period(value: str, where: str) -> tuple[int, int]:
    try:
        year, month = value.split("-")
        if len(year) != 4 or len(month) != 2 or not 1 <= int(month) <= 12:
            raise ValueError
        return int(year), int(month)
    except ValueError:
        raise CatalogError(f"{where}: kỳ '{value}' không đúng dạng YYYY-MM") from None
