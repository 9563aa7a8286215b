"""The read side's checks of a request: the as-of month and the KPI code a view is asked for."""

from __future__ import annotations

from dtplan.domain.catalog import Catalog, Kpi
from dtplan.domain.periods import parse_period, period


class ViewError(ValueError):
    """A request a view cannot answer (bad month, unknown unit); message in Vietnamese."""


def check_as_of(catalog: Catalog, as_of: str) -> str:
    try:
        year, _month = parse_period(as_of)
    except ValueError:
        raise ViewError(f"--as-of: '{as_of}' không đúng dạng YYYY-MM (ví dụ 2023-06)") from None
    if year != catalog.plan.year:
        raise ViewError(
            f"--as-of: kỳ {as_of} nằm ngoài năm kế hoạch {catalog.plan.year} "
            f"(chỉ nhận {period(catalog.plan.year, 1)} đến {period(catalog.plan.year, 12)})"
        )
    # The canonical form: ' 2023-06' parses, but the SQL compares period strings as they are.
    return period(year, _month)


def kpi_or_error(catalog: Catalog, kpi_code: str) -> Kpi:
    kpi = catalog.kpis_by_code.get(kpi_code)
    if kpi is None:
        raise ViewError(f"Không có chỉ tiêu mã '{kpi_code}' trong kế hoạch")
    return kpi
