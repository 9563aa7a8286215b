"""Pages only lay out: pages/*.py and app.py reach the database and the file checks through dtplan.web,
never dtplan.store, dtplan.ingest or a database library themselves. import-linter cannot see these files
(they are outside the `dtplan` package), so their imports are read here with `ast`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("dtplan.store", "dtplan.ingest", "sqlalchemy", "alembic", "psycopg")
SCRIPTS = [*sorted((ROOT / "pages").glob("*.py")), ROOT / "app.py"]


def _is_forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN)


def forbidden_imports(source: str) -> list[str]:
    """Every module a script imports that only dtplan.web may use, at any depth of the script."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if _is_forbidden(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            found += [m for m in modules if _is_forbidden(m)][:1]
    return found


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from dtplan import i18n, ingest, store, web", ["dtplan.ingest"]),
        ("from dtplan.store import accounts", ["dtplan.store"]),
        ("import sqlalchemy as sa", ["sqlalchemy"]),
        ("def f():\n    from dtplan.ingest.readers import MAX_FILE_MB\n", ["dtplan.ingest.readers"]),
        ("from dtplan import web\nfrom dtplan.web import imports\nfrom dtplan.read import views", []),
        ("from dtplan.storefront import x", []),
    ],
)
def test_the_check_finds_a_forbidden_import(source, expected):
    assert forbidden_imports(source) == expected


def test_the_scripts_are_found():
    names = {p.name for p in SCRIPTS}
    assert {"app.py", "quan_tri_nhap_lieu.py", "quan_tri_nguoi_dung.py"} <= names
    assert len(names) > 10


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_a_page_script_reaches_the_store_and_ingest_only_through_dtplan_web(path):
    assert forbidden_imports(path.read_text(encoding="utf-8")) == [], path.name
