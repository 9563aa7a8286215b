"""Names of the keys dtplan keeps in st.session_state and st.query_params, in one place."""

# Session state
VIEWER = "dtplan_viewer"  # the signed-in dtplan.domain.access.Viewer (set by dtplan.web.auth after sign-in)
AUTH_STATUS = "authentication_status"  # written by streamlit-authenticator
AUTH_USERNAME = "username"  # written by streamlit-authenticator
AUTH_LOGGED_OUT = "logout"  # written by streamlit-authenticator on sign-out: the cookie no longer counts
LOGOUT_REQUESTED = "dtplan_logout_requested"  # the sign-out button was pressed: sign out on the next run
SIGNED_IN_BY_FORM = "dtplan_signed_in_by_form"  # the sign-in form succeeded in this very run
LOGIN_LOCKED = "dtplan_login_locked"  # datetime until which the last typed name is locked
ADDRESS_BLOCKED = "dtplan_address_blocked"  # datetime until which the client address may not sign in
PENDING_COOKIE = "dtplan_pending_cookie"  # a cookie set/delete the browser has not confirmed yet
COOKIE_WRITES = "dtplan_cookie_writes"  # how many cookie writes this session asked for (component keys)
NAVIGATION_PAGES = "dtplan_navigation_pages"  # the st.Page lists made for this session, by menu
NOTE_FORM_OPEN = "dtplan_note_open_"  # + the form's key: the "write a note" toggle (the form drawn when on)

# URL parameters (the whole view state lives in the URL so that a copied link reopens the view)
Q_AS_OF = "as_of"
Q_UNIT = "unit"
Q_KPI = "kpi"
Q_TASK = "task"
Q_KIOSK = "kiosk"
Q_ROTATE = "rotate"
Q_APPENDIX = "appendix"
Q_STATUS = "status"
Q_LEAD = "lead"
Q_SECTION = "section"
Q_COMPARE = "compare"
Q_NEXT = "next"  # the page to open after sign-in (the sign-in link of a page opened before app.py ran)

# Dashboard pages
Q_TILE = "color"  # Địa bàn: the KPI code that colours the tile map ("overall" when absent)
SB_AS_OF = "dtplan_sb_as_of"  # sidebar widgets (their value is re-seeded from the URL on every run)
SB_SCOPE = "dtplan_sb_scope"
VIEW_AS_OF = "dtplan_view_as_of"  # the as-of and scope last shown, carried to the next page's URL
VIEW_UNIT = "dtplan_view_unit"
KIOSK_SIGNED_IN = "dtplan_kiosk_started"  # kiosk: the slide counter
KIOSK_TURN_AT = "dtplan_kiosk_turn_at"  # kiosk: when the slide last changed (time.monotonic)
Q_SCALE = "scale"  # kiosk: chart and type scale (2 on a 3840×2160 screen at 100 % zoom)

# --- ingest: the admin import page ---
IMPORT_UPLOADER_ROUND = "dtplan_import_round"  # bumped after a commit so the uploader starts empty
IMPORT_BATCH = "dtplan_import_batch"  # (checksums of the uploaded files, checked Batch)
IMPORT_DONE = "dtplan_import_done"  # the summary line of the last commit, shown once

# --- Bảng tổng hợp (scorecard) ---
Q_KIND = "kind"  # the kind of unit: agency | district | commune
Q_SORT = "sort"  # the column the rows are sorted by: unit | met | a KPI code (absent: the plan's order)
Q_ORDER = "order"  # "desc" sorts downwards
