"""The database connection: its URL, the engine, schema upgrades, the meta facts and the one way to
open a write transaction (`transaction`)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.orm import Session

from dtplan.store.models import Meta

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = f"sqlite:///{ROOT / 'data' / 'dtplan.db'}"


class StoreError(RuntimeError):
    """A database that cannot serve the request; the message is for people, in Vietnamese."""


def database_url() -> str:
    url = os.environ.get("DTPLAN_DATABASE_URL", "").strip()
    if not url:
        return DEFAULT_DATABASE_URL
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        # Relative SQLite paths are taken from the project root, not from wherever the shell is.
        relative = url.removeprefix("sqlite:///")
        if relative and not Path(relative).is_absolute():
            return f"sqlite:///{ROOT / relative}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def sqlite_timeout() -> float:
    """Seconds a SQLite write waits for another writer's lock before 'database is locked'
    (DTPLAN_SQLITE_TIMEOUT, default 30)."""
    try:
        return max(0.0, float(os.environ.get("DTPLAN_SQLITE_TIMEOUT", "30")))
    except ValueError:
        return 30.0


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:" and url != "sqlite://":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": sqlite_timeout()})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def upgrade(engine: Engine) -> None:
    """Create or upgrade the schema in place (Alembic), and build any index a bulk load left unbuilt."""
    from alembic import command
    from alembic.config import Config

    from dtplan.store.bulk import restore_indexes

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).resolve().parent / "migrations"))
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            # The SQLite driver runs DDL outside any transaction unless one is open: open it, so that a
            # migration failing half-way leaves the schema as it was (an upgrade is all-or-nothing).
            connection.exec_driver_sql("BEGIN")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    restore_indexes(engine)


def has_schema(engine: Engine) -> bool:
    return inspect(engine).has_table("plan")


@contextlib.contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session inside one transaction: committed when the block ends, rolled back if it raises."""
    with Session(engine) as session, session.begin():
        yield session


def chunks(items: list, size: int) -> Iterator[list]:
    """`items` in slices of at most `size` (bounded IN lists and insert batches)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- meta ------------------------------------------------------------------------------------------


def get_meta(engine: Engine, key: str) -> str | None:
    with Session(engine) as session:
        row = session.get(Meta, key)
        return row.value if row else None


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value


def meta_once(engine: Engine, key: str, value: str) -> str:
    """The value stored under `key`, storing `value` first if there is none. Atomic across processes (an
    insert that does nothing on a conflict, then a read): replicas starting together all get the first
    value written, never each their own."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    with engine.begin() as connection:
        connection.execute(insert(Meta).values(key=key, value=value).on_conflict_do_nothing(index_elements=["key"]))
    return get_meta(engine, key) or value


def is_demo(engine: Engine) -> bool:
    return get_meta(engine, "demo") == "true"
