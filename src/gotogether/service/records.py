"""The runs registry's table as a typed SQLAlchemy 2.0 model (the schema; migrations create it)."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Enum, Float, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class RunState(enum.StrEnum):
    """Life of a run: queued -> running -> succeeded | failed; running -> interrupted if the server stops."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    INTERRUPTED = "interrupted"


FINISHED_STATES = frozenset({RunState.SUCCEEDED, RunState.FAILED, RunState.INTERRUPTED})
RERUNNABLE_STATES = frozenset({RunState.FAILED, RunState.INTERRUPTED})


def utc_now() -> datetime:
    """Timestamps are stored timezone-aware, in UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of the registry's tables."""


class RunRecord(Base):
    """One run: its scenario documents, state, progress and timestamps. Results are under runs/<id>/."""

    __tablename__ = "runs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    scenario_name: Mapped[str] = mapped_column(String(200))
    scenario_documents: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    state: Mapped[RunState] = mapped_column(
        Enum(
            RunState, native_enum=False, length=16, values_callable=lambda states: [s.value for s in states]
        ),
        index=True,
    )
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
