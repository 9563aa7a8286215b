"""Every Vietnamese label of the app: page texts, table and sheet headers, status words and symbols,
messages. Reached as `i18n.NAME` (the package re-exports them); formats live in dtplan.i18n.formats."""

APP_TITLE = "Điều hành kế hoạch chuyển đổi số"
# The browser tab's icon: an emoji, which Streamlit draws as an inline SVG (a ":material/…:" icon is fetched
# from fonts.gstatic.com: on an intranet without Internet it fails, and every viewer calls out).
PAGE_ICON = "📊"
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
    # The plan's final month shows the year-end verdict in place of the in-year statuses (metrics.shown).
    "vuot": "Vượt",
    "dat": "Đạt",
    "khong_dat": "Không đạt",
}
# One symbol per meaning on every surface (KPIs, tasks, reports): ✔ achieved / done / on time, ★ above the
# target, ▲ on track, ◆ a warning (at risk, sent late), ▼ behind schedule, ✖ failed (not achieved, overdue,
# not sent), ‖ suspended, ○ nothing yet.
KPI_STATUS_SYMBOL = {
    "met": "✔",
    "on_track": "▲",
    "at_risk": "◆",
    "off_track": "▼",
    "no_data": "○",
    "vuot": "★",
    "dat": "✔",
    "khong_dat": "✖",
}

ASSESSMENT = {"vuot": "Vượt", "dat": "Đạt", "khong_dat": "Không đạt", "chua_dat": "Chưa đạt", None: "—"}

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
    "behind": "▼",
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

# Unit kinds inside a sentence (import messages, the template's read-me sheet).
UNIT_KIND_LABEL = {
    "province": "cấp tỉnh",
    "agency": "sở, ban, ngành",
    "district": "huyện, thành phố",
    "commune": "xã, phường, thị trấn",
}
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
SIGN_IN_LINK = "Đăng nhập"
PAGE_FORBIDDEN = "Tài khoản của bạn không được dùng trang này."
LOGOUT = "Đăng xuất"
DB_UNAVAILABLE = "Cơ sở dữ liệu tạm thời không kết nối được. Trang sẽ hoạt động lại khi kết nối được khôi phục."
DB_RETRY = "Thử lại"


# --- Dashboard pages: labels of the overview, KPI, agencies, districts, tasks, compliance, kiosk ---

