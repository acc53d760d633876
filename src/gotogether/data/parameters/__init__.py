"""The one parameter table: every scalar parameter of every engine, with its unit, default, hard bounds,
distribution, status and source (``parameters.csv``; its columns in ``parameters.schema.csv``).

Scenario overrides (``parameters:``), scenario distributions (``uncertain:``) and ensemble draws all go
through ``resolve``: an unknown name, a parameter no engine reads yet (``planned``), a value out of bounds or
a fraction where a whole number is expected is refused with a message that names the parameter and says what
is expected, never accepted and ignored.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from gotogether.data.parameters.distributions import KINDS, Distribution, Fixed, parse_distribution
from gotogether.errors import InputError, did_you_mean

TABLE = "parameters.csv"
SCHEMA = "parameters.schema.csv"
DISTRIBUTION_COLUMNS = ("mean", "sd", "low", "high", "mode", "median", "sigma")
"""Distribution parameters: a row fills those its distribution uses and leaves the rest empty."""
ENGINES = ("trade", "supply", "rollout", "adoption", "value", "who_pays", "disruption", "diffusion")
STATUSES = ("sampled", "engine", "planned")


class Parameter(BaseModel):
    """One row of the table. ``default`` (and so the distribution) is None where the parameter inherits
    another (see ``note``)."""

    model_config = ConfigDict(frozen=True)

    name: str
    engine: str
    unit: str
    type: Literal["float", "int"]
    default: float | None
    minimum: float
    maximum: float
    status: Literal["sampled", "engine", "planned"]
    distribution: Distribution | None
    source: str
    note: str = ""


def _schema() -> list[dict[str, str]]:
    with resources.files(__package__).joinpath(SCHEMA).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _number(text: str, *, source: str, location: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{text!r} is not a number", source=source, location=location) from None
    if not math.isfinite(value):
        raise InputError(f"{text!r} is not finite", source=source, location=location, expected="a number")
    return value


def _one_of(record: Mapping[str, str], column: str, allowed: Iterable[str], source: str, row: int) -> str:
    value = record[column]
    if value not in allowed:
        raise InputError(
            f"unknown {column} {value!r}",
            source=source,
            location=f"row {row}, column {column}",
            expected=", ".join(allowed),
        )
    return value


def _parameter(record: Mapping[str, str], *, source: str, row: int) -> Parameter:
    """One validated row (``row`` counts from 2, the header being row 1)."""
    where = f"row {row}, column"
    kind = _one_of(record, "distribution", KINDS, source, row)
    default = (
        _number(record["default"], source=source, location=f"{where} default")
        if record["default"].strip()
        else None
    )
    fields: dict[str, float] = {
        column: _number(record[column], source=source, location=f"{where} {column}")
        for column in DISTRIBUTION_COLUMNS
        if record.get(column, "").strip()
    }
    if kind == "fixed":
        fields = {"value": default} if default is not None else {}
    try:
        distribution = parse_distribution({"kind": kind, **fields}) if fields else None
    except ValidationError as error:
        first = error.errors()[0]
        column = ".".join(str(part) for part in first["loc"][1:]) or "distribution"
        raise InputError(
            f"{first['msg']} for a {kind} distribution",
            source=source,
            location=f"{where} {column}",
            expected=f"the columns a {kind} distribution uses, the others empty",
        ) from None
    parameter = Parameter(
        name=record["name"],
        engine=_one_of(record, "engine", ENGINES, source, row),
        unit=record["unit"],
        type=_one_of(record, "type", ("float", "int"), source, row),
        default=default,
        minimum=_number(record["minimum"], source=source, location=f"{where} minimum"),
        maximum=_number(record["maximum"], source=source, location=f"{where} maximum"),
        status=_one_of(record, "status", STATUSES, source, row),
        distribution=distribution,
        source=record["source"],
        note=record.get("note", ""),
    )
    if not record["name"].startswith(parameter.engine + "."):
        raise InputError(
            f"{record['name']!r} does not start with its engine",
            source=source,
            location=f"{where} name",
            expected=f"{parameter.engine}.<name>",
        )
    if default is not None and not parameter.minimum <= default <= parameter.maximum:
        raise InputError(
            f"default {default:g} is outside the bounds",
            source=source,
            location=f"{where} default",
            expected=f"{parameter.minimum:g} <= default <= {parameter.maximum:g}",
        )
    return parameter


def parse_table(lines: Iterable[str], *, source: str) -> dict[str, Parameter]:
    """Parameters by name from table CSV text, checked against the column schema."""
    schema = _schema()
    reader = csv.DictReader(lines)
    columns = [entry["column"] for entry in schema]
    missing = [column for column in columns if column not in (reader.fieldnames or [])]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}", source=source, location="header", expected=str(columns)
        )
    required = [entry["column"] for entry in schema if entry["required"] == "yes"]
    parameters: dict[str, Parameter] = {}
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


def load_table(path: Path) -> dict[str, Parameter]:
    """The table at ``path`` (a user's copy, or the one shipped: ``parameter_table``)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return parse_table(handle, source=str(path))


@cache
def parameter_table() -> dict[str, Parameter]:
    """The shipped table (read once)."""
    with resources.as_file(resources.files(__package__).joinpath(TABLE)) as path:
        return load_table(path)


def unknown_parameter(name: str, table: Mapping[str, Parameter]) -> str:
    """The message for a name that is not in ``table``, with close matches."""
    return f"unknown parameter {name!r}{did_you_mean(name, table)}"


def check_value(parameter: Parameter, value: float) -> str | None:
    """Why ``value`` cannot be set for ``parameter`` (None if it can)."""
    if parameter.status == "planned":
        return f"{parameter.name} is planned: no engine reads it yet, so setting it would change nothing"
    if parameter.type == "int" and not float(value).is_integer():
        return f"{parameter.name} = {value} is not a whole number"
    if not parameter.minimum <= value <= parameter.maximum:
        return (
            f"{parameter.name} = {value} is out of range "
            f"({parameter.minimum:g} <= {parameter.name} <= {parameter.maximum:g} {parameter.unit})"
        )
    return None


def resolve(
    values: Mapping[str, float], *, source: str = "parameters", table: Mapping[str, Parameter] | None = None
) -> dict[str, float]:
    """The values in force: every parameter with a default, then ``values`` over them (scenario overrides,
    an ensemble draw). ``InputError`` names a value that is refused and says why."""
    table = table if table is not None else parameter_table()
    for name, value in values.items():
        if name not in table:
            raise InputError(unknown_parameter(name, table), source=source, location=name)
        problem = check_value(table[name], value)
        if problem:
            raise InputError(problem, source=source, location=name)
    defaults = {
        name: p.default for name, p in table.items() if p.default is not None and p.status != "planned"
    }
    return {**defaults, **values}


def sampled(table: Mapping[str, Parameter] | None = None) -> dict[str, Distribution]:
    """The distributions the library ensemble samples (status ``sampled``)."""
    table = table if table is not None else parameter_table()
    return {
        name: p.distribution
        for name, p in table.items()
        if p.status == "sampled" and p.distribution is not None
    }


def planned(table: Mapping[str, Parameter] | None = None) -> list[str]:
    """Parameters no engine reads yet."""
    table = table if table is not None else parameter_table()
    return sorted(name for name, p in table.items() if p.status == "planned")


def select(parameters: Mapping[str, Parameter], prefix: str) -> dict[str, Distribution]:
    """The distributions of the parameters whose name starts with ``prefix`` (e.g. ``"trade.theta."``)."""
    chosen = {
        name: parameter.distribution
        for name, parameter in parameters.items()
        if name.startswith(prefix) and parameter.distribution is not None
    }
    if not chosen:
        raise InputError(f"no parameter starts with {prefix!r}", source=TABLE, location="column name")
    return chosen


__all__ = [
    "Distribution",
    "Fixed",
    "Parameter",
    "check_value",
    "load_table",
    "parameter_table",
    "planned",
    "resolve",
    "sampled",
    "select",
    "unknown_parameter",
]
