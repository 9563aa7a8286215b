"""dtplan entry point: sign-in, then navigation by role. Pages live in pages/, logic in dtplan/."""

import streamlit as st

from dtplan import auth, i18n, navigation, ui

st.set_page_config(page_title=i18n.APP_TITLE, page_icon=":material/monitoring:", layout="wide")


def st_pages(role: str | None) -> list:
    """Every page is registered for everyone (a reload on a sub-page never bounces, a direct link never
    says "page not found"); pages a role may not use are hidden from the menu and refused by their guard."""
    return [
        st.Page(
            spec.file,
            title=spec.title,
            icon=spec.icon,
            default=spec.default,
            visibility="visible" if navigation.allowed(spec, role) else "hidden",
        )
        for spec in navigation.PAGES
    ]


ui.demo_banner()
try:
    viewer = auth.sign_in(ui.engine())
except auth.ConfigurationError as exc:
    st.error(str(exc))
    st.stop()

if viewer is None:
    st.navigation(st_pages(None), position="hidden")
    st.stop()

st.sidebar.caption(f"{viewer.full_name} · {i18n.ROLE[viewer.role]}")
auth.logout_button()
st.navigation(st_pages(viewer.role)).run()