SIDEBAR_PLAN = "Kế hoạch"
SIDEBAR_AS_OF = "Kỳ báo cáo (tính đến tháng)"
SIDEBAR_SCOPE = "Phạm vi"
SCOPE_PROVINCE = "Toàn tỉnh"
FRESHNESS = "Cập nhật số liệu lần cuối: {at} · {reported}/{total} đơn vị đã báo cáo {month}"
FRESHNESS_NEVER = "chưa nhập số liệu"
DOWNLOAD_XLSX = "Tải số liệu (XLSX)"
# The overview's counts of lagging tasks (apart from the KPI counts, which use the same words).
LAGGING_TASK_COUNT = {"overdue": "✖ Nhiệm vụ quá hạn", "behind": "▼ Nhiệm vụ chậm tiến độ"}
KPI_LAGGING_TASKS = "Nhiệm vụ chậm, quá hạn của đơn vị chủ trì ({unit})"
STALE = "⚠ số liệu cũ"  # a stock figure from a report long before the as-of month (metrics.is_stale)
BULLET_HINT = "Bấm vào dòng của một đơn vị để mở trang đơn vị đó; đưa chuột lên dòng để xem đủ số liệu."
ALL = "Tất cả"
CHOOSE = "Chọn…"
TABLE_PAGE = "Trang"
TABLE_ROWS = "Dòng {first}–{last} trên tổng số {total} dòng ({pages} trang)."
LAGGING_FILTER = "Chậm tiến độ hoặc quá hạn"
FILTERS = "Lọc nhiệm vụ"
CHOOSE_TASK = "Chọn nhiệm vụ để xem lịch sử"
CHOOSE_UNIT = "Mở trang của một đơn vị"
BACK_TO_RANKING = "Về bảng xếp hạng"
ILLUSTRATIVE_TASK = "Nhiệm vụ minh họa: dùng tạm cho tới khi nhập phụ lục chính thức của kế hoạch."
OVERALL = "Tổng hợp các chỉ tiêu"
OVERALL_RULE = (
    "Tổng hợp: Đạt khi mọi chỉ tiêu có số liệu đã đạt; ngoài ra tính điểm (đạt hoặc đúng tiến độ = 1, "
    "có nguy cơ = ½, chậm = 0): Đúng tiến độ khi điểm ≥ 0,8; Có nguy cơ khi ≥ 0,5; Chậm tiến độ khi dưới 0,5."
)
GAUGE_HINT = "Bấm vào một đồng hồ để mở chỉ tiêu đó."
NOT_APPLICABLE = "Không áp dụng"
MOST_LAGGING_TASKS = "Năm nhiệm vụ chậm nhất"
WORST_AGENCIES = "Sở, ban, ngành cần chú ý"
WORST_DISTRICTS = "Huyện, thành phố cần chú ý"
OWN_POSITION = "Vị trí của đơn vị: {rank}/{total}"
NO_LAGGING = "Không có nhiệm vụ chậm tiến độ hoặc quá hạn."
TREND = "Diễn biến theo tháng"
BREAKDOWN = "Theo đơn vị (xấu nhất trước)"
CONTRIBUTIONS = "Tử số, mẫu số đóng góp"
AGENCY_RANKING = "Xếp hạng sở, ban, ngành"
DISTRICT_MAP = "Bản đồ huyện, thành phố"
TILE_COLOUR_BY = "Tô màu theo"
UNIT_KPIS = "Các chỉ tiêu của đơn vị"
UNIT_TASKS_LEAD = "Nhiệm vụ chủ trì"
UNIT_TASKS_PARTNER = "Nhiệm vụ phối hợp"
UNIT_RECORD = "Lịch sử báo cáo"
COMMUNES = "Xã, phường, thị trấn"
NO_COMMUNE_REPORTS = "Chưa có báo cáo cấp xã cho huyện, thành phố này."
TASK_HISTORY = "Lịch sử báo cáo tiến độ"
NO_HISTORY = "Chưa có báo cáo tiến độ nào."
COMPLIANCE_MAP = "Đơn vị × tháng"
COMPLIANCE_COUNTS = "Số kỳ theo đơn vị"
KIOSK_SLIDES = {
    "overview": "Tổng quan",
    "agencies": "Sở, ban, ngành",
    "districts": "Huyện, thành phố",
    "tasks": "Nhiệm vụ chậm tiến độ",
}
AGENCY_PAGE_FOR_DISTRICT = "Phạm vi đang chọn là một huyện, thành phố: xem trang Địa bàn."
DISTRICT_PAGE_FOR_AGENCY = "Phạm vi đang chọn là một sở, ban, ngành: xem trang Đơn vị."

# Column headers (screen tables and XLSX sheets)
COL = {
    "rank": "Hạng",
    "code": "Mã",
    "unit": "Đơn vị",
    "unit_code": "Mã đơn vị",
    "kpi": "Chỉ tiêu",
    "name": "Tên",
    "actual": "Thực hiện",
    "expected": "Kế hoạch đến kỳ",
    "target": "Mục tiêu",
    "status": "Trạng thái",
    "assessment": "Đánh giá",
    "numerator": "Tử số",
    "denominator": "Mẫu số",
    "period": "Kỳ báo cáo",
    "month": "Tháng",
    "submitted_at": "Ngày gửi",
    "due": "Hạn gửi",
    "task_due": "Hạn hoàn thành",
    "note": "Ghi chú",
    "applicable": "Số chỉ tiêu áp dụng",
    "ok_share": "Đạt/đúng tiến độ (%)",
    "lagging_tasks": "Nhiệm vụ chậm",
    "appendix": "Phụ lục",
    "section": "Mục",
    "title": "Nhiệm vụ",
    "lead": "Chủ trì",
    "partners": "Phối hợp",
    "start": "Bắt đầu",
    "progress": "Tiến độ (%)",
    "expected_progress": "Tiến độ kế hoạch (%)",
    "illustrative": "Minh họa",
    "reported_status": "Tình trạng báo cáo",
    "series": "Chuỗi",
    "value": "Giá trị",
}
SERIES = {"actual": "Thực hiện", "expected": "Kế hoạch đến kỳ", "target": "Mục tiêu"}
BANDS = {"off": "Dưới 90% kế hoạch", "risk": "90–100% kế hoạch", "ok": "Đạt kế hoạch trở lên"}


