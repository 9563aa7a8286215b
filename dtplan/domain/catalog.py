"""The plan file (contract §1) as typed, validated objects.

Nothing about one province or one year lives in code: everything here is read from the YAML file.
Errors name the key that is wrong, in Vietnamese, and never surface as a traceback.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from dtplan.domain import plan_fields as fields
from dtplan.domain.letterhead import Letterhead, default_letterhead, parse_letterhead
from dtplan.domain.plan_fields import CatalogError
from dtplan.domain.plan_shape import check_hierarchy
from dtplan.domain.quality import DEFAULT_THRESHOLDS, Thresholds, parse_thresholds

UNIT_KINDS = ("province", "agency", "district", "commune")
KPI_UNITS = ("percent", "count")
KPI_OPS = ("gt", "ge")
AGGREGATIONS = ("flow", "stock")
APPENDICES = ("01", "02", "03")

DEFAULT_PLAN_PATH = Path(__file__).resolve().parents[2] / "data" / "plans" / "ninh-binh-2023.yaml"


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    short: str
    kind: str
    parent: str | None


@dataclass(frozen=True)
class Kpi:
    code: str
    name: str
    text: str
    unit: str
    op: str
    target: float
    aggregation: str
    levels: tuple[str, ...]
    lead: str
    baseline: float | None = None
    milestones: dict[str, float] = field(default_factory=dict)

    def sent_by(self, kind: str) -> bool:
        """Whether units of exactly this kind send rows for the KPI (its `levels`): the rule of report
        files and their templates. A district sends no rows for a commune-level KPI; its communes do."""
        return kind in self.levels

    def reported_by(self, kind: str) -> bool:
        """Whether units of this kind report the KPI, a district also standing for its communes: the rule
        of the views, where commune rows count for their district. Wider than `sent_by`, which says who
        sends the rows themselves."""
        return self.sent_by(kind) or (kind == "district" and self.sent_by("commune"))


@dataclass(frozen=True)
class Task:
    code: str
    appendix: str
    section: str
    title: str
    lead: str
    partners: tuple[str, ...]
    start: dt.date
    due: dt.date
    product: str = ""
    illustrative: bool = False


@dataclass(frozen=True)
class ReportingCalendar:
    monthly_due_day: int
    quarterly_due_day: int
    half_year_due: tuple[int, int]  # (month, day)
    year_due: tuple[int, int]


@dataclass(frozen=True)
class PlanInfo:
    code: str
    title: str
    province: str
    year: int
    issued: dt.date | None
    number: str = ""


@dataclass(frozen=True)
class Catalog:
    plan: PlanInfo
    reporting: ReportingCalendar
    units: tuple[Unit, ...]
    kpis: tuple[Kpi, ...]
    tasks: tuple[Task, ...]
    quality: Thresholds = DEFAULT_THRESHOLDS  # the plan file's optional `quality` keys (contract §2.4)
    document: Letterhead | None = None  # the plan file's optional `document` keys

    def unit(self, code: str) -> Unit:
        return self.units_by_code[code]

    # Cached: every view asks for these many times per call (the catalogue is frozen, so they cannot
    # go stale); callers must not mutate the returned dicts.
    @cached_property
    def units_by_code(self) -> dict[str, Unit]:
        return {u.code: u for u in self.units}

    @cached_property
    def kpis_by_code(self) -> dict[str, Kpi]:
        return {k.code: k for k in self.kpis}

    @property
    def province(self) -> Unit:
        return self.unit(self.plan.province)

    @property
    def letterhead(self) -> Letterhead:
        """Who issues the office's documents: the plan's `document` keys, or defaults from the province."""
        return self.document or default_letterhead(self.province.name, self.province.short)

    @cached_property
    def local_kind(self) -> str | None:
        """The kind of local unit that reports beside the agencies: "district" in a plan with districts
        (their communes count for them), "commune" in a two-level plan (communes under the province,
        contract §1.5), None in a plan with no local units at all."""
        kinds = {u.kind for u in self.units}
        return "district" if "district" in kinds else "commune" if "commune" in kinds else None

    def has_kind(self, kind: str) -> bool:
        return any(u.kind == kind for u in self.units)

    def units_of_kind(self, kind: str) -> list[Unit]:
        """Every unit of one kind, in catalogue order."""
        return [u for u in self.units if u.kind == kind]

    def reporting_units(self) -> list[Unit]:
        """Agencies and the local units (districts, or the communes of a two-level plan): the units that
        send monthly reports."""
        return [u for u in self.units if u.kind == "agency" or (u.kind == self.local_kind)]


# --- the sections ----------------------------------------------------------------------------------


def _parse_plan(raw: Any) -> PlanInfo:
    where = "plan"
    if not isinstance(raw, dict):
        raise CatalogError("plan: thiếu phần thông tin kế hoạch")
    year = fields.require(raw, "year", where)
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise CatalogError(f"plan.year: năm '{year}' không hợp lệ")
    return PlanInfo(
        code=fields.text(raw, "code", where),
        title=fields.text(raw, "title", where),
        province=fields.text(raw, "province", where),
        year=year,
        issued=fields.date(raw, "issued", where, required=False),
        number=fields.text(raw, "number", where, required=False),
    )


def _parse_reporting(raw: Any) -> ReportingCalendar:
    where = "reporting"
    if not isinstance(raw, dict):
        raise CatalogError("reporting: thiếu lịch báo cáo")
    days = {}
    for key in ("monthly_due_day", "quarterly_due_day"):
        value = fields.require(raw, key, where)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 28:
            raise CatalogError(f"{where}.{key}: phải là ngày từ 1 đến 28, nhận được {value!r}")
        days[key] = value
    return ReportingCalendar(
        monthly_due_day=days["monthly_due_day"],
        quarterly_due_day=days["quarterly_due_day"],
        half_year_due=fields.month_day(fields.require(raw, "half_year_due", where), f"{where}.half_year_due"),
        year_due=fields.month_day(fields.require(raw, "year_due", where), f"{where}.year_due"),
    )


def _parse_units(raw: Any, province_code: str) -> tuple[Unit, ...]:
    if not isinstance(raw, list) or not raw:
        raise CatalogError("units: phải là danh sách đơn vị, không được rỗng")
    units: list[Unit] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        where = f"units[{i}]"
        code = fields.text(item, "code", where)
        where = f"units[{i}] ({code})"
        if code in seen:
            raise CatalogError(f"{where}.code: mã đơn vị '{code}' bị trùng")
        seen.add(code)
        kind = fields.choice(item, "kind", where, UNIT_KINDS)
        parent = item.get("parent")
        units.append(
            Unit(
                code=code,
                name=fields.text(item, "name", where),
                short=fields.text(item, "short", where, required=False) or fields.text(item, "name", where),
                kind=kind,
                parent=None if parent is None else str(parent),
            )
        )
    by_code = {u.code: u for u in units}
    if province_code not in by_code or by_code[province_code].kind != "province":
        raise CatalogError(f"plan.province: không có đơn vị cấp tỉnh mã '{province_code}' trong units")
    check_hierarchy(units, by_code)
    return tuple(units)


def _parse_kpis(raw: Any, units: dict[str, Unit]) -> tuple[Kpi, ...]:
    present = {u.kind for u in units.values()}
    if not isinstance(raw, list) or not raw:
        raise CatalogError("kpis: phải là danh sách chỉ tiêu, không được rỗng")
    kpis: list[Kpi] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        where = f"kpis[{i}]"
        code = fields.text(item, "code", where)
        where = f"kpis[{i}] ({code})"
        if code in seen:
            raise CatalogError(f"{where}.code: mã chỉ tiêu '{code}' bị trùng")
        seen.add(code)
        unit = fields.choice(item, "unit", where, KPI_UNITS)
        target = fields.number(item, "target", where)
        if unit == "percent" and target > 100:
            raise CatalogError(f"{where}.target: chỉ tiêu phần trăm không được vượt 100 ({target})")
        levels = fields.listed(item, "levels", where)
        if not levels:
            raise CatalogError(f"{where}.levels: phải nêu ít nhất một cấp báo cáo")
        for level in levels:
            if level not in UNIT_KINDS:
                raise CatalogError(f"{where}.levels: cấp '{level}' không hợp lệ; chỉ nhận {', '.join(UNIT_KINDS)}")
            if level == "district" and "district" not in present and "commune" in present:
                raise CatalogError(f"{where}.levels: kế hoạch hai cấp không có cấp 'district'; dùng 'commune'")
        lead = fields.text(item, "lead", where)
        if lead not in units:
            raise CatalogError(f"{where}.lead: đơn vị chủ trì '{lead}' không có trong units")
        milestones_raw = item.get("milestones") or {}
        if not isinstance(milestones_raw, dict):
            raise CatalogError(f"{where}.milestones: phải là bảng {{'YYYY-MM': giá trị}}")
        milestones = {}
        for period, value in milestones_raw.items():
            fields.period(str(period), f"{where}.milestones")
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise CatalogError(f"{where}.milestones.{period}: phải là số")
            milestones[str(period)] = float(value)
        kpis.append(
            Kpi(
                code=code,
                name=fields.text(item, "name", where),
                text=fields.text(item, "text", where),
                unit=unit,
                op=fields.choice(item, "op", where, KPI_OPS),
                target=target,
                aggregation=fields.choice(item, "aggregation", where, AGGREGATIONS),
                levels=tuple(levels),
                lead=lead,
                baseline=fields.number(item, "baseline", where, required=False),
                milestones=milestones,
            )
        )
    return tuple(kpis)


def parse_task(item: Any, where: str, units: dict[str, Unit]) -> Task:
    """One task of the catalogue (also used for imported catalogue rows)."""
    code = fields.text(item, "code", where)
    where = f"{where} ({code})"
    appendix = str(fields.require(item, "appendix", where)).zfill(2)
    if appendix not in APPENDICES:
        raise CatalogError(f"{where}.appendix: phụ lục '{appendix}' không hợp lệ; chỉ nhận 01, 02, 03")
    lead = fields.text(item, "lead", where)
    if lead not in units:
        raise CatalogError(f"{where}.lead: đơn vị chủ trì '{lead}' không có trong units")
    partners = fields.listed(item, "partners", where)
    for partner in partners:
        if partner not in units:
            raise CatalogError(f"{where}.partners: đơn vị phối hợp '{partner}' không có trong units")
    start = fields.date(item, "start", where)
    due = fields.date(item, "due", where)
    if due < start:
        raise CatalogError(f"{where}.due: hạn hoàn thành {due} trước ngày bắt đầu {start}")
    return Task(
        code=code,
        appendix=appendix,
        section=fields.text(item, "section", where, required=False),
        title=fields.text(item, "title", where),
        lead=lead,
        partners=tuple(p for p in partners if p != lead),
        start=start,
        due=due,
        product=fields.text(item, "product", where, required=False),
        illustrative=bool(item.get("illustrative", False)),
    )


def _parse_tasks(raw: Any, units: dict[str, Unit]) -> tuple[Task, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise CatalogError("tasks: phải là danh sách nhiệm vụ")
    tasks: list[Task] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        task = parse_task(item, f"tasks[{i}]", units)
        if task.code in seen:
            raise CatalogError(f"tasks[{i}] ({task.code}).code: mã nhiệm vụ bị trùng")
        seen.add(task.code)
        tasks.append(task)
    return tuple(tasks)


def parse_catalog(raw: Any) -> Catalog:
    if not isinstance(raw, dict):
        raise CatalogError("tệp kế hoạch phải là một bảng YAML với các khóa plan, reporting, units, kpis, tasks")
    plan = _parse_plan(raw.get("plan"))
    units = _parse_units(raw.get("units"), plan.province)
    by_code = {u.code: u for u in units}
    province = by_code[plan.province]
    return Catalog(
        plan=plan,
        reporting=_parse_reporting(raw.get("reporting")),
        units=units,
        kpis=_parse_kpis(raw.get("kpis"), by_code),
        tasks=_parse_tasks(raw.get("tasks"), by_code),
        quality=parse_thresholds(raw.get("quality")),
        document=parse_letterhead(raw.get("document"), province.name, province.short),
    )


def load_catalog(path: str | Path = DEFAULT_PLAN_PATH) -> Catalog:
    """Read and validate a plan file; raise CatalogError naming the file and key."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogError(f"{path}: không tìm thấy tệp kế hoạch") from None
    except UnicodeDecodeError:
        raise CatalogError(f"{path}: tệp không phải văn bản UTF-8") from None
    except OSError as exc:
        raise CatalogError(f"{path}: không đọc được tệp ({exc.strerror})") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (dòng {mark.line + 1})" if mark else ""
        raise CatalogError(f"{path}: YAML không hợp lệ{where}") from None
    try:
        return parse_catalog(raw)
    except CatalogError as exc:
        raise CatalogError(f"{path}: {exc}") from None
