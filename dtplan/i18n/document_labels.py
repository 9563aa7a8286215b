"""Labels of the office documents (the meeting report, the reminder letter) in the layout of
Nghị định 30/2020/NĐ-CP, and of the pages that hand them out."""

DOC_MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
DOC_MOTTO_SUB = "Độc lập - Tự do - Hạnh phúc"
DOC_PLACE_DATE = "{place}, ngày … tháng … năm …"
DOC_REPORT_NUMBER = "Số: …/BC-{short}"
DOC_LETTER_NUMBER = "Số: …/{short}-…"
DOC_REPORT_TITLE = "BÁO CÁO"
DOC_REPORT_SUBJECT = "Tình hình thực hiện {plan} đến hết {month}"
DOC_TO = "Kính gửi:"
DOC_RECIPIENTS = "Nơi nhận:"
DOC_ARCHIVE = "- Lưu: VT, {short}."
DOC_AS_ABOVE = "Như trên"
DOC_RANKING_TITLE = "Xếp hạng các đơn vị"
DOC_KPI_RESULTS = "Kết quả thực hiện các chỉ tiêu"
DOC_RANKING = "Xếp hạng {kind}"
DOC_RANKING_KIND = {"agency": "các sở, ban, ngành", "district": "các huyện, thành phố", "commune": "các xã, phường"}
# A long ranking (the communes of a two-level plan) is cut in the brief to its last ranks; the XLSX has it whole.
DOC_RANKING_WORST = (
    "— {shown} đơn vị xếp cuối trong tổng số {total} (bảng đầy đủ: trang “{sheet}” của tệp số liệu XLSX)"
)
DOC_SCORECARD_WORST = (
    "— {shown} đơn vị xếp cuối ở mục Xếp hạng, trong tổng số {total} "
    "(bảng đầy đủ: trang “{sheet}” của tệp số liệu XLSX)"
)
DOC_PROJECTION = "Dự báo cuối năm và cảnh báo sớm"
DOC_PROJECTION_DECEMBER = "Số liệu tháng 12 là kết quả cả năm: không còn dự báo."
DOC_SCORECARD = "Bảng tổng hợp theo đơn vị"
DOC_DIRECTIVES = "Kết luận chỉ đạo và tình hình thực hiện"
DOWNLOAD_BRIEF_DOCX = "Tải bản báo cáo (DOCX, sửa được)"
# The reminder letter (công văn đôn đốc).
REMINDER_SUBJECT = "V/v đôn đốc gửi báo cáo tình hình thực hiện {plan}"
REMINDER_INTRO = (
    "Thực hiện {plan}, theo lịch báo cáo, các đơn vị gửi báo cáo tháng về {issuer} trước ngày {day} hằng "
    "tháng. Đến hết {month}, {issuer} nhận thấy các đơn vị dưới đây chưa gửi hoặc gửi muộn báo cáo:"
)
REMINDER_SECTION = "Các báo cáo còn thiếu hoặc gửi muộn"
REMINDER_COLS = ("STT", "Đơn vị", "Báo cáo chưa gửi", "Báo cáo gửi muộn")
REMINDER_LATE_ITEM = "{month} (gửi ngày {date}; hạn: trước ngày {due})"
REMINDER_CLOSING = (
    "Để kịp tổng hợp, báo cáo UBND tỉnh, {issuer} đề nghị Thủ trưởng các đơn vị chỉ đạo khẩn trương gửi "
    "các báo cáo còn thiếu và bảo đảm gửi đúng hạn các kỳ tiếp theo."
)
REMINDER_NONE = "Không có đơn vị nào chưa gửi hoặc gửi muộn báo cáo đến hết {month}: không cần công văn đôn đốc."
REMINDER_TITLE = "Công văn đôn đốc gửi báo cáo"
REMINDER_MONTH = "Tháng cần đôn đốc"
DOWNLOAD_REMINDER_DOCX = "Tải công văn đôn đốc (DOCX)"
DOWNLOAD_REMINDER_PDF = "Tải công văn đôn đốc (PDF)"
REMINDER_NOT_FOR_UNITS = "Công văn đôn đốc chỉ dành cho quản trị và lãnh đạo."
UNIT_OWED_TITLE = "Báo cáo còn thiếu"
UNIT_OWED = "Báo cáo còn thiếu: {items}."
UNIT_OWED_NONE = "Không còn báo cáo nào chưa gửi."
SHEET_RANKING = "Xếp hạng"
DOC_PROJECTION_ALL = "Dự báo tháng 12 của từng chỉ tiêu (mọi chỉ tiêu, không chỉ các chỉ tiêu bị cảnh báo)"
NOTE_CHOOSE_TARGET = "Chọn chỉ tiêu, nhiệm vụ hoặc đơn vị mà ý kiến nói về"
