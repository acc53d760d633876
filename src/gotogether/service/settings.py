"""Settings of the service: where the registry and results live, limits, authentication, CORS.

Each setting comes from, in this order: the value given (``gotogether serve``'s options), the environment
(``GOTOGETHER_`` and the field's name in capitals: ``GOTOGETHER_DATA_DIR``, ``GOTOGETHER_DATABASE_URL``,
``GOTOGETHER_TOKEN``...), the default (pydantic-settings); the data directory's default is the platform's
(platformdirs).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from platformdirs import user_data_path
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

MAX_BODY_BYTES = 1_048_576
"""Largest request body accepted (1 MiB); larger bodies get 413. Scenario files are a few kilobytes."""

RETENTION_DAYS = 30.0
"""Days a finished run (registry row and results, about 6 MB) is kept by default."""

ENV_PREFIX = "GOTOGETHER_"
TOKEN_ENV = f"{ENV_PREFIX}TOKEN"
"""Environment variable holding the bearer token when ``--token`` is not given."""


def default_data_dir() -> Path:
    """The user's data directory for gotogether: on Linux ``$XDG_DATA_HOME/gotogether`` or
    ``~/.local/share/gotogether``; the platform's equivalent elsewhere."""
    return user_data_path("gotogether", appauthor=False)


class ServiceSettings(BaseSettings):
    """How one service instance is set up.

    ``database_url`` defaults to an SQLite file in ``data_dir``; any SQLAlchemy URL works
    (``postgresql+psycopg://user@host/db``). ``token`` enables bearer authentication of every API call.
    """

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="forbid")

    data_dir: Path = Field(default_factory=default_data_dir)
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
