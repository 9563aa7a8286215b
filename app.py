"""dtplan entry point: sign-in, then navigation by role. Pages live in pages/, logic in dtplan/."""

import streamlit as st

from dtplan import i18n, web
from dtplan.web import auth, heap, navigation, resources, state
from dtplan.web.screen import MAX_FILE_MB, screen_style

st.set_page_config(page_title=i18n.APP_TITLE, page_icon=i18n.PAGE_ICON, layout="wide")
screen_style(MAX_FILE_MB, scaled=state.Q_SCALE in st.query_params)

# Resolve the page from the URL before the sign-in form: the authenticator's cookie component
# (mounted while signed out, and to write or delete the cookie) asks for a rerun as soon as it mounts,
# and a rerun sent before the browser has been told the page runs the default page, so a reload on a
# sub-page would bounce to Tổng quan. The signed-in navigation below replaces this one.
st.navigation(navigation.st_pages(None), position="hidden")
try:
    web.demo_banner()
    viewer = auth.sign_in(web.engine())
except auth.ConfigurationError as exc:
    st.error(str(exc))
    st.stop()
except web.DATABASE_ERRORS as exc:  # the database down: a Vietnamese message and a retry, not a traceback
    web.database_unavailable(exc)

if viewer is None:
    st.stop()

kiosk = st.query_params.get(state.Q_KIOSK) == "1" and navigation.allowed(navigation.page("kiosk"), viewer.role)
if not kiosk:
    st.sidebar.caption(f"{web.plain_markdown(viewer.full_name)} · {i18n.ROLE[viewer.role]}")
    auth.logout_button()
unit_kind = None
with web.database_errors():
    catalog = resources.catalog()
    local_kind = catalog.local_kind
    if viewer.unit_code:  # a unit user's menu lists the pages of use to its kind of unit (navigation.in_menu)
        unit = catalog.units_by_code.get(viewer.unit_code)
        unit_kind = unit.kind if unit else None
current = st.navigation(
    navigation.st_pages(viewer.role, local_kind, unit_kind), position="hidden" if kiosk else "sidebar"
)
if state.Q_NEXT in st.query_params and not auth.signed_in_by_form_this_run():
    web.follow_next(viewer.role)  # "/?next=PAGE&…": the sign-in link of a page opened before app.py ran
if kiosk and current.url_path != navigation.url_path(navigation.page("kiosk")):
    # ?kiosk=1 on any page opens the wall-screen rotation, keeping the rest of the query string.
    st.switch_page(navigation.page("kiosk").file, query_params=st.query_params.to_dict())
with web.database_errors():
    current.run()
heap.freeze_when_warm(current.url_path)  # the page's modules are loaded now: no full collection per run
