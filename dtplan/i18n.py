"""Every Vietnamese label and number/date format, in one place (formatting is done on the server,
so a kiosk browser set to en-US still shows 1.234,5 and 25/06/2023)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

LOCALE = "vi_VN"

APP_TITLE = "Điều hành kế hoạch chuyển đổi số"
DEMO_BANNER = "DỮ LIỆU MẪU (DEMO) — số liệu sinh tự động để minh họa, không phải số liệu báo cáo thật."
ILLUSTRATIVE = "Minh họa"
NO_DATA = "Chưa có số liệu"

# KPI status: a word and a symbol always go with the colour (never colour alone).
KPI_STATUS = {
    "met": "Đạt chỉ tiêu",
    "on_track": "Đúng tiến độ",
    "at_risk": "Có nguy cơ",
    "off_track": "Chậm tiến độ",
    "no_data": NO_DATA,
}
KPI_STATUS_SYMBOL = {"met": "✔", "on_track": "▲", "at_risk": "◆", "off_track": "✖", "no_data": "○"}

ASSESSMENT = {"vuot": "Vượt", "dat": "Đạt", "khong_dat": "Không đạt", None: "—"}

TASK_STATUS = {
    "done": "Hoàn thành",
    "on_track": "Đúng tiến độ",
    "behind": "Chậm tiến độ",
    "overdue": "Quá hạn",
    "suspended": "Tạm dừng",
    "no_report": "Chưa báo cáo",
}
TASK_STATUS_SYMBOL = {
    "done": "✔",
    "on_track": "▲",
    "behind": "◆",
    "overdue": "✖",
    "suspended": "‖",
    "no_report": "○",
}

PROGRESS_STATUS = {
    "chua_trien_khai": "Chưa triển khai",
    "dang_thuc_hien": "Đang thực hiện",
    "hoan_thanh": "Hoàn thành",
    "tam_dung": "Tạm dừng",
}

COMPLIANCE_STATUS = {"on_time": "Đúng hạn", "late": "Muộn", "missing": "Chưa gửi", "not_due": "Chưa đến hạn"}
COMPLIANCE_SYMBOL = {"on_time": "✔", "late": "◆", "missing": "✖", "not_due": "·"}

UNIT_KIND = {"province": "Tỉnh", "agency": "Sở, ban, ngành", "district": "Huyện, thành phố", "commune": "Xã, phường"}
ROLE = {"admin": "Quản trị", "leader": "Lãnh đạo", "unit": "Đơn vị"}
APPENDIX = {
    "01": "Phụ lục 01 — Chính quyền số",
    "02": "Phụ lục 02 — Kinh tế số, xã hội số",
    "03": "Phụ lục 03 — An toàn thông tin",
}

LOGIN_FIELDS = {
    "Form name": "Đăng nhập",
    "Username": "Tên đăng nhập",
    "Password": "Mật khẩu",
    "Login": "Đăng nhập",
    "Captcha": "Mã xác nhận",
}
LOGIN_FAILED = "Tên đăng nhập hoặc mật khẩu không đúng."
LOGIN_LOCKED = "Đăng nhập sai quá nhiều lần: tên đăng nhập này tạm khóa 15 phút (đến {until})."
LOGIN_REQUIRED = "Vui lòng đăng nhập để xem trang này."
PAGE_FORBIDDEN = "Tài khoản của bạn không được dùng trang này."
LOGOUT = "Đăng xuất"


def number(value: float | None, decimals: int = 1) -> str:
    """1234.5 -> '1.234,5'; None -> '—'."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def percent(value: float | None, decimals: int = 1) -> str:
    return "—" if value is None else f"{number(value, decimals)}%"


def kpi_value(value: float | None, kpi_unit: str) -> str:
    if value is None:
        return NO_DATA
    return percent(value) if kpi_unit == "percent" else number(value, 0)


def date(value: dt.date | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return format_date(value, format="dd/MM/yyyy", locale=LOCALE)


def datetime(value: dt.datetime | None) -> str:
    if value is None:
        return "—"
    return format_datetime(value, format="HH:mm dd/MM/yyyy", locale=LOCALE)


def month(period: str) -> str:
    """'2023-06' -> 'Tháng 6/2023'."""
    year, mon = period.split("-")
    return f"Tháng {int(mon)}/{year}"


def kpi_status(status: str) -> str:
    return f"{KPI_STATUS_SYMBOL[status]} {KPI_STATUS[status]}"


def task_status(status: str) -> str:
    return f"{TASK_STATUS_SYMBOL[status]} {TASK_STATUS[status]}"
