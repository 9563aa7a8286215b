"""Người dùng, nhật ký (being built)."""

import streamlit as st

from dtplan import ui

ctx = ui.guard("users")
st.title("Người dùng, nhật ký")
st.info("Trang đang được xây dựng.")