# --- Meeting tools: Cuộc họp page, PDF brief, XLSX export, notes, year-end review ---

MEETING_TITLE = "Cuộc họp Ban chỉ đạo"
MEETING_COMPARE = "So sánh với tháng"
MEETING_NO_COMPARE = "Tháng 1 là tháng đầu của năm kế hoạch: chưa có tháng trước để so sánh."
CHANGES_TITLE = "Những thay đổi từ {before} đến {after}"
CHANGES_KPIS = "Chỉ tiêu đổi trạng thái"
CHANGES_TASKS = "Nhiệm vụ mới chậm hoặc đã khắc phục"
CHANGES_UNITS = "Đơn vị mới gửi báo cáo muộn hoặc chưa gửi"
CHANGES_NONE = "Không có thay đổi."
CHANGE_DIRECTION = {
    "better": "▲ Tốt lên",
    "worse": "▼ Xấu đi",
    "first_data": "● Có số liệu lần đầu",
    "newly_lagging": "▼ Mới chậm",
    "recovered": "▲ Đã khắc phục",
    "newly_late": "▼ Mới muộn/chưa gửi",
    "back_on_time": "▲ Trở lại đúng hạn",
}
COL_CHANGE = "Thay đổi"
COL_BEFORE = "Trước ({month})"
COL_AFTER = "Nay ({month})"
PROJECTION_TITLE = "Dự báo đến tháng 12"
COL_PROJECTED = "Dự báo tháng 12"
COL_MEETS = "Dự báo đạt?"
COL_GAP = "Chênh lệch so với mục tiêu"
MEETS = {True: "✔ Đạt", False: "✖ Không đạt", None: "—"}
EARLY_WARNING_TITLE = "Cảnh báo sớm: đang đạt hoặc đúng tiến độ nhưng dự báo không đạt cả năm"
EARLY_WARNING_NONE = "Không có chỉ tiêu nào trong diện cảnh báo sớm."
YEAREND_TITLE = "Đánh giá kết quả thực hiện các chỉ tiêu"
YE_COL_CODE = "Mã"
YE_COL_GOAL = "Mục tiêu/Chỉ tiêu"
YE_COL_TARGET = "Đề ra năm {year}"
YE_COL_RESULT = "Kết quả thực hiện"
YE_COL_VERDICT = "Đánh giá"
NOTES_TITLE = "Ý kiến chỉ đạo"
NOTES_NONE = "Chưa có ý kiến chỉ đạo trong kỳ."
NOTE_KIND = {"kpi": "Chỉ tiêu", "task": "Nhiệm vụ", "unit": "Đơn vị"}
NOTE_COL_PERIOD = "Kỳ"
NOTE_COL_TARGET = "Về"
NOTE_COL_TEXT = "Ý kiến chỉ đạo"
NOTE_COL_AUTHOR = "Người ghi"
NOTE_COL_AT = "Thời gian"
NOTE_FORM_TITLE = "Ghi ý kiến chỉ đạo"
NOTE_FORM_KIND = "Loại đối tượng"
NOTE_FORM_CODE = "Đối tượng"
NOTE_FORM_TEXT = "Nội dung (văn bản thuần)"
NOTE_FORM_SUBMIT = "Lưu ý kiến"
NOTE_SAVED = "Đã lưu ý kiến chỉ đạo."
NOTE_KPI_HINT = "Ý kiến về một chỉ tiêu là ý kiến cấp tỉnh: mọi đơn vị áp dụng chỉ tiêu đều đọc được."
LAGGING_TITLE = "Nhiệm vụ chậm tiến độ, quá hạn"
COMPLIANCE_TITLE = "Tình hình gửi báo cáo"
HEADLINE_TITLE = "Tổng hợp"
DOWNLOAD_BRIEF = "Tải bản tóm tắt (PDF)"
DOWNLOAD_FIGURES = "Tải số liệu (XLSX)"
BRIEF_TITLE = "BÁO CÁO TÓM TẮT TÌNH HÌNH THỰC HIỆN KẾ HOẠCH"
BRIEF_SUBTITLE = "Số liệu tính đến hết {month} · Phạm vi: {scope}"
BRIEF_DEMO = "DỮ LIỆU MẪU (DEMO) — không phải số liệu báo cáo thật"
BRIEF_KPI_COUNTS = "Chỉ tiêu: {counts}"
# A status inside the counts sentence (formats.kpi_counts_line), in-year or year-end.
KPI_COUNT_WORD = {
    "met": "đạt",
    "on_track": "đúng tiến độ",
    "at_risk": "có nguy cơ",
    "off_track": "chậm",
    "no_data": "chưa có số liệu",
    "vuot": "vượt",
    "dat": "đạt",
    "khong_dat": "không đạt",
}
BRIEF_TASK_COUNTS = (
    "Nhiệm vụ: {total} tổng số · {done} hoàn thành · {on_track} đúng tiến độ · {behind} chậm tiến độ · "
    "{overdue} quá hạn · {suspended} tạm dừng · {no_report} chưa báo cáo"
)
BRIEF_COMPLIANCE_COUNTS = (
    "Báo cáo {month}: {on_time} đúng hạn · {late} muộn · {missing} chưa gửi · {not_due} chưa đến hạn"
)
SHEET = {
    "kpis": "Chỉ tiêu",
    "projection": "Dự báo",
    "yearend": "Đánh giá năm",
    "tasks": "Nhiệm vụ",
    "compliance": "Báo cáo đúng hạn",
    "changes": "Thay đổi",
    "notes": "Ý kiến chỉ đạo",
}
# Meeting tools, continued: brief, page and export labels.
BRIEF_OTHER_UNIT = "Đơn vị khác"
COL_METHOD = "Phương pháp"
COL_EARLY_WARNING = "Cảnh báo sớm"
PROJECTION_METHOD_NAME = {
    "flow_rate": "Tỷ lệ 3 tháng gần nhất",
    "flow_count": "Bình quân 3 tháng gần nhất",
    "stock_trend": "Xu hướng tuyến tính",
    "final": "Số liệu tháng 12",
    None: "Chưa đủ số liệu",
}
AGGREGATION = {"flow": "Lũy kế (luồng)", "stock": "Hiện trạng (tồn)"}
COL_KIND = "Loại"
COL_GROUP = "Nhóm"
CHANGE_GROUP = {"kpi": "Chỉ tiêu", "task": "Nhiệm vụ", "unit": "Đơn vị"}
COL_OP = "Phép so sánh"
COL_BEFORE_PLAIN = "Trước"
COL_AFTER_PLAIN = "Nay"
YES = "Có"


