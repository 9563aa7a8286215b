"""Browser fixtures of tests/e2e reused for the meeting page's browser test (one server per worker)."""

from tests.e2e.conftest import app_server, browser, new_context, signed_in_state  # noqa: F401
