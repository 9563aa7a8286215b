"""Đơn vị (being built)."""

import streamlit as st

from dtplan import ui

ctx = ui.guard("agencies")
st.title("Đơn vị")
st.info("Trang đang được xây dựng.")