# --- ingest: the admin import page ("Nhập số liệu"); widget labels are stable for tests ---
IMPORT_TITLE = "Nhập số liệu"
IMPORT_HELP = (
    "Tải lên tệp báo cáo của đơn vị (CSV UTF-8 hoặc Excel .xlsx với trang 'kpi', 'tasks'), tối đa {mb} MB mỗi "
    "tệp. Xem trước các dòng và mọi lỗi; chỉ khi không còn lỗi mới ghi được. Tất cả hoặc không: tệp có lỗi "
    "không ghi dòng nào."
)
IMPORT_UPLOAD = "Chọn tệp báo cáo (CSV, XLSX)"
# The file uploader's own texts (Streamlit writes them in English; dtplan.web.screen replaces them).
UPLOAD_INSTRUCTIONS = "Kéo thả tệp vào đây · tối đa {mb} MB mỗi tệp · CSV, XLSX"
UPLOAD_BUTTON = "Chọn tệp"
IMPORT_CHECKING = "Đang kiểm tra tệp…"
IMPORT_ERRORS = "Có {count} lỗi: chưa ghi gì. Sửa tệp theo các dòng dưới đây rồi tải lên lại."
IMPORT_OK = "Không có lỗi: {summary}"
IMPORT_PREVIEW = "Xem trước"
IMPORT_PREVIEW_KPI = "Số liệu chỉ tiêu"
IMPORT_PREVIEW_PROGRESS = "Tiến độ nhiệm vụ"
IMPORT_PREVIEW_CATALOGUE = "Danh mục nhiệm vụ"
IMPORT_PREVIEW_LIMIT = "Hiển thị {shown} trên {total} dòng."
IMPORT_SKIPPED = "Tệp {name} đã được nhập trước đây: bỏ qua, không thay đổi gì."
IMPORT_COMMIT = "Ghi vào cơ sở dữ liệu"
IMPORT_LOADING = "Đang ghi… {file}"
IMPORT_DONE = "Đã ghi xong."
IMPORT_HISTORY = "Lịch sử nhập số liệu"
IMPORT_DOWNLOAD = "Tải tệp gốc"
IMPORT_PICK = "Lần nhập"
IMPORT_NO_RAW = "Lần nhập này không có tệp gốc (dữ liệu mẫu sinh tự động)."
IMPORT_TEMPLATE = "Tạo mẫu nhập liệu cho đơn vị"
IMPORT_TEMPLATE_UNIT = "Đơn vị"
IMPORT_TEMPLATE_PERIOD = "Kỳ báo cáo"
IMPORT_TEMPLATE_DOWNLOAD = "Tải mẫu XLSX"
IMPORT_OUTCOME = {"accepted": "✔ Đã nhập", "refused": "✖ Từ chối"}
IMPORT_COLUMNS = {
    "file": "Tệp",
    "row": "Dòng",
    "column": "Cột",
    "message": "Lỗi",
    "id": "Số",
    "imported_at": "Thời điểm",
    "imported_by": "Người nhập",
    "filename": "Tệp",
    "kind": "Loại",
    "rows": "Số dòng",
    "outcome": "Kết quả",
    "summary": "Tóm tắt",
}
IMPORT_KIND = {"kpi": "Chỉ tiêu", "progress": "Tiến độ", "catalogue": "Danh mục", "demo": "Dữ liệu mẫu"}


