"""Chỉ tiêu (being built)."""

import streamlit as st

from dtplan import ui

ctx = ui.guard("kpi")
st.title("Chỉ tiêu")
st.info("Trang đang được xây dựng.")
