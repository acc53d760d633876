"""The run manifest: what produced a run directory, so that a run can be compared, trusted and repeated.

``manifest.json`` records the package version, the Python and platform, the data (name, size and SHA-256 of
each input file, e.g. the default world), the scenario definitions after inheritance, the parameters, the
seed, the wall-clock seconds of each stage and, for every file written, its size and SHA-256.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from gotogether.errors import InputError

MANIFEST_NAME = "manifest.json"
RUN_FORMAT = "gotogether-run/1"


class FileRecord(BaseModel):
    """A file of the run: its path relative to the run directory, size and SHA-256."""

    path: str
    bytes: int
    sha256: str


class TableRecord(BaseModel):
    """A result table: its columns, number of rows, and the units and human names of its value columns."""

    columns: list[str]
    rows: int
    title: str = ""
    units: dict[str, str] = Field(default_factory=dict)
    long_names: dict[str, str] = Field(default_factory=dict)


class RunManifest(BaseModel):
    """The content of ``manifest.json``."""

    format: str = RUN_FORMAT
    gotogether_version: str
    created: str = Field(description="UTC time the run was committed, ISO 8601")
    python: str
    platform: str
    data: dict[str, FileRecord] = Field(default_factory=dict, description="Input data by name")
    scenarios: list[dict[str, Any]] = Field(default_factory=list, description="Scenario definitions as run")
    parameters: dict[str, Any] = Field(default_factory=dict)
    seed: int | None = None
    timings_s: dict[str, float] = Field(default_factory=dict, description="Wall-clock seconds per stage")
    tables: dict[str, TableRecord] = Field(default_factory=dict)
    files: list[FileRecord] = Field(default_factory=list)


def file_record(path: Path, relative_to: Path | None = None) -> FileRecord:
    """Size and SHA-256 of ``path`` (named relative to ``relative_to`` when given)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    name = path.relative_to(relative_to).as_posix() if relative_to else path.name
    return FileRecord(path=name, bytes=path.stat().st_size, sha256=digest.hexdigest())


def read_manifest(run_directory: Path) -> RunManifest:
    """The manifest of a run directory; an InputError if it is missing or not a gotogether manifest."""
    path = run_directory / MANIFEST_NAME
    try:
        manifest = RunManifest.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        raise InputError(
            "not a run directory (no manifest.json)",
            source=str(run_directory),
            expected="a directory written by 'gotogether run'",
        ) from None
    except ValueError as error:
        raise InputError(f"unreadable run manifest: {error}", source=str(path)) from None
    if not manifest.format.startswith("gotogether-run/"):
        raise InputError(
            f"unknown manifest format {manifest.format!r}", source=str(path), expected=RUN_FORMAT
        )
    return manifest
