#!/usr/bin/env python3
"""Generate data/plans/ninh-binh-2023.yaml, the plan catalogue of contract §1.

Sources:
  * the plan text, Kế hoạch số 194/KH-UBND ngày 15/12/2022 của UBND tỉnh Ninh Bình
    (data/reference/kh-194-ubnd-2022.txt): plan header, KPI target sentences (section II.2),
    reporting calendar (last paragraph) and the responsibilities of section VI;
  * the 2023 list of administrative units (GSO codes, data/reference/ninh_binh_dvhc_2023.csv):
    districts and communes;
  * docs/units.md and docs/data-contract.md: agency codes and the KPI table (codes, targets, levels).

The appendices (Phụ lục 01–03) are not in the seed: tasks PLxx-yy below are illustrative demo data
(`illustrative: true`) until the official appendix is imported.

Usage (from anywhere; relative paths are taken from the repository root):
    python data/plans/build_ninh_binh_2023.py [CSV] [SEED] [--out FILE]

Only the standard library and PyYAML are used. Re-running it rewrites the YAML and prints the checks.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CSV = "data/reference/ninh_binh_dvhc_2023.csv"
DEFAULT_SEED = "data/reference/kh-194-ubnd-2022.txt"
DEFAULT_OUT = "data/plans/ninh-binh-2023.yaml"

D = dt.date

# --- plan and reporting calendar ------------------------------------------------------------------

PLAN = {
    "code": "KH-194-UBND-2022",
    "title": "Kế hoạch phát triển chính quyền số, chuyển đổi số và đảm bảo an toàn thông tin mạng "
    "tỉnh Ninh Bình năm 2023",
    "number": "194/KH-UBND",
    "province": "37",
    "year": 2023,
    "issued": D(2022, 12, 15),
}

# "Định kỳ hàng tháng (trước ngày 25), quý (trước ngày 25 tháng cuối quý), 6 tháng (trước ngày 25/6)
#  và năm (trước ngày 15/12)"
REPORTING = {"monthly_due_day": 25, "quarterly_due_day": 25, "half_year_due": "06-25", "year_due": "12-15"}

PROVINCE = {"code": "37", "name": "Tỉnh Ninh Bình", "short": "Ninh Bình", "kind": "province", "parent": None}

# --- agencies (units.md, table order) ---------------------------------------------------------------

AGENCIES = [
    ("STTTT", "Sở Thông tin và Truyền thông", "Sở TT&TT"),
    ("VPUBND", "Văn phòng UBND tỉnh", "VP UBND tỉnh"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"),
    ("STC", "Sở Tài chính", "Sở Tài chính"),
    ("SNV", "Sở Nội vụ", "Sở Nội vụ"),
    ("SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN"),
    ("CAT", "Công an tỉnh", "Công an tỉnh"),
    ("SVHTT", "Sở Văn hóa và Thể thao", "Sở VH&TT"),
    ("STP", "Sở Tư pháp", "Sở Tư pháp"),
    ("SCT", "Sở Công Thương", "Sở Công Thương"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT"),
    ("SGTVT", "Sở Giao thông vận tải", "Sở GTVT"),
    ("SXD", "Sở Xây dựng", "Sở Xây dựng"),
    ("STNMT", "Sở Tài nguyên và Môi trường", "Sở TN&MT"),
    ("SLDTBXH", "Sở Lao động – Thương binh và Xã hội", "Sở LĐ-TB&XH"),
    ("SDL", "Sở Du lịch", "Sở Du lịch"),
    ("SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT"),
    ("SYT", "Sở Y tế", "Sở Y tế"),
    ("TTT", "Thanh tra tỉnh", "Thanh tra tỉnh"),
    ("BQLKCN", "Ban Quản lý các khu công nghiệp tỉnh", "BQL các KCN"),
]

CITY_SHORT = {"Thành phố Ninh Bình": "TP Ninh Bình", "Thành phố Tam Điệp": "TP Tam Điệp"}
# Expected structure (units.md): district code -> (phường, thị trấn, xã)
EXPECTED_COMMUNES = {
    "369": (11, 0, 3),
    "370": (6, 0, 3),
    "372": (0, 1, 26),
    "373": (0, 1, 20),
    "374": (0, 1, 10),
    "375": (0, 1, 18),
    "376": (0, 2, 23),
    "377": (0, 1, 16),
}

# --- KPIs (contract §1.2; `text` verbatim from the seed, section II.2) ------------------------------

T08_TEXT = (
    "Tối thiểu 90% hồ sơ công việc tại cấp tỉnh, 70% hồ sơ công việc tại cấp huyện và 50% hồ sơ công "
    "việc tại cấp xã được quản lý, xử lý và luân chuyển hoàn toàn trên môi trường mạng (trừ hồ sơ công "
    "việc thuộc phạm vi bí mật nhà nước)"
)
AD = ["agency", "district"]
# code, name, text, unit, op, target, aggregation, levels, lead
KPIS = [
    (
        "T01.1",
        "Cáp quang đến hộ gia đình",
        "Hạ tầng mạng băng rộng cáp quang phủ trên 75% hộ gia đình",
        "percent",
        "gt",
        75,
        "stock",
        ["district"],
        "STTTT",
    ),
    (
        "T01.2",
        "Phủ sóng 4G/5G trung tâm thôn",
        "phổ cập dịch vụ mạng thông tin di động 4G/5G tại khu vực trung tâm các thôn, bản, khu phố trên "
        "địa bàn các xã, phường, thị trấn",
        "percent",
        "ge",
        100,
        "stock",
        ["district"],
        "STTTT",
    ),
    (
        "T02",
        "Sẵn sàng IPv6",
        "Tối thiểu 70% các cơ quan, đơn vị, địa phương thực hiện đầu tư, nâng cấp trang thiết bị, hạ tầng "
        "mạng viễn thông, công nghệ thông tin sẵn sàng đáp ứng cho chuyển đổi địa chỉ IPv4 sang địa chỉ IPv6",
        "percent",
        "ge",
        70,
        "stock",
        AD,
        "STTTT",
    ),
    (
        "T03",
        "HTTT được phê duyệt hồ sơ cấp độ",
        "100% các hệ thống thông tin được xây dựng, phê duyệt hồ sơ cấp độ và được triển khai phương án "
        "đảm bảo ATTT theo hồ sơ cấp độ",
        "percent",
        "ge",
        100,
        "stock",
        AD,
        "STTTT",
    ),
    (
        "T04",
        "Nền tảng số quốc gia được đưa vào ứng dụng",
        "Tối thiểu 30% các nền tảng số của quốc gia được nghiên cứu, xem xét sự phù hợp với tình hình thực "
        "tiễn của tỉnh để giới thiệu, hỗ trợ triển khai và ứng dụng cho các cơ quan, đơn vị, doanh nghiệp "
        "trên địa bàn tỉnh",
        "percent",
        "ge",
        30,
        "stock",
        ["province"],
        "STTTT",
    ),
    (
        "T05",
        "CBCC được bồi dưỡng kỹ năng số",
        "Tối thiểu 50% cán bộ, công chức được tham gia các lớp tuyên truyền, tập huấn, bồi dưỡng, phổ biến "
        "về kỹ năng số cơ bản, kỹ năng phân tích, khai thác dữ liệu, công nghệ số và đảm bảo an toàn thông "
        "tin mạng",
        "percent",
        "ge",
        50,
        "stock",
        AD,
        "SNV",
    ),
    (
        "T06",
        "Máy tính, mạng LAN được bảo vệ ATTT",
        "100% hệ thống thông tin, máy tính, thiết bị đầu cuối CNTT; 100% mạng nội bộ (LAN) của các sở, ban, "
        "ngành; UBND cấp huyện, cấp xã được triển khai các giải pháp bảo vệ, bảo mật nhằm đảm bảo an toàn "
        "thông tin trên môi trường mạng",
        "percent",
        "ge",
        100,
        "stock",
        AD,
        "STTTT",
    ),
    (
        "T07",
        "Trung tâm Dữ liệu được bảo vệ, sao lưu",
        "100% hệ thống thông tin, hạ tầng máy chủ, thiết bị tại Trung tâm Dữ liệu của tỉnh được bảo vệ "
        "phòng, chống tấn công mạng, có giải pháp quản trị, vận hành và sao lưu, lưu trữ dự phòng",
        "percent",
        "ge",
        100,
        "stock",
        ["province"],
        "STTTT",
    ),
    ("T08.1", "Hồ sơ công việc trên mạng – cấp tỉnh", T08_TEXT, "percent", "ge", 90, "flow", ["agency"], "VPUBND"),
    ("T08.2", "Hồ sơ công việc trên mạng – cấp huyện", T08_TEXT, "percent", "ge", 70, "flow", ["district"], "VPUBND"),
    ("T08.3", "Hồ sơ công việc trên mạng – cấp xã", T08_TEXT, "percent", "ge", 50, "flow", ["district"], "VPUBND"),
    (
        "T09",
        "Văn bản điện tử có ký số",
        "100% văn bản trao đổi giữa các cơ quan nhà nước cấp tỉnh, cấp huyện, cấp xã (trừ văn bản mật) được "
        "thực hiện dưới dạng điện tử, được ký số bởi chữ ký số chuyên dùng theo đúng quy trình quy định",
        "percent",
        "ge",
        100,
        "flow",
        AD,
        "VPUBND",
    ),
    (
        "T10",
        "Báo cáo qua Hệ thống thông tin báo cáo",
        "Tối thiểu 90% công tác báo cáo được thực hiện trên hệ thống thông tin báo cáo của tỉnh kết nối liên "
        "thông với hệ thống thông tin báo cáo quốc gia",
        "percent",
        "ge",
        90,
        "flow",
        AD,
        "VPUBND",
    ),
    (
        "T11",
        "Người dùng DVC được định danh, xác thực",
        "Tối thiểu 50% người dân và doanh nghiệp sử dụng dịch vụ công trực tuyến được định danh và xác thực "
        "thông suốt, hợp nhất trên tất cả các hệ thống thông tin của các cấp chính quyền",
        "percent",
        "ge",
        50,
        "flow",
        ["province"],
        "CAT",
    ),
    (
        "T12",
        "Hồ sơ TTHC trực tuyến toàn trình",
        "Tối thiểu 60% hồ sơ TTHC được tiếp nhận, xử lý giải quyết, trả kết quả hoàn toàn trên môi trường mạng",
        "percent",
        "ge",
        60,
        "flow",
        AD,
        "VPUBND",
    ),
    (
        "T13",
        "Biên lai điện tử cho TTHC có phí, lệ phí",
        "100% sử dụng biên lai điện tử đối với các TTHC phát sinh phí và lệ phí",
        "percent",
        "ge",
        100,
        "flow",
        AD,
        "VPUBND",
    ),
    (
        "T14",
        "Dữ liệu quản lý được số hóa, tập trung",
        "Phấn đấu ít nhất 55% dữ liệu quản lý của các cơ quan nhà nước được số hóa, chuẩn hóa, đáp ứng các "
        "yêu cầu sẵn sàng tích hợp, kết nối, chia sẻ và lưu trữ tập trung tại Trung tâm Dữ liệu của tỉnh",
        "percent",
        "ge",
        55,
        "stock",
        AD,
        "STTTT",
    ),
    (
        "T15",
        "Điều hành, quản trị nội bộ trên nền tảng số",
        "Tối thiểu 50% hoạt động chỉ đạo, điều hành và quản trị nội bộ của cơ quan nhà nước được thực hiện "
        "trên nền tảng quản trị tổng thể, thống nhất",
        "percent",
        "ge",
        50,
        "stock",
        AD,
        "VPUBND",
    ),
    (
        "T16",
        "Hoạt động kiểm tra qua môi trường số",
        "Tối thiểu 30% hoạt động kiểm tra của các cơ quan quản lý nhà nước được thực hiện thông qua môi "
        "trường số và hệ thống thông tin của cơ quan quản lý",
        "percent",
        "ge",
        30,
        "flow",
        AD,
        "TTT",
    ),
    (
        "T17",
        "Xã theo Mô hình chuyển đổi số cấp xã 1.0",
        "Tối thiểu 50% xã, phường, thị trấn thực hiện chuyển đổi số theo Mô hình chuyển đổi số cấp xã, "
        "phiên bản 1.0 (không bao gồm các đơn vị thí điểm năm 2021 và bắt đầu thực hiện từ năm 2022)",
        "percent",
        "ge",
        50,
        "stock",
        ["district"],
        "STTTT",
    ),
    (
        "T18",
        "Đơn vị theo Mô hình CQS cấp sở, ngành 1.0",
        "Thực hiện xây dựng Chính quyền số theo Mô hình Chính quyền số cấp sở, ngành, phiên bản 1.0 cho 03 "
        "đơn vị (không bao gồm các đơn vị thực hiện thí điểm năm 2022)",
        "count",
        "ge",
        3,
        "stock",
        ["province"],
        "STTTT",
    ),
]

# --- tasks --------------------------------------------------------------------------------------------

VI = "VI. Tổ chức thực hiện"
YEAR_START, YEAR_END = D(2023, 1, 1), D(2023, 12, 31)

# Partner groups, resolved against the unit list: "@all" = every agency and district except the lead,
# "@agencies" = every agency except the lead, "@districts" = the districts.
# code, appendix, title, lead, partners, start, due, product
VI_TASKS = [
    (
        "VI-01",
        "01",
        "Chủ trì triển khai Kế hoạch; hướng dẫn các cơ quan, đơn vị, địa phương xây dựng kế hoạch năm 2023; "
        "theo dõi, kiểm tra, đôn đốc, tổng hợp và báo cáo định kỳ",
        "STTTT",
        "@all",
        YEAR_START,
        YEAR_END,
        "Văn bản hướng dẫn; báo cáo định kỳ tình hình, kết quả thực hiện Kế hoạch gửi Ban Chỉ đạo CĐS tỉnh, UBND tỉnh",
    ),
    (
        "VI-02",
        "01",
        "Rà soát, trình ban hành quy chế quản lý, vận hành, khai thác các hệ thống thông tin, nền tảng số; "
        "bảo đảm an toàn các hệ thống quan trọng của tỉnh",
        "STTTT",
        "@agencies",
        YEAR_START,
        YEAR_END,
        "Quy chế quản lý, vận hành, khai thác hệ thống thông tin, nền tảng số được ban hành",
    ),
    (
        "VI-03",
        "01",
        "Đầu mối phối hợp với Bộ, ngành Trung ương triển khai nền tảng số toàn quốc; kết nối hệ thống thông tin "
        "của tỉnh với các CSDL quốc gia; chia sẻ, mở dữ liệu",
        "STTTT",
        [],
        YEAR_START,
        YEAR_END,
        "Hệ thống thông tin của tỉnh kết nối, tích hợp với các CSDL quốc gia; dữ liệu được chia sẻ, công khai",
    ),
    (
        "VI-04",
        "02",
        "Tập huấn, nâng cao năng lực chuyển đổi số cho Tổ công nghệ số cộng đồng; phổ biến khóa học "
        "“Phổ cập kỹ năng số cộng đồng” đến thành viên tổ và người dân",
        "STTTT",
        "@districts",
        YEAR_START,
        YEAR_END,
        "Các lớp tập huấn cho Tổ công nghệ số cộng đồng; người dân tham gia khóa học trên nền tảng học trực tuyến",
    ),
    (
        "VI-05",
        "02",
        "Phổ cập, nâng cao nhận thức, kỹ năng số phục vụ phát triển chính quyền số, chuyển đổi số và đảm bảo "
        "an toàn thông tin mạng",
        "STTTT",
        ["SNV"],
        YEAR_START,
        YEAR_END,
        "Các chương trình, lớp phổ cập, nâng cao nhận thức và kỹ năng số",
    ),
    (
        "VI-06",
        "02",
        "Tổng hợp, xây dựng dự toán kinh phí các chương trình, dự án CNTT, chính quyền số, chuyển đổi số, "
        "an toàn thông tin mạng gửi Sở Tài chính thẩm định",
        "STTTT",
        ["SKHDT", "STC"],
        YEAR_START,
        YEAR_END,
        "Dự toán kinh phí tổng hợp trình UBND tỉnh phê duyệt",
    ),
    (
        "VI-07",
        "01",
        "Vận hành, khai thác hiệu quả Cổng thông tin điện tử và các hệ thống thông tin được giao chủ trì, "
        "phục vụ chỉ đạo, điều hành của UBND tỉnh",
        "VPUBND",
        ["STTTT"],
        YEAR_START,
        YEAR_END,
        "Cổng thông tin điện tử và các hệ thống được giao vận hành ổn định, đúng quy định",
    ),
    (
        "VI-08",
        "01",
        "Nâng cao chất lượng cải cách, kiểm soát TTHC, Trung tâm Phục vụ hành chính công, Bộ phận một cửa "
        "cấp huyện, cấp xã; đôn đốc số hóa hồ sơ, kết quả TTHC",
        "VPUBND",
        "@all",
        YEAR_START,
        YEAR_END,
        "Giải pháp cải cách TTHC triển khai đồng bộ; hồ sơ, kết quả giải quyết TTHC được số hóa theo quy trình",
    ),
    (
        "VI-09",
        "02",
        "Tham mưu bố trí vốn đầu tư phát triển cho các dự án, chương trình ứng dụng CNTT, chính quyền số, "
        "chuyển đổi số, đô thị thông minh",
        "SKHDT",
        ["STTTT", "STC"],
        YEAR_START,
        YEAR_END,
        "Nguồn vốn đầu tư phát triển được bố trí cho các dự án của Kế hoạch",
    ),
    (
        "VI-10",
        "02",
        "Tham mưu bố trí kinh phí chi thường xuyên từ ngân sách tỉnh; thẩm định, hướng dẫn thực hiện nhiệm vụ "
        "theo Luật Ngân sách nhà nước",
        "STC",
        ["STTTT"],
        YEAR_START,
        YEAR_END,
        "Kinh phí chi thường xuyên được bố trí; văn bản thẩm định, hướng dẫn",
    ),
    (
        "VI-11",
        "01",
        "Đưa nhiệm vụ chính quyền số, chuyển đổi số vào kế hoạch cải cách hành chính theo Nghị quyết "
        "76/NQ-CP; tập huấn, bồi dưỡng cán bộ, công chức, viên chức",
        "SNV",
        ["STTTT"],
        YEAR_START,
        YEAR_END,
        "Kế hoạch cải cách hành chính có nội dung chuyển đổi số; các lớp bồi dưỡng cho CBCCVC",
    ),
    (
        "VI-12",
        "02",
        "Nghiên cứu, áp dụng thử nghiệm giải pháp mới về chuyển đổi số; tham mưu bố trí vốn sự nghiệp khoa học "
        "và công nghệ cho đề tài, dự án chuyển đổi số",
        "SKHCN",
        ["STTTT"],
        YEAR_START,
        YEAR_END,
        "Giải pháp chuyển đổi số được thử nghiệm; đề tài, dự án KH&CN được bố trí kinh phí",
    ),
    (
        "VI-13",
        "01",
        "Triển khai Quyết định 06/QĐ-TTg về phát triển ứng dụng dữ liệu dân cư, định danh và xác thực điện tử "
        "trên địa bàn tỉnh",
        "CAT",
        ["STTTT"],
        YEAR_START,
        YEAR_END,
        "Nhiệm vụ của Đề án 06 trên địa bàn tỉnh được triển khai, báo cáo kết quả",
    ),
    (
        "VI-14",
        "02",
        "Chuyển đổi số thư viện thuộc thẩm quyền quản lý; xây dựng thư viện số, liên thông, bảo đảm đặc thù "
        "lực lượng vũ trang (Kế hoạch 141/KH-UBND)",
        "CAT",
        ["SVHTT"],
        YEAR_START,
        YEAR_END,
        "Hệ thống thư viện số liên thông, chia sẻ nguồn lực thông tin",
    ),
    (
        "VI-15",
        "03",
        "Phòng ngừa, phát hiện, đấu tranh với tội phạm và hành vi vi phạm pháp luật lĩnh vực an ninh mạng "
        "trên địa bàn tỉnh",
        "CAT",
        ["STTTT"],
        YEAR_START,
        YEAR_END,
        "Các biện pháp phòng ngừa, đấu tranh với tội phạm mạng được triển khai; báo cáo kết quả",
    ),
    (
        "VI-16",
        "01",
        "Các sở, ban, ngành, UBND các huyện, thành phố xây dựng Kế hoạch chuyển đổi số năm 2023 của đơn vị, "
        "gửi UBND tỉnh và Sở TT&TT trước ngày 27/12/2022",
        "STTTT",
        "@all",
        D(2022, 12, 15),
        D(2022, 12, 27),
        "Kế hoạch năm 2023 của từng sở, ban, ngành, huyện, thành phố (các đơn vị phối hợp thực hiện; "
        "Sở TT&TT tiếp nhận, tổng hợp)",
    ),
    (
        "VI-17",
        "01",
        "Các sở, ban, ngành, UBND các huyện, thành phố số hóa, tạo lập CSDL ngành, địa phương; cung cấp dịch vụ "
        "công trực tuyến; sử dụng chữ ký số, văn bản điện tử",
        "STTTT",
        "@all",
        YEAR_START,
        YEAR_END,
        "CSDL ngành, địa phương được tạo lập; chỉ tiêu DVC trực tuyến, ký số, văn bản điện tử đạt (các đơn vị "
        "thực hiện; Sở TT&TT theo dõi, tổng hợp)",
    ),
    (
        "VI-18",
        "03",
        "Các sở, ban, ngành, UBND các huyện, thành phố chủ động nâng cấp, bổ sung trang thiết bị, hạ tầng mạng "
        "đáp ứng triển khai các nhiệm vụ của Kế hoạch",
        "STTTT",
        "@all",
        YEAR_START,
        YEAR_END,
        "Trang thiết bị, hạ tầng mạng của từng đơn vị được nâng cấp (các đơn vị thực hiện; Sở TT&TT hướng dẫn, "
        "tổng hợp)",
    ),
]

# Illustrative tasks of the appendices (not in the seed; marked illustrative).
# code, section, title, lead, partners, start, due, product
PL01 = (
    "1. Phát triển hạ tầng số",
    "2. Phát triển dữ liệu số",
    "3. Nền tảng và ứng dụng",
    "4. Dịch vụ công trực tuyến",
    "5. Chuyển đổi số cấp xã",
)
PL02 = "1. Phát triển kinh tế số", "2. Phát triển xã hội số", "3. Chuyển đổi số trong các ngành, lĩnh vực"
PL03 = (
    "1. Bảo đảm an toàn hệ thống thông tin theo cấp độ",
    "2. Giám sát, ứng cứu sự cố",
    "3. Nâng cao nhận thức, kỹ năng an toàn thông tin",
)

ILLUSTRATIVE = {
    "01": [
        (
            PL01[0],
            "Mở rộng Mạng truyền số liệu chuyên dùng cấp II đến UBND các xã, phường, thị trấn",
            "STTTT",
            ["372", "376"],
            D(2023, 2, 1),
            D(2023, 9, 30),
            "100% UBND cấp xã kết nối Mạng truyền số liệu chuyên dùng",
        ),
        (
            PL01[0],
            "Nâng cấp hạ tầng máy chủ, lưu trữ và sao lưu dự phòng tại Trung tâm Dữ liệu của tỉnh",
            "STTTT",
            ["STC"],
            D(2023, 3, 1),
            D(2023, 11, 30),
            "Trung tâm Dữ liệu được nâng cấp năng lực tính toán, lưu trữ và sao lưu",
        ),
        (
            PL01[1],
            "Số hóa hồ sơ, kết quả giải quyết TTHC còn hiệu lực tại Trung tâm Phục vụ hành chính công",
            "VPUBND",
            ["STTTT", "STP"],
            D(2023, 1, 15),
            D(2023, 6, 30),
            "Kho dữ liệu hồ sơ, kết quả TTHC điện tử được cập nhật",
        ),
        (
            PL01[1],
            "Xây dựng cơ sở dữ liệu đất đai của tỉnh, kết nối với Cơ sở dữ liệu quốc gia về đất đai",
            "STNMT",
            ["STTTT"],
            D(2023, 2, 1),
            D(2023, 12, 31),
            "Cơ sở dữ liệu đất đai được xây dựng, kết nối, chia sẻ",
        ),
        (
            PL01[1],
            "Số hóa sổ hộ tịch, xây dựng cơ sở dữ liệu hộ tịch điện tử",
            "STP",
            ["CAT"],
            D(2023, 1, 1),
            D(2023, 9, 30),
            "Dữ liệu hộ tịch được số hóa, cập nhật vào cơ sở dữ liệu hộ tịch điện tử",
        ),
        (
            PL01[2],
            "Nâng cấp nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP), kết nối với NDXP",
            "STTTT",
            [],
            D(2023, 3, 1),
            D(2023, 10, 31),
            "LGSP được nâng cấp, kết nối thông suốt với Nền tảng NDXP",
        ),
        (
            PL01[2],
            "Triển khai Hệ thống quản lý văn bản và điều hành liên thông 3 cấp, ký số trên thiết bị di động",
            "VPUBND",
            ["STTTT"],
            D(2023, 1, 1),
            D(2023, 6, 30),
            "Văn bản được gửi, nhận, ký số trên hệ thống thống nhất từ tỉnh đến xã",
        ),
        (
            PL01[2],
            "Cấp, cập nhật chứng thư số chuyên dùng cho cán bộ, công chức cấp xã huyện Nho Quan",
            "372",
            ["STTTT"],
            D(2023, 2, 15),
            D(2023, 5, 31),
            "Cán bộ, công chức cấp xã có chứng thư số chuyên dùng",
        ),
        (
            PL01[3],
            "Triển khai dịch vụ công trực tuyến toàn trình và thanh toán trực tuyến tại Bộ phận một cửa "
            "thành phố Ninh Bình",
            "369",
            ["VPUBND"],
            D(2023, 3, 1),
            D(2023, 12, 31),
            "Tỷ lệ hồ sơ trực tuyến toàn trình, thanh toán trực tuyến tăng theo chỉ tiêu",
        ),
        (
            PL01[3],
            "Hướng dẫn, hỗ trợ người dân nộp hồ sơ TTHC trực tuyến tại Bộ phận một cửa cấp xã",
            "372",
            [],
            D(2023, 4, 1),
            D(2023, 9, 30),
            "Bộ phận một cửa cấp xã bố trí người hướng dẫn; số hồ sơ nộp trực tuyến tăng",
        ),
        (
            PL01[2],
            "Ứng dụng phần mềm quản lý cán bộ, công chức, viên chức kết nối CSDL quốc gia về CBCCVC",
            "SNV",
            ["STTTT"],
            D(2023, 2, 1),
            D(2023, 8, 31),
            "Dữ liệu CBCCVC được cập nhật, đồng bộ với CSDL quốc gia",
        ),
        (
            PL01[4],
            "Triển khai Mô hình chuyển đổi số cấp xã phiên bản 1.0 tại các xã, thị trấn huyện Kim Sơn",
            "376",
            ["STTTT"],
            D(2023, 1, 15),
            D(2023, 12, 15),
            "Các xã, thị trấn đạt tiêu chí Mô hình chuyển đổi số cấp xã 1.0",
        ),
    ],
    "02": [
        (
            PL02[0],
            "Đẩy mạnh thanh toán không dùng tiền mặt trong dịch vụ công, trường học, bệnh viện",
            "STC",
            ["SGDDT", "SYT"],
            D(2023, 3, 1),
            D(2023, 12, 31),
            "Tỷ lệ giao dịch thanh toán không dùng tiền mặt tăng",
        ),
        (
            PL02[0],
            "Hỗ trợ doanh nghiệp, hợp tác xã, hộ kinh doanh đưa sản phẩm OCOP lên sàn thương mại điện tử",
            "SCT",
            ["SNNPTNT"],
            D(2023, 2, 1),
            D(2023, 10, 31),
            "Sản phẩm OCOP được giới thiệu, bán trên sàn thương mại điện tử",
        ),
        (
            PL02[0],
            "Hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số, tiếp cận nền tảng số",
            "SKHDT",
            ["STTTT"],
            D(2023, 4, 1),
            D(2023, 12, 31),
            "Doanh nghiệp nhỏ và vừa được tư vấn, hỗ trợ sử dụng nền tảng số",
        ),
        (
            PL02[2],
            "Triển khai hồ sơ sức khỏe điện tử, bệnh án điện tử tại các bệnh viện tuyến tỉnh",
            "SYT",
            ["CAT"],
            D(2023, 1, 15),
            D(2023, 12, 31),
            "Hồ sơ sức khỏe điện tử của người dân; bệnh viện triển khai bệnh án điện tử",
        ),
        (
            PL02[2],
            "Triển khai sổ điểm, học bạ điện tử và cơ sở dữ liệu ngành giáo dục",
            "SGDDT",
            [],
            D(2023, 1, 1),
            D(2023, 8, 31),
            "Các trường sử dụng sổ điểm, học bạ điện tử; CSDL ngành được cập nhật",
        ),
        (
            PL02[2],
            "Nâng cấp ứng dụng du lịch thông minh, thuyết minh tự động tại các khu, điểm du lịch",
            "SDL",
            ["STTTT", "374"],
            D(2023, 2, 1),
            D(2023, 9, 30),
            "Ứng dụng du lịch thông minh được nâng cấp; điểm du lịch có thuyết minh tự động",
        ),
        (
            PL02[2],
            "Ứng dụng truy xuất nguồn gốc nông sản, xây dựng bản đồ số vùng trồng",
            "SNNPTNT",
            ["373"],
            D(2023, 3, 1),
            D(2023, 11, 30),
            "Sản phẩm nông nghiệp có mã truy xuất nguồn gốc; bản đồ số vùng trồng",
        ),
        (
            PL02[1],
            "Kiện toàn, duy trì hoạt động Tổ công nghệ số cộng đồng tại các thôn, tổ dân phố huyện Yên Khánh",
            "375",
            ["STTTT"],
            D(2023, 1, 1),
            D(2023, 4, 30),
            "Tổ công nghệ số cộng đồng được kiện toàn, hoạt động thường xuyên",
        ),
        (
            PL02[1],
            "Hướng dẫn người dân cài đặt, sử dụng ứng dụng VNeID và tài khoản định danh điện tử mức 2",
            "377",
            ["CAT"],
            D(2023, 2, 1),
            D(2023, 6, 30),
            "Người dân được hướng dẫn kích hoạt tài khoản định danh điện tử",
        ),
        (
            PL02[1],
            "Chi trả trợ cấp, an sinh xã hội không dùng tiền mặt",
            "SLDTBXH",
            ["STC"],
            D(2023, 3, 1),
            D(2023, 12, 31),
            "Tỷ lệ đối tượng nhận chi trả qua tài khoản tăng",
        ),
    ],
    "03": [
        (
            PL03[0],
            "Xây dựng, trình phê duyệt hồ sơ đề xuất cấp độ cho các hệ thống thông tin của tỉnh",
            "STTTT",
            ["VPUBND"],
            D(2023, 1, 1),
            D(2023, 6, 30),
            "Hồ sơ đề xuất cấp độ được phê duyệt; phương án bảo đảm ATTT theo cấp độ",
        ),
        (
            PL03[1],
            "Vận hành Trung tâm giám sát, điều hành an toàn thông tin mạng (SOC) của tỉnh, kết nối với "
            "hệ thống giám sát quốc gia",
            "STTTT",
            [],
            D(2023, 1, 1),
            D(2023, 12, 31),
            "SOC vận hành 24/7; báo cáo giám sát định kỳ",
        ),
        (
            PL03[1],
            "Tổ chức diễn tập thực chiến ứng cứu sự cố an toàn thông tin mạng cấp tỉnh",
            "STTTT",
            ["CAT"],
            D(2023, 5, 1),
            D(2023, 9, 30),
            "Cuộc diễn tập thực chiến được tổ chức; báo cáo rút kinh nghiệm",
        ),
        (
            PL03[0],
            "Kiểm tra, đánh giá an toàn thông tin định kỳ các hệ thống thông tin cấp độ 3",
            "CAT",
            ["STTTT"],
            D(2023, 4, 1),
            D(2023, 11, 30),
            "Báo cáo kiểm tra, đánh giá ATTT; lỗ hổng được khắc phục",
        ),
        (
            PL03[1],
            "Triển khai giải pháp phòng chống mã độc tập trung cho máy tính UBND thành phố Tam Điệp và các phường, xã",
            "370",
            ["STTTT"],
            D(2023, 3, 1),
            D(2023, 7, 31),
            "100% máy tính được cài đặt giải pháp phòng chống mã độc tập trung",
        ),
        (
            PL03[2],
            "Tập huấn nâng cao nhận thức, kỹ năng an toàn thông tin cho cán bộ, công chức, viên chức",
            "SNV",
            ["STTTT"],
            D(2023, 6, 1),
            D(2023, 10, 31),
            "Các lớp tập huấn ATTT cho CBCCVC",
        ),
        (
            PL03[0],
            "Triển khai mô hình 4 lớp bảo vệ hệ thống thông tin tại Trung tâm Phục vụ hành chính công",
            "VPUBND",
            ["STTTT", "CAT"],
            D(2023, 2, 1),
            D(2023, 8, 31),
            "Hệ thống thông tin được bảo vệ theo mô hình 4 lớp",
        ),
        (
            PL03[1],
            "Rà soát, khắc phục lỗ hổng bảo mật trên trang thông tin điện tử huyện Gia Viễn và các xã, thị trấn",
            "373",
            ["STTTT"],
            D(2023, 3, 15),
            D(2023, 6, 30),
            "Báo cáo rà soát; lỗ hổng bảo mật được khắc phục",
        ),
    ],
}


# --- building ---------------------------------------------------------------------------------------


def read_communes(csv_path: Path) -> list[dict]:
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        rows = [{k: unicodedata.normalize("NFC", (v or "").strip()) for k, v in r.items()} for r in csv.DictReader(fh)]
    if not rows:
        sys.exit(f"{csv_path}: no rows")
    return rows


def strip_prefix(name: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if name.startswith(prefix + " "):
            return name[len(prefix) + 1 :]
    return name


def build_units(rows: list[dict]) -> list[dict]:
    units = [dict(PROVINCE)]
    for code, name, short in AGENCIES:
        units.append({"code": code, "name": name, "short": short, "kind": "agency", "parent": PROVINCE["code"]})
    districts: dict[str, dict] = {}
    for r in rows:
        if r["province_code"] != PROVINCE["code"]:
            sys.exit(f"CSV row for another province: {r}")
        code = r["district_code"]
        if code not in districts:
            name = r["district_name"]
            districts[code] = {
                "code": code,
                "name": name,
                "short": CITY_SHORT.get(name, strip_prefix(name, ("Thành phố", "Huyện", "Thị xã"))),
                "kind": "district",
                "parent": PROVINCE["code"],
                "type": r["district_type"],
            }
    units.extend(districts[c] for c in sorted(districts, key=int))
    communes = sorted(rows, key=lambda r: (int(r["district_code"]), int(r["commune_code"])))
    for r in communes:
        units.append(
            {
                "code": r["commune_code"].zfill(5),
                "name": r["commune_name"],
                "short": strip_prefix(r["commune_name"], ("Phường", "Xã", "Thị trấn")),
                "kind": "commune",
                "parent": r["district_code"],
                "type": r["commune_type"],
            }
        )
    return units


def build_kpis() -> list[dict]:
    return [
        {
            "code": code,
            "name": name,
            "text": text,
            "unit": unit,
            "op": op,
            "target": target,
            "aggregation": agg,
            "levels": list(levels),
            "lead": lead,
        }
        for code, name, text, unit, op, target, agg, levels, lead in KPIS
    ]


def resolve_partners(spec, lead: str, units: list[dict]) -> list[str]:
    agencies = [u["code"] for u in units if u["kind"] == "agency"]
    districts = [u["code"] for u in units if u["kind"] == "district"]
    groups = {"@all": agencies + districts, "@agencies": agencies, "@districts": districts}
    codes = groups[spec] if isinstance(spec, str) else list(spec)
    return [c for c in codes if c != lead]


def build_tasks(units: list[dict]) -> list[dict]:
    tasks = []
    for code, appendix, title, lead, partners, start, due, product in VI_TASKS:
        tasks.append(
            {
                "code": code,
                "appendix": appendix,
                "section": VI,
                "title": title,
                "lead": lead,
                "partners": resolve_partners(partners, lead, units),
                "start": start,
                "due": due,
                "product": product,
                "illustrative": False,
            }
        )
    for appendix, items in ILLUSTRATIVE.items():
        for i, (section, title, lead, partners, start, due, product) in enumerate(items, 1):
            tasks.append(
                {
                    "code": f"PL{appendix}-{i:02d}",
                    "appendix": appendix,
                    "section": section,
                    "title": title,
                    "lead": lead,
                    "partners": resolve_partners(partners, lead, units),
                    "start": start,
                    "due": due,
                    "product": product,
                    "illustrative": True,
                }
            )
    return tasks


# --- YAML output ------------------------------------------------------------------------------------


class Quoted(str):
    """A string written in double quotes (codes, free text)."""


class Flow(dict):
    """A mapping written on one line."""


class FlowList(list):
    pass


class Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # never write &id001 / *id001 for repeated dates or lists
        return True


Dumper.add_representer(Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))
Dumper.add_representer(Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))
Dumper.add_representer(FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))

PLAIN_KEYS = {"kind", "unit", "op", "aggregation", "levels"}  # enum values stay unquoted


def styled(value, key: str | None = None):
    if isinstance(value, dict):
        return Flow((k, styled(v, k)) for k, v in value.items())
    if isinstance(value, list):
        return FlowList(styled(v, key) for v in value)
    if isinstance(value, str) and key not in PLAIN_KEYS:
        return Quoted(value)
    return value


HEADER = """\
# Plan catalogue (contract §1) — Kế hoạch số 194/KH-UBND ngày 15/12/2022 của UBND tỉnh Ninh Bình
# GENERATED by data/plans/build_ninh_binh_2023.py — do not edit by hand; edit the script and re-run it.
# Sources:
#   - plan, reporting calendar, KPI target sentences (verbatim, section II.2) and tasks VI-01..VI-18
#     (section VI): the plan text, data/reference/kh-194-ubnd-2022.txt;
#   - districts and communes (GSO codes, valid for 2023): data/reference/ninh_binh_dvhc_2023.csv;
#   - agency codes, KPI codes/targets/levels: docs/units.md and docs/data-contract.md.
# Tasks PL01-xx, PL02-xx, PL03-xx are ILLUSTRATIVE demo tasks (illustrative: true): the official
# appendices (Phụ lục 01–03) are not in the seed and replace them when imported.
# KPI baselines are not set here: they come from the units' December 2022 reports.
"""


def render(doc: dict) -> str:
    parts = [HEADER]
    parts.append(
        yaml.dump({"plan": styled(doc["plan"])}, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10**6)
    )
    parts.append(
        yaml.dump(
            {"reporting": styled(doc["reporting"])}, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10**6
        )
    )
    for key in ("units", "kpis", "tasks"):
        body = [styled(item) for item in doc[key]]
        parts.append(
            "\n"
            + yaml.dump(
                {key: body}, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=10**6, default_flow_style=False
            )
        )
    return "".join(parts)


# --- checks -----------------------------------------------------------------------------------------


def all_strings(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from all_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from all_strings(v)
    elif isinstance(value, str):
        yield value


def check(out_path: Path, seed: str) -> bool:
    data = yaml.safe_load(out_path.read_text(encoding="utf-8"))
    results: list[tuple[str, bool]] = []

    def ok(label: str, cond: bool):
        results.append((label, bool(cond)))

    ok(
        "top-level keys are plan, reporting, units, kpis, tasks",
        list(data) == ["plan", "reporting", "units", "kpis", "tasks"],
    )
    units = data["units"]
    kinds = Counter(u["kind"] for u in units)
    ok(f"units: 1 province ({kinds['province']})", kinds["province"] == 1)
    ok(f"units: 20 agencies ({kinds['agency']})", kinds["agency"] == 20)
    ok(f"units: 8 districts ({kinds['district']})", kinds["district"] == 8)
    ok(f"units: 143 communes ({kinds['commune']})", kinds["commune"] == 143)
    by_code = {u["code"]: u for u in units}
    ok("unit codes are unique strings", len(by_code) == len(units) and all(isinstance(c, str) for c in by_code))
    ok(
        "every unit has code, name, short, kind, parent",
        all(list(u)[:5] == ["code", "name", "short", "kind", "parent"] for u in units),
    )
    ok("province 37 has parent null", by_code.get("37", {}).get("parent", "x") is None)
    ok(
        "agencies and districts have parent '37'",
        all(u["parent"] == "37" for u in units if u["kind"] in ("agency", "district")),
    )
    ok(
        "every commune's parent is a district",
        all(by_code.get(u["parent"], {}).get("kind") == "district" for u in units if u["kind"] == "commune"),
    )
    ok(
        "commune codes are 5 digits",
        all(len(u["code"]) == 5 and u["code"].isdigit() for u in units if u["kind"] == "commune"),
    )
    structure = {
        d: tuple(
            sum(1 for u in units if u["kind"] == "commune" and u["parent"] == d and u["type"] == t)
            for t in ("Phường", "Thị trấn", "Xã")
        )
        for d in EXPECTED_COMMUNES
    }
    ok("communes per district match units.md (phường, thị trấn, xã)", structure == EXPECTED_COMMUNES)
    ok(
        "district/commune types are Thành phố/Huyện and Phường/Xã/Thị trấn",
        all(u.get("type") in ("Thành phố", "Huyện") for u in units if u["kind"] == "district")
        and all(u.get("type") in ("Phường", "Xã", "Thị trấn") for u in units if u["kind"] == "commune"),
    )

    kpis = data["kpis"]
    ok(f"21 KPIs ({len(kpis)})", len(kpis) == 21)
    ok("KPI codes in contract order", [k["code"] for k in kpis] == [k[0] for k in KPIS])
    ok("every KPI text is a verbatim substring of the seed", all(k["text"] in seed for k in kpis))
    ok("KPI names ≤ 45 characters", all(len(k["name"]) <= 45 for k in kpis))
    ok("KPI leads are agencies", all(by_code.get(k["lead"], {}).get("kind") == "agency" for k in kpis))
    ok("no baseline/milestones keys", all("baseline" not in k and "milestones" not in k for k in kpis))

    tasks = data["tasks"]
    vi = [t for t in tasks if not t["illustrative"]]
    ill = [t for t in tasks if t["illustrative"]]
    ok(f"18 section-VI tasks ({len(vi)})", len(vi) == 18 and all(t["code"].startswith("VI-") for t in vi))
    ok(
        f"30 illustrative tasks ({len(ill)}: "
        + ", ".join(f"PL{a}={sum(1 for t in ill if t['appendix'] == a)}" for a in ("01", "02", "03"))
        + ")",
        len(ill) == 30 and [sum(1 for t in ill if t["appendix"] == a) for a in ("01", "02", "03")] == [12, 10, 8],
    )
    keys = ["code", "appendix", "section", "title", "lead", "partners", "start", "due", "product", "illustrative"]
    ok("task keys in contract order", all(list(t) == keys for t in tasks))
    ok("task codes unique", len({t["code"] for t in tasks}) == len(tasks))
    ok(
        "every task lead/partner is a known unit code",
        all(t["lead"] in by_code and all(p in by_code for p in t["partners"]) for t in tasks),
    )
    ok("no task lists its lead as a partner", all(t["lead"] not in t["partners"] for t in tasks))
    ok(
        "dates are dates, due ≥ start",
        all(
            isinstance(t["start"], dt.date) and isinstance(t["due"], dt.date) and t["due"] >= t["start"] for t in tasks
        ),
    )
    ok("task titles ≤ 160 characters", all(len(t["title"]) <= 160 for t in tasks))
    ill_leads = Counter(t["lead"] for t in ill)
    district_led = sum(n for c, n in ill_leads.items() if by_code[c]["kind"] == "district")
    ok(
        f"illustrative: ≥ 5 district-led ({district_led}), ≥ 2 by 372 ({ill_leads['372']}), "
        f"≥ 3 by STTTT ({ill_leads['STTTT']}), ≥ 2 by VPUBND ({ill_leads['VPUBND']})",
        district_led >= 5 and ill_leads["372"] >= 2 and ill_leads["STTTT"] >= 3 and ill_leads["VPUBND"] >= 2,
    )
    ok(
        "illustrative: 0–3 partners, start 2023-01-01..06-01, due 2023-03-31..12-31",
        all(
            len(t["partners"]) <= 3
            and D(2023, 1, 1) <= t["start"] <= D(2023, 6, 1)
            and D(2023, 3, 31) <= t["due"] <= D(2023, 12, 31)
            and t["due"] > t["start"]
            for t in ill
        ),
    )
    early = sum(1 for t in ill if t["due"] <= D(2023, 9, 30))
    ok(f"illustrative: ≥ 8 due on or before 2023-09-30 ({early})", early >= 8)

    strings = list(all_strings(data))
    ok("all strings NFC-normalised", all(unicodedata.normalize("NFC", s) == s for s in strings))
    ok(
        "no stray combining marks or replacement characters",
        all(not any(unicodedata.combining(ch) or ch == "\ufffd" for ch in s) for s in strings),
    )

    for label, passed in results:
        print(f"  [{'OK' if passed else 'FAIL'}] {label}")
    return all(p for _, p in results)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv", nargs="?", default=DEFAULT_CSV, help=f"communes CSV (default {DEFAULT_CSV})")
    ap.add_argument("seed", nargs="?", default=DEFAULT_SEED, help=f"plan text (default {DEFAULT_SEED})")
    ap.add_argument("--out", default=DEFAULT_OUT, help=f"output YAML (default {DEFAULT_OUT})")
    args = ap.parse_args(argv)
    csv_path, seed_path, out_path = (REPO_ROOT / p for p in (args.csv, args.seed, args.out))

    seed = unicodedata.normalize("NFC", seed_path.read_text(encoding="utf-8-sig"))
    for code, _name, text, *_ in KPIS:
        assert text in seed, f"KPI {code}: text is not a verbatim substring of {seed_path}"

    units = build_units(read_communes(csv_path))
    doc = {"plan": PLAN, "reporting": REPORTING, "units": units, "kpis": build_kpis(), "tasks": build_tasks(units)}
    out_path.write_text(render(doc), encoding="utf-8")
    print(f"wrote {out_path}")
    passed = check(out_path, seed)
    print("all checks passed" if passed else "SOME CHECKS FAILED")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
