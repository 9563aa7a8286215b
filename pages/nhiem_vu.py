"""Nhiệm vụ (being built)."""

import streamlit as st

from dtplan import ui

ctx = ui.guard("tasks")
st.title("Nhiệm vụ")
st.info("Trang đang được xây dựng.")
