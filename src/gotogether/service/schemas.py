"""Response models of the API (what the OpenAPI spec documents)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import HTTPException
from pydantic import BaseModel, Field, field_validator

from gotogether.service.catalog import Issue
from gotogether.service.records import RunRecord, RunState

RUN_ID = r"^[0-9a-f]{32}$"
TABLE_NAME = r"^[a-z0-9][a-z0-9_-]{0,199}$"


class RunOut(BaseModel):
    """A run as the registry holds it. Results are available once ``state`` is ``succeeded``."""

    id: str = Field(pattern=RUN_ID, examples=["6f1c0b7e9a2d4c58b0e3f1a2c4d5e6f7"])
    scenario_name: str = Field(examples=["tariff-war"])
    state: RunState = Field(examples=[RunState.RUNNING])
    progress: float = Field(ge=0, le=1, description="Fraction done, 0 to 1", examples=[0.4])
    message: str = Field(description="Last progress message, or why the run failed", examples=["solving"])
    attempts: int = Field(ge=0, description="How many times the run was started")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @field_validator("created_at", "started_at", "finished_at")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        # SQLite hands timestamps back without their zone; they were written in UTC.
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value

    @classmethod
    def of(cls, record: RunRecord) -> RunOut:
        """The public view of a registry record."""
        return cls.model_validate(record, from_attributes=True)


class Problem(BaseModel):
    """Why a request was refused, with each issue located (document and field, or request part)."""

    detail: str = Field(examples=["the scenario is invalid"])
    issues: list[Issue] = Field(default_factory=list)


class Rejected(HTTPException):
    """An HTTP error answered as a :class:`Problem` with located issues."""

    def __init__(self, status_code: int, detail: str, issues: list[Issue]) -> None:
        super().__init__(status_code, detail)
        self.issues = issues


class ValidationReport(BaseModel):
    """Result of checking a scenario without running it (for editors)."""

    valid: bool
    name: str | None = Field(None, description="The scenario's name when valid")
    issues: list[Issue] = Field(default_factory=list)


class TableInfo(BaseModel):
    """A result table: name (to fetch it by), columns and number of rows."""

    name: str = Field(examples=["welfare"])
    title: str = Field("", description="Human name of the table", examples=["Who pays"])
    columns: list[str] = Field(examples=[["country", "welfare_pct"]])
    rows: int = Field(ge=0)


class TableOut(BaseModel):
    """A result table (or a page of it) as JSON rows; NaN and infinities are null."""

    name: str
    columns: list[str]
    labels: dict[str, str] = Field(default_factory=dict, description="Human name of each column")
    units: dict[str, str] = Field(
        default_factory=dict, description="Units of the value columns that have them"
    )
    total_rows: int = Field(ge=0)
    offset: int = Field(ge=0)
    rows: list[dict[str, Any]]


class Comparison(BaseModel):
    """Two runs' tables side by side: keys, then ``<value>_a``, ``<value>_b``, ``<value>_diff`` (b - a)."""

    a: str = Field(pattern=RUN_ID)
    b: str = Field(pattern=RUN_ID)
    tables: list[TableOut]
    skipped: dict[str, str] = Field(default_factory=dict, description="Tables not compared, and why")
