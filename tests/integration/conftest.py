"""Fixtures of the integration tests: a database with the plan loaded and no reports (no demo data)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def plan_sqlite_template(tmp_path_factory) -> Path:
    """A database with the plan loaded and no reports (no demo data)."""
    from tests.conftest import run_cli

    path = tmp_path_factory.mktemp("plan") / "plan.db"
    result = run_cli("init", url=f"sqlite:///{path}")  # a subprocess: the WAL is checkpointed on exit
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def plan_url(plan_sqlite_template, tmp_path) -> str:
    import shutil

    path = tmp_path / "plan.db"
    shutil.copy(plan_sqlite_template, path)
    return f"sqlite:///{path}"
