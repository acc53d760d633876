"""Settings of the service: where the registry and results live, limits, authentication, CORS."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

MAX_BODY_BYTES = 1_048_576
"""Largest request body accepted (1 MiB); larger bodies get 413. Scenario files are a few kilobytes."""

RETENTION_DAYS = 30.0
"""Days a finished run (registry row and results, about 6 MB) is kept by default."""

TOKEN_ENV = "GOTOGETHER_TOKEN"
"""Environment variable holding the bearer token when ``--token`` is not given."""


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/gotogether`` or ``~/.local/share/gotogether``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "gotogether"


@dataclass(frozen=True)
class ServiceSettings:
    """How one service instance is set up.

    ``database_url`` defaults to an SQLite file in ``data_dir``; any SQLAlchemy URL works
    (``postgresql+psycopg://user@host/db``). ``token`` enables bearer authentication of every API call.
    """

    data_dir: Path = field(default_factory=default_data_dir)
    database_url: str | None = None
    token: str | None = None
    max_body_bytes: int = MAX_BODY_BYTES
    workers: int = 1
    cors_origins: tuple[str, ...] = ()
    retention_days: float | None = RETENTION_DAYS
    """Finished runs older than this are deleted (None: kept until deleted through the API)."""

    @property
    def retention(self) -> timedelta | None:
        return None if self.retention_days is None else timedelta(days=self.retention_days)

    @property
    def runs_dir(self) -> Path:
        """Folder holding one result folder per run id."""
        return self.data_dir / "runs"

    @property
    def resolved_database_url(self) -> str:
        """The registry's URL: the one given, else ``sqlite:///<data_dir>/registry.sqlite3``."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'registry.sqlite3').resolve()}"
