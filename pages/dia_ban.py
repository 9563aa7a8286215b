"""Địa bàn (being built)."""

import streamlit as st

from dtplan import ui

ctx = ui.guard("districts")
st.title("Địa bàn")
st.info("Trang đang được xây dựng.")
