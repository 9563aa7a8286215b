"""Quản trị: tài khoản người dùng và nhật ký hệ thống (admin only)."""

import pandas as pd
import streamlit as st

from dtplan import accounts, audit, i18n, ui
from dtplan.access import ROLES

ctx = ui.guard("users")
st.title("Người dùng và nhật ký")

users = accounts.admin_list_users(ctx.engine, ctx.viewer)
st.subheader("Tài khoản")
st.dataframe(
    pd.DataFrame(
        {
            "Tên đăng nhập": [u["username"] for u in users],
            "Họ tên": [u["full_name"] for u in users],
            "Vai trò": [i18n.ROLE[u["role"]] for u in users],
            "Đơn vị": [ctx.catalog.unit(u["unit"]).name if u["unit"] else "—" for u in users],
            "Trạng thái": ["✖ Đã khóa" if u["disabled"] else "✔ Hoạt động" for u in users],
            "Demo": ["Demo" if u["demo"] else "" for u in users],
        }
    ),
    hide_index=True,
    width="stretch",
)

units = {u.code: f"{u.name} ({u.code})" for u in ctx.catalog.reporting_units()}
add_tab, disable_tab, password_tab = st.tabs(["Tạo tài khoản", "Khóa tài khoản", "Đặt lại mật khẩu"])
with add_tab, st.form("add_user", clear_on_submit=True):
    username = st.text_input("Tên đăng nhập")
    full_name = st.text_input("Họ tên")
    role = st.selectbox("Vai trò", ROLES, format_func=i18n.ROLE.get)
    unit = st.selectbox("Đơn vị (với vai trò Đơn vị)", [None, *units], format_func=lambda c: units.get(c, "—"))
    password = st.text_input("Mật khẩu (≥ 10 ký tự, 3 loại ký tự)", type="password")
    if st.form_submit_button("Tạo tài khoản"):
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
            st.success(f"Đã tạo tài khoản {username}.")
        except accounts.AccountError as exc:
            st.error(str(exc))
with disable_tab, st.form("disable_user"):
    active = [u["username"] for u in users if not u["disabled"]]
    target = st.selectbox("Tài khoản", active)
    if st.form_submit_button("Khóa tài khoản"):
        try:
            accounts.admin_disable_user(ctx.engine, ctx.viewer, target)
            st.success(f"Đã khóa tài khoản {target}.")
        except accounts.AccountError as exc:
            st.error(str(exc))
with password_tab, st.form("reset_password", clear_on_submit=True):
    target = st.selectbox("Tài khoản", [u["username"] for u in users], key="passwd_user")
    new_password = st.text_input("Mật khẩu mới", type="password")
    if st.form_submit_button("Đặt lại mật khẩu"):
        try:
            accounts.admin_set_password(ctx.engine, ctx.viewer, target, new_password)
            st.success(f"Đã đặt lại mật khẩu cho {target}.")
        except accounts.AccountError as exc:
            st.error(str(exc))

st.subheader("Nhật ký hệ thống")
ACTIONS = {
    "login": "Đăng nhập",
    "login_failed": "Đăng nhập sai",
    "import": "Nhập số liệu",
    "export": "Xuất báo cáo",
    "user_add": "Tạo tài khoản",
    "user_disable": "Khóa tài khoản",
    "user_passwd": "Đổi mật khẩu",
}
log = list(reversed(audit.audit_for(ctx.engine, ctx.viewer)))
chosen = st.multiselect("Loại sự kiện", list(ACTIONS), format_func=ACTIONS.get)
if chosen:
    log = [r for r in log if r["action"] in chosen]
st.dataframe(
    pd.DataFrame(
        {
            "Thời điểm": [i18n.datetime(pd.Timestamp(r["at"]).to_pydatetime()) for r in log],
            "Người thực hiện": [r["actor"] for r in log],
            "Sự kiện": [ACTIONS.get(r["action"], r["action"]) for r in log],
            "Chi tiết": [", ".join(f"{k}: {v}" for k, v in r["detail"].items()) for r in log],
        }
    ),
    hide_index=True,
    width="stretch",
)
