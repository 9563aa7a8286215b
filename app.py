"""dtplan entry point: sign-in, then navigation by role. Pages live in pages/, logic in dtplan/."""

import streamlit as st

from dtplan import auth, i18n, navigation, ui

st.set_page_config(page_title=i18n.APP_TITLE, page_icon=":material/monitoring:", layout="wide")

ui.demo_banner()
viewer = auth.sign_in(ui.engine())

if viewer is None:
    # Only the sign-in form; every page is still registered (hidden) so a direct link does not raise
    # "page not found", and each page's guard refuses it until the viewer has signed in.
    pages = [st.Page(spec.file, title=spec.title, icon=spec.icon, default=spec.default) for spec in navigation.PAGES]
    st.navigation(pages, position="hidden")
    st.stop()

pages = [
    st.Page(spec.file, title=spec.title, icon=spec.icon, default=spec.default)
    for spec in navigation.PAGES
    if navigation.allowed(spec, viewer.role)
]
st.sidebar.caption(f"{viewer.full_name} · {i18n.ROLE[viewer.role]}")
auth.logout_button()
st.navigation(pages).run()
