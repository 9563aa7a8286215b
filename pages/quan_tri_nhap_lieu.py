"""Nhập số liệu (being built)."""

import streamlit as st

from dtplan import ui

ctx = ui.guard("import")
st.title("Nhập số liệu")
st.info("Trang đang được xây dựng.")
