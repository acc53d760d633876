"""The registry of uncertain parameters: a CSV table with a column schema, both kept as data.

``gotogether/data/parameters/uncertain.csv`` declares each parameter (name, unit, default, distribution,
source); ``uncertain.schema.csv`` lists its columns, their types and whether they are required. Loading
validates every row and reports problems by file, row and column.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from gotogether.data.parameters.distributions import KINDS, Distribution, parse_distribution
from gotogether.errors import InputError

PACKAGE = "gotogether.data.parameters"
REGISTRY = "uncertain.csv"
SCHEMA = "uncertain.schema.csv"
DISTRIBUTION_COLUMNS = ("mean", "sd", "low", "high", "mode", "median", "sigma", "value")
"""Columns holding distribution parameters; a row fills those its ``kind`` uses and leaves the rest empty."""


class UncertainParameter(BaseModel):
    """One uncertain parameter: its value in deterministic runs and its distribution in ensembles."""

    model_config = ConfigDict(frozen=True)

    name: str
    unit: str
    default: float
    distribution: Distribution
    source: str
    note: str = ""


def _schema() -> list[dict[str, str]]:
    with resources.files(PACKAGE).joinpath(SCHEMA).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _number(text: str, *, source: str, location: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{text!r} is not a number", source=source, location=location) from None
    if not math.isfinite(value):
        raise InputError(f"{text!r} is not finite", source=source, location=location, expected="a number")
    return value


def _parameter(record: Mapping[str, str], *, source: str, row: int) -> UncertainParameter:
    """One validated registry row (``row`` counts from 2, the header being row 1)."""
    kind = record["kind"]
    if kind not in KINDS:
        raise InputError(
            f"unknown distribution {kind!r}",
            source=source,
            location=f"row {row}, column kind",
            expected=", ".join(KINDS),
        )
    fields = {
        column: _number(record[column], source=source, location=f"row {row}, column {column}")
        for column in DISTRIBUTION_COLUMNS
        if record.get(column, "").strip()
    }
    try:
        distribution = parse_distribution({"kind": kind, **fields})
    except ValidationError as error:
        first = error.errors()[0]
        column = ".".join(str(part) for part in first["loc"][1:]) or "kind"
        raise InputError(
            f"{first['msg']} for a {kind} distribution",
            source=source,
            location=f"row {row}, column {column}",
            expected=f"the columns a {kind} distribution uses, the others empty",
        ) from None
    return UncertainParameter(
        name=record["name"],
        unit=record["unit"],
        default=_number(record["default"], source=source, location=f"row {row}, column default"),
        distribution=distribution,
        source=record["source"],
        note=record.get("note", ""),
    )


def parse_registry(lines: Iterable[str], *, source: str) -> dict[str, UncertainParameter]:
    """Parameters by name from registry CSV text, checked against the column schema."""
    schema = _schema()
    reader = csv.DictReader(lines)
    columns = [entry["column"] for entry in schema]
    missing = [column for column in columns if column not in (reader.fieldnames or [])]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}", source=source, location="header", expected=str(columns)
        )
    required = [entry["column"] for entry in schema if entry["required"] == "yes"]
    parameters: dict[str, UncertainParameter] = {}
    for row, record in enumerate(reader, start=2):
        for column in required:
            if not (record.get(column) or "").strip():
                raise InputError("empty cell", source=source, location=f"row {row}, column {column}")
        if record["name"] in parameters:
            raise InputError(
                f"duplicate parameter {record['name']!r}", source=source, location=f"row {row}, column name"
            )
        parameters[record["name"]] = _parameter(record, source=source, row=row)
    return parameters


def load_registry(path: Path | None = None) -> dict[str, UncertainParameter]:
    """The registry at ``path``, or the one shipped with gotogether."""
    if path is not None:
        with path.open(encoding="utf-8", newline="") as handle:
            return parse_registry(handle, source=str(path))
    with resources.as_file(resources.files(PACKAGE).joinpath(REGISTRY)) as shipped:
        return load_registry(shipped)


def select(parameters: Mapping[str, UncertainParameter], prefix: str) -> dict[str, Distribution]:
    """The distributions of the parameters whose name starts with ``prefix`` (e.g. ``"theta."``)."""
    chosen = {
        name: parameter.distribution for name, parameter in parameters.items() if name.startswith(prefix)
    }
    if not chosen:
        raise InputError(f"no parameter starts with {prefix!r}", source=REGISTRY, location="column name")
    return chosen


SAMPLED_PREFIXES = ("theta.", "learning_rate.ran_equipment", "adoption.years_10_to_90", "value.uplift_scale")
"""Registry parameters with an engine input in the library ensemble (``ensembles.library``)."""


def sampled_parameters(registry: Mapping[str, UncertainParameter] | None = None) -> dict[str, Distribution]:
    """The registry's distributions of the parameters the library ensemble samples."""
    registry = registry if registry is not None else load_registry()
    return {name: p.distribution for name, p in registry.items() if name.startswith(SAMPLED_PREFIXES)}
