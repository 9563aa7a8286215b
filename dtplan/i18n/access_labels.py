"""Labels of access and output safety: the admin page of accounts and the audit log, URL parameters
refused, who may read a note, downloads. Reached as `i18n.NAME` like every label."""

from dtplan.i18n.labels import BRIEF_OTHER_UNIT

# --- access: the admin page "Người dùng, nhật ký" (accounts and audit log) ---
USERS_TITLE = "Người dùng và nhật ký"
USERS_ACCOUNTS = "Tài khoản"
USERS_COLUMNS = {
    "username": "Tên đăng nhập",
    "full_name": "Họ tên",
    "role": "Vai trò",
    "unit": "Đơn vị",
    "state": "Trạng thái",
    "demo": "Demo",
}
USERS_STATE = {True: "✖ Đã khóa", False: "✔ Hoạt động"}
USERS_DEMO = "Demo"
USERS_TABS = ("Tạo tài khoản", "Khóa tài khoản", "Đặt lại mật khẩu")
USERS_FORM = {
    "username": "Tên đăng nhập",
    "full_name": "Họ tên",
    "role": "Vai trò",
    "unit": "Đơn vị (với vai trò Đơn vị)",
    "password": "Mật khẩu (≥ 10 ký tự, 3 loại ký tự)",
    "add": "Tạo tài khoản",
    "account": "Tài khoản",
    "disable": "Khóa tài khoản",
    "new_password": "Mật khẩu mới",
    "reset": "Đặt lại mật khẩu",
}
USERS_ADDED = "Đã tạo tài khoản {username}."
USERS_DISABLED = "Đã khóa tài khoản {username}."
USERS_PASSWORD_SET = "Đã đặt lại mật khẩu cho {username}."
AUDIT_TITLE = "Nhật ký hệ thống"
AUDIT_FILTER = "Loại sự kiện"
AUDIT_COLUMNS = {"at": "Thời điểm", "actor": "Người thực hiện", "action": "Sự kiện", "detail": "Chi tiết"}
AUDIT_ACTIONS = {
    "login": "Đăng nhập",
    "login_failed": "Đăng nhập sai",
    "login_locked": "Đăng nhập khi tên đang bị khóa",
    "login_blocked": "Đăng nhập khi địa chỉ đang bị chặn",
    "logout": "Đăng xuất",
    "import": "Nhập số liệu",
    "import_refused": "Nhập số liệu bị từ chối",
    "export": "Xuất báo cáo",
    "note": "Ghi chú",
    "user_add": "Tạo tài khoản",
    "user_disable": "Khóa tài khoản",
    "user_passwd": "Đổi mật khẩu",
    "user_unlock": "Mở khóa đăng nhập",
}


# --- URL parameters refused (shown escaped: the value comes from the address bar) ---
URL_UNIT_IGNORED = "{reason}. Tham số unit={value} trong địa chỉ đã bị bỏ qua."
URL_VALUE_HIDDEN = "(giá trị không hợp lệ)"
URL_VALUE_IGNORED = "Không có lựa chọn '{value}'. Tham số {param}={value} trong địa chỉ đã bị bỏ qua."
URL_AS_OF_IGNORED = "Kỳ báo cáo '{value}' không hợp lệ; hiển thị kỳ mới nhất có số liệu."

# --- note visibility, other units, downloads (output safety) ----------------------------------------------
NOTE_FORM_UNITS = "Cho đơn vị xem ý kiến này (không chọn: chỉ lãnh đạo và quản trị đọc được)"
NOTE_LEADERS_ONLY = "chỉ lãnh đạo"
NOTE_FOR_UNITS = "đơn vị xem được"
OTHER_UNIT = BRIEF_OTHER_UNIT  # every unit outside the viewed scope, on pages and in every file
# Audit actions of this block (kept beside it so that the list above stays as it was).
AUDIT_ACTIONS |= {"download": "Tải tệp", "url_refused": "Tham số địa chỉ bị từ chối"}
