"""Quản trị: tài khoản người dùng và nhật ký hệ thống (admin only)."""

import streamlit as st

from dtplan import i18n, web
from dtplan.web import users as accounts

ctx = web.guard("users")
st.title(i18n.USERS_TITLE)

users = accounts.account_list(ctx)
st.subheader(i18n.USERS_ACCOUNTS)
web.table(accounts.accounts_frame(ctx, users), key="dtplan_accounts_page")

units = {u.code: f"{u.name} ({u.code})" for u in ctx.catalog.reporting_units()}
add_tab, disable_tab, password_tab = st.tabs(list(i18n.USERS_TABS))
with add_tab, st.form("add_user", clear_on_submit=True):
    username = st.text_input(i18n.USERS_FORM["username"])
    full_name = st.text_input(i18n.USERS_FORM["full_name"])
    # No preselected role: a form left as it came must not create an administrator.
    role = st.selectbox(i18n.USERS_FORM["role"], accounts.ROLES, index=None, format_func=i18n.ROLE.get, placeholder="—")
    unit = st.selectbox(i18n.USERS_FORM["unit"], [None, *units], format_func=lambda c: units.get(c, "—"))
    password = st.text_input(i18n.USERS_FORM["password"], type="password")
    if st.form_submit_button(i18n.USERS_FORM["add"]):
        accounts.add_account(ctx, username, full_name, role, unit, password)
with disable_tab, st.form("disable_user"):
    active = [u["username"] for u in users if not u["disabled"]]
    target = st.selectbox(i18n.USERS_FORM["account"], active)
    if st.form_submit_button(i18n.USERS_FORM["disable"]):
        accounts.disable_account(ctx, target)
with password_tab, st.form("reset_password", clear_on_submit=True):
    target = st.selectbox(i18n.USERS_FORM["account"], [u["username"] for u in users], key="passwd_user")
    new_password = st.text_input(i18n.USERS_FORM["new_password"], type="password")
    if st.form_submit_button(i18n.USERS_FORM["reset"]):
        accounts.reset_password(ctx, target, new_password)

accounts.audit_section(ctx)
