"""The server: `streamlit run serve.py` runs app.py with dtplan's own routes beside Streamlit's: the one that
sets the sign-in cookie HttpOnly (dtplan/web/session_cookie.py), and each page's address, which serves
Streamlit's HTML in Vietnamese and pointing at the server (dtplan/web/entry_page.py). `streamlit run app.py`
would serve the pages without them, and a sign-in would then last only until the tab is closed."""

from pathlib import Path

import streamlit as st

from dtplan.web import entry_page, session_cookie

app = st.App(Path(__file__).with_name("app.py"), routes=[*session_cookie.routes(), *entry_page.routes()])
