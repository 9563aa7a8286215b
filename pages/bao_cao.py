"""Báo cáo đúng hạn (being built)."""

import streamlit as st

from dtplan import ui

ctx = ui.guard("compliance")
st.title("Báo cáo đúng hạn")
st.info("Trang đang được xây dựng.")
