"""Labels of the steering tools: data-quality warnings, directives (kết luận chỉ đạo) and the scorecard
(Bảng tổng hợp). Reached as `i18n.NAME` like every label."""

from dtplan.i18n.access_labels import AUDIT_ACTIONS
from dtplan.i18n.labels import UNIT_KIND_LABEL

# Data-quality warnings (contract §2.4): warnings, not errors — a symbol and the word, never colour alone.
QUALITY_WARNING_WORD = "⚠ Cảnh báo"
QUALITY_KIND_COLUMN = "Mức"
QUALITY_IMPORT_WARNINGS = (
    "⚠ Cảnh báo chất lượng số liệu: {count} cảnh báo. Tệp vẫn nhập được; kiểm tra lại các dòng dưới đây."
)
QUALITY_TITLE = "Chất lượng số liệu"
QUALITY_HELP = (
    "Báo cáo mới nhất của mỗi đơn vị, mỗi chỉ tiêu so với các kỳ trước: chỉ tiêu tồn giảm mạnh "
    "(quá {points} điểm phần trăm; chỉ tiêu đếm: mất hơn một nửa), mẫu số thay đổi quá {change}, "
    "hoặc {months} tháng liền số liệu giống hệt nhau (có thể chép lại từ kỳ trước)."
)
QUALITY_NONE = "✔ Không có cảnh báo: số liệu mới nhất của các đơn vị không có dấu hiệu bất thường."
QUALITY_COUNT = "⚠ {count} cảnh báo ở {units} đơn vị."
QUALITY_COLUMNS = {"unit": "Đơn vị", "kpi": "Chỉ tiêu", "period": "Kỳ báo cáo", "column": "Cột", "message": "Cảnh báo"}

# --- directives ("kết luận chỉ đạo"): meeting page, unit pages, Tổng quan, brief table ---------------------
DIRECTIVES_TITLE = "Kết luận chỉ đạo"
DIRECTIVES_EARLIER = "Kết luận chỉ đạo các cuộc họp trước"
DIRECTIVES_THIS_MEETING = "Kết luận chỉ đạo của cuộc họp {month}"
DIRECTIVES_OWN = "Kết luận chỉ đạo giao cho đơn vị"
DIRECTIVES_NONE = "Chưa có kết luận chỉ đạo."
DIRECTIVE_STATUS = {"open": "Đang mở", "overdue": "Quá hạn", "done": "Đã hoàn thành"}
DIRECTIVE_STATUS_SYMBOL = {"open": "○", "overdue": "✖", "done": "✔"}
DIRECTIVE_GROUP_ORDER = ("overdue", "open", "done")
DIRECTIVE_COUNTS = "{open} kết luận chỉ đạo đang mở, {overdue} quá hạn"
DIRECTIVE_COLUMNS = {
    "id": "Số",
    "meeting": "Cuộc họp",
    "about": "Về",
    "to": "Đơn vị được giao",
    "due": "Hạn",
    "text": "Nội dung",
    "status": "Trạng thái",
    "done_at": "Hoàn thành lúc",
}
DIRECTIVE_ACTION = {"add": "Ghi kết luận", "progress": "Cập nhật tiến độ", "done": "Hoàn thành", "reopen": "Mở lại"}
DIRECTIVE_FORM_TITLE = "Ghi kết luận chỉ đạo"
DIRECTIVE_FORM_KIND = "Kết luận về"
DIRECTIVE_FORM_CODE = "Đối tượng"
DIRECTIVE_FORM_TO = "Giao cho đơn vị"
DIRECTIVE_FORM_DUE = "Hạn hoàn thành"
DIRECTIVE_FORM_TEXT = "Nội dung kết luận"
DIRECTIVE_FORM_SUBMIT = "Lưu kết luận chỉ đạo"
DIRECTIVE_SAVED = "Đã lưu kết luận chỉ đạo."
DIRECTIVE_NOTE = "Ghi chú tiến độ"
DIRECTIVE_NOTE_SUBMIT = "Ghi tiến độ"
DIRECTIVE_DONE_SUBMIT = "Đánh dấu hoàn thành"
DIRECTIVE_REOPEN_SUBMIT = "Mở lại"
DIRECTIVE_DONE_SAVED = "Đã đánh dấu hoàn thành kết luận chỉ đạo"
DIRECTIVE_REOPENED = "Đã mở lại kết luận chỉ đạo"
DIRECTIVE_NOTE_SAVED = "Đã ghi tiến độ kết luận chỉ đạo"
DIRECTIVE_HISTORY = "Diễn biến"
DIRECTIVE_DUE_LINE = "Hạn {due} · giao {to} · cuộc họp {meeting}"
AUDIT_ACTIONS.update(
    {
        "directive_add": "Ghi kết luận chỉ đạo",
        "directive_done": "Hoàn thành kết luận chỉ đạo",
        "directive_reopen": "Mở lại kết luận chỉ đạo",
        "directive_note": "Tiến độ kết luận chỉ đạo",
    }
)  # the audit page names every action from the one dictionary of labels.py

# --- Bảng tổng hợp (scorecard): units × KPIs; a sheet and a kind are named from UNIT_KIND_LABEL ---
SCORECARD_TITLE, SCORECARD_KIND_LABEL, SCORECARD_NONE = "Bảng tổng hợp", "Cấp đơn vị", "Không có đơn vị để tổng hợp."
# The commune level is "cấp xã": xã, phường, thị trấn under districts (2023 plans), xã, phường, đặc khu under the
# province since 1 July 2025 (contract §1.5); the one name right in both shapes of plan.
SCORECARD_KIND = {k: UNIT_KIND_LABEL[k].capitalize() for k in ("agency", "district")} | {"commune": "Cấp xã"}
SCORECARD_SHEET = {k: f"Tổng hợp {UNIT_KIND_LABEL[k]}" for k in ("agency", "district")} | {"commune": "Tổng hợp cấp xã"}
SCORECARD_MET, SCORECARD_MET_COUNT, SCORECARD_APPLICABLE = "Đạt/Áp dụng", "Số chỉ tiêu đạt", "Số chỉ tiêu áp dụng"
SCORECARD_SORT, SCORECARD_SORT_PLAN, SCORECARD_DESCENDING = "Sắp xếp theo", "Thứ tự trong kế hoạch", "Giảm dần"
SCORECARD_OPEN = "Mở chỉ tiêu của đơn vị"
SCORECARD_HELP = (
    "Mỗi ô: số thực hiện của đơn vị đến tháng đang xem, ký hiệu và chữ trạng thái (như trên trang chỉ tiêu "
    "của đơn vị). Ô trống: chỉ tiêu không áp dụng cho đơn vị. Bấm một ô để mở chỉ tiêu đó của đơn vị, "
    "bấm tên đơn vị để mở trang của đơn vị; đưa chuột lên mã chỉ tiêu để xem tên."
)
