"""Báo cáo đúng hạn: units × months of the plan year up to the as-of month — on time, late, missing or
not yet due per the plan's reporting calendar — with the counts per unit."""

import pandas as pd
import streamlit as st

from dtplan import i18n, web
from dtplan.domain import metrics
from dtplan.present import tables
from dtplan.read.compliance import compliance_counts, compliance_table, worst_first

ctx = web.guard("compliance")
web.page_header(ctx, ctx.page.title)
rows = web.view(compliance_table, ctx.scope, ctx.as_of)
units = ctx.catalog.units_by_code
if not rows:
    st.info(i18n.NO_DATA)
    st.stop()
if ctx.catalog.local_kind == "commune":
    rows = worst_first(rows)  # ~100 communes: the ones to chase on top (a plan with districts keeps its order)

st.subheader(i18n.COMPLIANCE_MAP)
names = {code: units[code].short for code in dict.fromkeys(r["unit"] for r in rows)}
web.compliance_map(rows, names)

st.subheader(i18n.COMPLIANCE_COUNTS)
counts = compliance_counts(rows)
statuses = metrics.COMPLIANCE_STATUSES
web.table(
    pd.DataFrame(
        {
            i18n.COL["unit"]: [units[c["unit"]].name for c in counts],
            **{i18n.compliance_status_label(s): [c[s] for c in counts] for s in statuses},
        }
    )
)


def sheets():
    from dtplan.present.xlsx import Sheet

    return [
        tables.compliance_sheet(rows, ctx.catalog, ctx.scope),
        Sheet(
            i18n.COMPLIANCE_COUNTS,
            [i18n.COL["unit_code"], i18n.COL["unit"], *[i18n.compliance_status_label(s) for s in statuses]],
            [[c["unit"], units[c["unit"]].name, *[c[s] for s in statuses]] for c in counts],
        ),
    ]


web.download_xlsx(ctx, sheets, "bao-cao-dung-han")
web.reminder_downloads(ctx)
