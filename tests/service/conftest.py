"""Fixtures of the service tests: registries on SQLite (always) and PostgreSQL (when a URL is given)."""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from starlette.exceptions import StarletteDeprecationWarning

from gotogether.service.app import create_app
from gotogether.service.settings import ServiceSettings

from .fakes import BUILTINS, MILD, TARIFFS, EnvelopeCatalog, FakeExecutor

__all__ = ["BUILTINS", "MILD", "TARIFFS", "TestClient", "make_client", "wait_for"]

with warnings.catch_warnings():
    # Starlette's test client prefers httpx2 (not locked here); httpx serves these tests the same.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

POSTGRES_ENV = "GOTOGETHER_TEST_DATABASE_URL"
"""Set by scripts/ci_postgres.sh (a PostgreSQL URL); without it the PostgreSQL variants skip."""


def _fresh_postgres(url: str) -> str:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS runs, alembic_version"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty registry database: an SQLite file, or the CI PostgreSQL server emptied."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_ENV} (scripts/ci_postgres.sh starts one)")
    return _fresh_postgres(url)


def make_client(tmp_path: Path, database_url: str, **settings: Any) -> TestClient:
    """A test client of a service with the fake executor (enter it to run the lifespan)."""
    executor = settings.pop("executor", FakeExecutor())
    config = ServiceSettings(data_dir=tmp_path / "data", database_url=database_url, **settings)
    return TestClient(create_app(config, executor, EnvelopeCatalog(BUILTINS)))


@pytest.fixture
def client(tmp_path: Path, database_url: str) -> Iterator[TestClient]:
    """A running service (lifespan entered) on a fresh registry."""
    with make_client(tmp_path, database_url) as client:
        yield client


def wait_for(
    client: TestClient,
    run_id: str,
    states: set[str],
    timeout: float = 120.0,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Poll a run until it reaches one of ``states``; ``timeout`` only catches a run that never gets there
    (a loaded machine can take tens of seconds for a real pipeline run)."""
    deadline = time.monotonic() + timeout
    while True:
        run: dict[str, Any] = client.get(f"/api/runs/{run_id}", headers=headers).json()
        if run["state"] in states:
            return run
        if time.monotonic() > deadline:
            raise AssertionError(f"run {run_id} still {run['state']} after {timeout} s")
        time.sleep(0.02)