# Two-level plans (communes directly under the province): the communes take the districts' place.
WORST_COMMUNES = "Xã, phường cần chú ý"
COMMUNE_RANKING = "Xếp hạng xã, phường"
COMMUNE_SEARCH = "Tìm xã, phường (gõ tên, có hoặc không dấu)"
COMMUNE_STATUS_FILTER = "Lọc theo đánh giá chung"
COMMUNES_SHOWN = "Đang hiện {shown}/{total} xã, phường."
NO_COMMUNE_MATCH = "Không có xã, phường nào khớp với tìm kiếm và bộ lọc."
AGENCY_PAGE_FOR_COMMUNE = "Phạm vi đang chọn là một xã, phường: xem trang Địa bàn."
NO_LOCAL_UNITS = "Kế hoạch này không có đơn vị cấp huyện hay cấp xã báo cáo."
KIOSK_COMMUNES = "Xã, phường cần chú ý"
LOCAL_UNITS = {"district": "Huyện, thành phố", "commune": "Xã, phường"}  # the link to Địa bàn, by the plan's shape

# The KPI page's bullets by unit: why two equal bars may carry different statuses (the status compares the
# figure with the unit's own plan to date: ≥ 100 % on track, ≥ 90 % at risk, below that behind schedule).
BULLET_VS_EXPECTED = "{share} KH đến kỳ ({expected})"
BULLET_TARGET = "Mục tiêu {op} {target}"
BULLET_TOOLTIP = {
    "unit": "Đơn vị",
    "actual": "Thực hiện",
    "expected": "Kế hoạch đến kỳ",
    "share": "So với kế hoạch đến kỳ",
    "target": "Mục tiêu",
    "status": "Trạng thái",
    "band": "Vùng",
}
