"""The XLSX a unit fills in for one period (`dtplan template`): sheets `kpi` and `tasks` with the
Vietnamese headers of contract §2, the unit's own KPIs and tasks pre-listed, dropdowns and number
validation, and a read-me sheet ("Hướng dẫn"). Filled in as it is, it imports without edits.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dtplan import i18n
from dtplan.domain.catalog import Catalog, Kpi, Task
from dtplan.domain.periods import is_period
from dtplan.ingest.readers import COLUMNS, KPI, PROGRESS
from dtplan.ingest.validation import plan_periods

README_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
MAX_ROWS = 2000  # rows covered by the dropdowns and number rules


class TemplateError(ValueError):
    """A wrong request (unknown unit, period outside the plan year); the message is in Vietnamese."""


def unit_kpis(catalog: Catalog, unit_code: str) -> list[tuple[str, Kpi]]:
    """(reporting unit code, KPI) pairs the unit sends rows for: its own level's KPIs (`Kpi.sent_by`: a
    district's template holds no commune-level KPI, its communes send those), and the province-level KPIs
    it leads (reported under the province's code)."""
    unit = catalog.unit(unit_code)
    pairs = [(unit.code, k) for k in catalog.kpis if k.sent_by(unit.kind)]
    if unit.kind != "province":
        pairs += [(catalog.plan.province, k) for k in catalog.kpis if k.sent_by("province") and k.lead == unit.code]
    return pairs


def unit_tasks(catalog: Catalog, unit_code: str) -> list[Task]:
    return [t for t in catalog.tasks if t.lead == unit_code or unit_code in t.partners]


def build(catalog: Catalog, unit_code: str, period: str) -> bytes:
    units = catalog.units_by_code
    if unit_code not in units:
        raise TemplateError(f"--unit: không có đơn vị mã '{unit_code}' trong kế hoạch")
    if not is_period(period) or period not in plan_periods(catalog):
        raise TemplateError(
            f"--period: kỳ '{period}' phải có dạng YYYY-MM và thuộc năm kế hoạch {catalog.plan.year} "
            f"(hoặc tháng 12 năm trước)"
        )
    unit = units[unit_code]
    kpis = unit_kpis(catalog, unit_code)
    tasks = unit_tasks(catalog, unit_code)
    book = Workbook()
    readme = book.active
    readme.title = README_SHEET
    kpi_sheet = book.create_sheet("kpi")
    task_sheet = book.create_sheet("tasks")
    lists = book.create_sheet(LISTS_SHEET)

    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="0B5CAD")

    def headers(sheet, labels: list[str], widths: list[int]) -> None:
        sheet.append(labels)
        for i, width in enumerate(widths, start=1):
            cell = sheet.cell(row=1, column=i)
            cell.font, cell.fill = header_font, header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A2"

    # Lists for the dropdowns (a sheet the importer ignores).
    lists.append(["Mã đơn vị", "Mã chỉ tiêu", "Mã nhiệm vụ", "Trạng thái"])
    report_units = sorted({u for u, _ in kpis} | {unit_code})
    kpi_codes = [k.code for _, k in kpis]
    task_codes = [t.code for t in tasks]
    statuses = list(i18n.PROGRESS_STATUS.values())
    for i in range(max(len(report_units), len(kpi_codes), len(task_codes), len(statuses))):
        lists.append(
            [
                report_units[i] if i < len(report_units) else None,
                kpi_codes[i] if i < len(kpi_codes) else None,
                task_codes[i] if i < len(task_codes) else None,
                statuses[i] if i < len(statuses) else None,
            ]
        )
    for column, values in zip("ABCD", (report_units, kpi_codes, task_codes, statuses), strict=False):
        for row in range(2, len(values) + 2):
            lists[f"{column}{row}"].number_format = "@"

    def list_rule(column: str, count: int, prompt: str) -> DataValidation:
        rule = DataValidation(
            type="list", formula1=f"='{LISTS_SHEET}'!${column}$2:${column}${max(2, count + 1)}", allow_blank=False
        )
        rule.error, rule.errorTitle, rule.prompt = f"Chọn trong danh sách: {prompt}", "Giá trị không hợp lệ", prompt
        rule.showErrorMessage = rule.showInputMessage = True
        return rule

    def number_rule(low: float, high: float | None, prompt: str) -> DataValidation:
        if high is None:
            rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1=str(low), allow_blank=True)
        else:
            rule = DataValidation(type="decimal", operator="between", formula1=str(low), formula2=str(high))
        rule.error, rule.errorTitle, rule.prompt = prompt, "Số không hợp lệ", prompt
        rule.showErrorMessage = rule.showInputMessage = True
        return rule

    def date_rule() -> DataValidation:
        rule = DataValidation(type="date", operator="greaterThan", formula1="DATE(2000,1,1)", allow_blank=False)
        rule.error = rule.prompt = "Ngày gửi báo cáo, dạng dd/mm/yyyy"
        rule.errorTitle = "Ngày không hợp lệ"
        rule.showErrorMessage = rule.showInputMessage = True
        return rule

    # Sheet kpi.
    labels = list(COLUMNS[KPI].values())
    headers(kpi_sheet, labels, [12, 12, 13, 12, 12, 13, 40])
    for report_unit, kpi in kpis:
        kpi_sheet.append([period, report_unit, kpi.code, None, None, None, None])
    last = max(MAX_ROWS, kpi_sheet.max_row)
    for rule, ref in (
        (list_rule("A", len(report_units), "Mã đơn vị"), f"B2:B{last}"),
        (list_rule("B", len(kpi_codes), "Mã chỉ tiêu"), f"C2:C{last}"),
        (number_rule(0, None, "Tử số: số ≥ 0"), f"D2:D{last}"),
        (number_rule(0, None, "Mẫu số: số > 0 (để trống với chỉ tiêu đếm)"), f"E2:E{last}"),
        (date_rule(), f"F2:F{last}"),
    ):
        kpi_sheet.add_data_validation(rule)
        rule.add(ref)
    for row in range(2, last + 1):
        kpi_sheet.cell(row=row, column=1).number_format = "@"  # the period stays text, not a date
        kpi_sheet.cell(row=row, column=2).number_format = "@"
        kpi_sheet.cell(row=row, column=6).number_format = "dd/mm/yyyy"

    # Sheet tasks (progress rows).
    labels = list(COLUMNS[PROGRESS].values())
    headers(task_sheet, labels, [12, 13, 12, 18, 12, 13, 40])
    for task in tasks:
        task_sheet.append([period, task.code, unit_code, None, None, None, None])
    last = max(MAX_ROWS, task_sheet.max_row)
    for rule, ref in (
        (list_rule("C", len(task_codes), "Mã nhiệm vụ"), f"B2:B{last}"),
        (list_rule("D", len(statuses), "Trạng thái"), f"D2:D{last}"),
        (number_rule(0, 100, "Tiến độ: số phần trăm từ 0 đến 100"), f"E2:E{last}"),
        (date_rule(), f"F2:F{last}"),
    ):
        task_sheet.add_data_validation(rule)
        rule.add(ref)
    for row in range(2, last + 1):
        task_sheet.cell(row=row, column=1).number_format = "@"
        task_sheet.cell(row=row, column=3).number_format = "@"
        task_sheet.cell(row=row, column=6).number_format = "dd/mm/yyyy"

    # Read-me.
    readme.column_dimensions["A"].width = 16
    readme.column_dimensions["B"].width = 100
    lines = [
        ("Mẫu nhập số liệu", f"{unit.name} ({unit.code}) — kỳ báo cáo {period} — {catalog.plan.title}"),
        ("Trang kpi", "Mỗi dòng một chỉ tiêu: ghi Tử số, Mẫu số (để trống với chỉ tiêu đếm) và Ngày gửi."),
        ("", "Chỉ tiêu dòng chảy (flow): số phát sinh trong tháng; tích lũy (stock): số tại cuối tháng."),
        ("", "Tử số không lớn hơn mẫu số; mẫu số lớn hơn 0; số thập phân dùng dấu phẩy hoặc dấu chấm."),
        ("Trang tasks", f"Tiến độ các nhiệm vụ đơn vị chủ trì hoặc phối hợp. Trạng thái: {', '.join(statuses)}."),
        ("", "Trạng thái Hoàn thành thì tiến độ là 100."),
        ("", "Dòng để trống mọi ô cần điền (số liệu, trạng thái, ngày gửi, ghi chú) được bỏ qua khi nhập."),
        ("Ngày gửi", "dd/mm/yyyy; không ghi ngày trong tương lai."),
        ("Lưu ý", "Không thêm, bớt hay đổi tên cột; không dùng công thức (chỉ nhập giá trị)."),
        ("", "Giữ nguyên tên các trang 'kpi' và 'tasks'. Mỗi kỳ, đơn vị, chỉ tiêu chỉ ghi một dòng."),
        ("", "Gửi lại tệp có ngày gửi mới hơn để đính chính: số liệu mới nhất được dùng, bản cũ vẫn được lưu."),
        ("", ""),
        ("Chỉ tiêu", "Tên chỉ tiêu — mục tiêu (đơn vị báo cáo)"),
    ]
    for report_unit, kpi in kpis:
        level = ", ".join(i18n.UNIT_KIND_LABEL.get(lv, lv) for lv in kpi.levels)
        lines.append((kpi.code, f"{kpi.name} — {kpi.text} (mã đơn vị {report_unit}; cấp báo cáo: {level})"))
    lines += [("", ""), ("Nhiệm vụ", "Tên nhiệm vụ (chủ trì; thời hạn)")]
    for task in tasks:
        lines.append((task.code, f"{task.title} (chủ trì {task.lead}; {task.start:%d/%m/%Y}–{task.due:%d/%m/%Y})"))
    for key, value in lines:
        readme.append([key, value])
    readme["A1"].font = Font(bold=True, size=14)
    for row in readme.iter_rows(min_row=2, max_col=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
