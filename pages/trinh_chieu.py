"""Trình chiếu (being built)."""

import streamlit as st

from dtplan import ui

ctx = ui.guard("kiosk")
st.title("Trình chiếu")
st.info("Trang đang được xây dựng.")
