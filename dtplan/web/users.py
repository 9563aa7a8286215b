"""The admin users page's glue: the account list as a table, adding, disabling and resetting an account
(with the message the page shows), and the audit log with its action filter. The page script lays out
the forms; the account store (dtplan.store.accounts, dtplan.store.audit) is called only from here."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dtplan import i18n
from dtplan.domain.access import ROLES
from dtplan.present.literal import plain_markdown
from dtplan.store import accounts, audit
from dtplan.web import signed_in
from dtplan.web.guard import PageContext
from dtplan.web.widgets import table

__all__ = [
    "ROLES",
    "account_list",
    "accounts_frame",
    "add_account",
    "audit_section",
    "disable_account",
    "reset_password",
]


def account_list(ctx: PageContext) -> list[dict]:
    return accounts.admin_list_users(ctx.engine, ctx.viewer)


def accounts_frame(ctx: PageContext, users: list[dict]) -> pd.DataFrame:
    columns = i18n.USERS_COLUMNS
    return pd.DataFrame(
        {
            columns["username"]: [u["username"] for u in users],
            columns["full_name"]: [u["full_name"] for u in users],
            columns["role"]: [i18n.ROLE[u["role"]] for u in users],
            columns["unit"]: [ctx.catalog.unit(u["unit"]).name if u["unit"] else "—" for u in users],
            columns["state"]: [i18n.USERS_STATE[bool(u["disabled"])] for u in users],
            columns["demo"]: [i18n.USERS_DEMO if u["demo"] else "" for u in users],
        }
    )


def add_account(
    ctx: PageContext, username: str, full_name: str, role: str | None, unit: str | None, password: str
) -> None:
    try:
        accounts.admin_add_user(
            ctx.engine,
            ctx.catalog,
            ctx.viewer,
            username=username.strip().lower(),
            full_name=full_name,
            role=role,
            unit_code=unit,
            password=password,
        )
        st.success(i18n.USERS_ADDED.format(username=plain_markdown(username)))
    except accounts.AccountError as exc:
        st.error(str(exc))


def disable_account(ctx: PageContext, target: str) -> None:
    try:
        accounts.admin_disable_user(ctx.engine, ctx.viewer, target)
        signed_in.forget(target)  # its sessions on this server end at their next run
        st.success(i18n.USERS_DISABLED.format(username=plain_markdown(target)))
    except accounts.AccountError as exc:
        st.error(str(exc))


def reset_password(ctx: PageContext, target: str, new_password: str) -> None:
    try:
        accounts.admin_set_password(ctx.engine, ctx.viewer, target, new_password)
        signed_in.forget(target)
        st.success(i18n.USERS_PASSWORD_SET.format(username=plain_markdown(target)))
    except accounts.AccountError as exc:
        st.error(str(exc))


def audit_section(ctx: PageContext) -> None:
    """The audit log, newest first, filtered by the chosen actions."""
    st.subheader(i18n.AUDIT_TITLE)
    actions = i18n.AUDIT_ACTIONS
    log = list(reversed(audit.audit_for(ctx.engine, ctx.viewer)))
    chosen = st.multiselect(i18n.AUDIT_FILTER, list(actions), format_func=actions.get, placeholder=i18n.CHOOSE)
    if chosen:
        log = [r for r in log if r["action"] in chosen]
    columns = i18n.AUDIT_COLUMNS
    frame = pd.DataFrame(
        {
            columns["at"]: [i18n.datetime(pd.Timestamp(r["at"]).to_pydatetime()) for r in log],
            columns["actor"]: [r["actor"] for r in log],
            columns["action"]: [actions.get(r["action"], r["action"]) for r in log],
            columns["detail"]: [", ".join(f"{k}: {v}" for k, v in r["detail"].items()) for r in log],
        }
    )
    table(frame, key="dtplan_audit_page")
