"""Cuộc họp (being built)."""

import streamlit as st

from dtplan import ui

ctx = ui.guard("meeting")
st.title("Cuộc họp")
st.info("Trang đang được xây dựng.")
