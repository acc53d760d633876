"""The runs registry: create, read and update runs in SQLite (default) or PostgreSQL, migrated at start-up."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, case, create_engine, delete, event, select, update
from sqlalchemy.orm import Session, sessionmaker

from gotogether.service.records import FINISHED_STATES, RunRecord, RunState, utc_now

MIGRATIONS = Path(__file__).with_name("migrations")
RUNNING_PROGRESS_CAP = 0.99
"""Highest progress a run shows before it has succeeded: 1.0 means done, never "interrupted at the end"."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers (API requests) run while the worker writes progress; wait rather than fail on locks.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for the registry; SQLite files are shared between threads and opened in WAL mode."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the registry's schema to the newest revision (Alembic, scripts kept in the package)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class Registry:
    """Runs and their states. Every method is one short transaction, safe to call from several threads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str) -> Registry:
        """Connect to the registry at ``url`` and migrate it."""
        engine = make_engine(url)
        migrate(engine)
        return cls(engine)

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    def create(self, scenario_name: str, documents: list[dict[str, Any]]) -> RunRecord:
        """Register a new queued run."""
        record = RunRecord(
            id=uuid.uuid4().hex,
            scenario_name=scenario_name,
            scenario_documents=documents,
            state=RunState.QUEUED,
            progress=0.0,
            message="queued",
            attempts=0,
            created_at=utc_now(),
        )
        with self._session() as session:
            session.add(record)
        return record

    def get(self, run_id: str) -> RunRecord | None:
        """The run with this id, or None."""
        with self._session() as session:
            return session.get(RunRecord, run_id)

    def runs(self, state: RunState | None = None, limit: int = 100, offset: int = 0) -> list[RunRecord]:
        """Runs, newest first, optionally only those in one state."""
        query = select(RunRecord).order_by(RunRecord.created_at.desc(), RunRecord.id)
        if state is not None:
            query = query.where(RunRecord.state == state)
        with self._session() as session:
            return list(session.scalars(query.limit(limit).offset(offset)))

    def ids_in(self, state: RunState) -> list[str]:
        """Ids of runs in ``state``, oldest first (the order they were submitted in)."""
        query = select(RunRecord.id).where(RunRecord.state == state).order_by(RunRecord.created_at)
        with self._session() as session:
            return list(session.scalars(query))

    def start(self, run_id: str) -> bool:
        """Move a queued run to running; False if it is not queued (already taken or finished)."""
        with self._session() as session:
            result = session.execute(
                update(RunRecord)
                .where(RunRecord.id == run_id, RunRecord.state == RunState.QUEUED)
                .values(
                    state=RunState.RUNNING,
                    started_at=utc_now(),
                    finished_at=None,
                    progress=0.0,
                    message="started",
                    attempts=RunRecord.attempts + 1,
                )
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def report_progress(self, run_id: str, fraction: float, message: str) -> None:
        """Record the progress of a running run (fraction clipped to [0, RUNNING_PROGRESS_CAP])."""
        with self._session() as session:
            session.execute(
                update(RunRecord)
                .where(RunRecord.id == run_id, RunRecord.state == RunState.RUNNING)
                .values(progress=min(max(float(fraction), 0.0), RUNNING_PROGRESS_CAP), message=message[:2000])
            )

    def finish(self, run_id: str, state: RunState, message: str) -> None:
        """Close a running run as succeeded, failed or interrupted."""
        assert state in FINISHED_STATES
        values: dict[str, Any] = {"state": state, "message": message[:2000], "finished_at": utc_now()}
        if state is RunState.SUCCEEDED:
            values["progress"] = 1.0
        else:  # what an older version recorded may reach 1.0
            values["progress"] = case(
                (RunRecord.progress > RUNNING_PROGRESS_CAP, RUNNING_PROGRESS_CAP), else_=RunRecord.progress
            )
        with self._session() as session:
            session.execute(
                update(RunRecord)
                .where(RunRecord.id == run_id, RunRecord.state == RunState.RUNNING)
                .values(**values)
            )

    def requeue(self, run_id: str) -> bool:
        """Queue a failed or interrupted run again; False if it is in another state."""
        with self._session() as session:
            result = session.execute(
                update(RunRecord)
                .where(RunRecord.id == run_id, RunRecord.state.in_([RunState.FAILED, RunState.INTERRUPTED]))
                .values(state=RunState.QUEUED, progress=0.0, message="queued again", finished_at=None)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def delete(self, run_id: str) -> bool:
        """Forget a finished run; False if there is no such run or it is queued or running."""
        with self._session() as session:
            result = session.execute(
                delete(RunRecord).where(RunRecord.id == run_id, RunRecord.state.in_(FINISHED_STATES))
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def finished_before(self, moment: datetime) -> list[str]:
        """Ids of the runs that finished before ``moment``, oldest first."""
        query = (
            select(RunRecord.id)
            .where(RunRecord.state.in_(FINISHED_STATES), RunRecord.finished_at < moment)
            .order_by(RunRecord.finished_at)
        )
        with self._session() as session:
            return list(session.scalars(query))

    def interrupt_running(self, message: str) -> list[str]:
        """Mark every running run as interrupted (the server that ran them stopped); returns their ids."""
        ids = self.ids_in(RunState.RUNNING)
        for run_id in ids:
            self.finish(run_id, RunState.INTERRUPTED, message)
        return ids

    def close(self) -> None:
        """Release the connection pool."""
        self.engine.dispose()
