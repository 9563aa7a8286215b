"""Quản trị: tài khoản người dùng và nhật ký hệ thống (admin only)."""

import pandas as pd
import streamlit as st

from dtplan import i18n, web
from dtplan.domain.access import ROLES
from dtplan.store import accounts, audit
from dtplan.web import signed_in

ctx = web.guard("users")
st.title(i18n.USERS_TITLE)

users = accounts.admin_list_users(ctx.engine, ctx.viewer)
st.subheader(i18n.USERS_ACCOUNTS)
web.grid(
    pd.DataFrame(
        {
            i18n.USERS_COLUMNS["username"]: [u["username"] for u in users],
            i18n.USERS_COLUMNS["full_name"]: [u["full_name"] for u in users],
            i18n.USERS_COLUMNS["role"]: [i18n.ROLE[u["role"]] for u in users],
            i18n.USERS_COLUMNS["unit"]: [ctx.catalog.unit(u["unit"]).name if u["unit"] else "—" for u in users],
            i18n.USERS_COLUMNS["state"]: [i18n.USERS_STATE[bool(u["disabled"])] for u in users],
            i18n.USERS_COLUMNS["demo"]: [i18n.USERS_DEMO if u["demo"] else "" for u in users],
        }
    ),
    hide_index=True,
    width="stretch",
)

units = {u.code: f"{u.name} ({u.code})" for u in ctx.catalog.reporting_units()}
add_tab, disable_tab, password_tab = st.tabs(list(i18n.USERS_TABS))
with add_tab, st.form("add_user", clear_on_submit=True):
    username = st.text_input(i18n.USERS_FORM["username"])
    full_name = st.text_input(i18n.USERS_FORM["full_name"])
    # No preselected role: a form left as it came must not create an administrator.
    role = st.selectbox(i18n.USERS_FORM["role"], ROLES, index=None, format_func=i18n.ROLE.get, placeholder="—")
    unit = st.selectbox(i18n.USERS_FORM["unit"], [None, *units], format_func=lambda c: units.get(c, "—"))
    password = st.text_input(i18n.USERS_FORM["password"], type="password")
    if st.form_submit_button(i18n.USERS_FORM["add"]):
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
            st.success(i18n.USERS_ADDED.format(username=web.plain_markdown(username)))
        except accounts.AccountError as exc:
            st.error(str(exc))
with disable_tab, st.form("disable_user"):
    active = [u["username"] for u in users if not u["disabled"]]
    target = st.selectbox(i18n.USERS_FORM["account"], active)
    if st.form_submit_button(i18n.USERS_FORM["disable"]):
        try:
            accounts.admin_disable_user(ctx.engine, ctx.viewer, target)
            signed_in.forget(target)  # its sessions on this server end at their next run
            st.success(i18n.USERS_DISABLED.format(username=web.plain_markdown(target)))
        except accounts.AccountError as exc:
            st.error(str(exc))
with password_tab, st.form("reset_password", clear_on_submit=True):
    target = st.selectbox(i18n.USERS_FORM["account"], [u["username"] for u in users], key="passwd_user")
    new_password = st.text_input(i18n.USERS_FORM["new_password"], type="password")
    if st.form_submit_button(i18n.USERS_FORM["reset"]):
        try:
            accounts.admin_set_password(ctx.engine, ctx.viewer, target, new_password)
            signed_in.forget(target)
            st.success(i18n.USERS_PASSWORD_SET.format(username=web.plain_markdown(target)))
        except accounts.AccountError as exc:
            st.error(str(exc))

st.subheader(i18n.AUDIT_TITLE)
ACTIONS = i18n.AUDIT_ACTIONS
log = list(reversed(audit.audit_for(ctx.engine, ctx.viewer)))
chosen = st.multiselect(i18n.AUDIT_FILTER, list(ACTIONS), format_func=ACTIONS.get, placeholder=i18n.CHOOSE)
if chosen:
    log = [r for r in log if r["action"] in chosen]
web.grid(
    pd.DataFrame(
        {
            i18n.AUDIT_COLUMNS["at"]: [i18n.datetime(pd.Timestamp(r["at"]).to_pydatetime()) for r in log],
            i18n.AUDIT_COLUMNS["actor"]: [r["actor"] for r in log],
            i18n.AUDIT_COLUMNS["action"]: [ACTIONS.get(r["action"], r["action"]) for r in log],
            i18n.AUDIT_COLUMNS["detail"]: [", ".join(f"{k}: {v}" for k, v in r["detail"].items()) for r in log],
        }
    ),
    hide_index=True,
    width="stretch",
)
