import streamlit as st

st.write("Trang trống")  # the baseline of bench_pages.py: one line, served the same way as the app
