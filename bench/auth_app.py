"""Second baseline of bench_pages.py: the app's sign-in (dtplan.web.auth: the cookie checked on the server) and one
line — what every dtplan page pays before drawing anything of its own."""

import streamlit as st

from dtplan import web
from dtplan.web import auth

if auth.sign_in(web.engine()) is None:
    st.stop()
st.title("Khung đăng nhập")
