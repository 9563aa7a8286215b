"""The one way callers outside the store open a write transaction (`transaction`), so they need no SQLAlchemy."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Engine
from sqlalchemy.orm import Session


@contextlib.contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session inside one transaction: committed when the block ends, rolled back if it raises."""
    with Session(engine) as session, session.begin():
        yield session
