"""The value layer's data: the industries that adopt 5G (``industries.csv``) and the published projections
the value engine is calibrated to (``targets.csv``, with sources from 5g-value-chain-facts.md).

Each industry is a set of sectors of the default world (``data/classifications/default_world_sectors.csv``;
WIOD 2013 does not separate computer services, so ICT takes business services, BUS, beside TELE), belongs
to one of PwC's five reporting groups (for calibration), and carries its adoption ceiling and diffusion
midpoint with low-high ranges. No public source gives these per-industry parameters (5g-value-chain-facts.md,
section 7), so every row is marked ``assumption``.

Both tables are checked against ``schema.csv`` (kept as data beside them) with the shared pandera check
(``gotogether.data.tableschema``); what no column's rule can say is checked here: an industry's sectors are
default-world sectors each in one industry, every value lies in its low-high range, each industry and target
is named once and a target's key fits its scope. Errors name the file, the row (header = row 1) and the
column.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Final

import pandas as pd

from gotogether.data.default_world import default_world_sector_names
from gotogether.data.tableschema import validate_frame
from gotogether.data.valuenet.tables import read_user_file
from gotogether.errors import DataConsistencyError, InputError, did_you_mean

_RANGES: Final = (
    ("ceiling", "ceiling_low", "ceiling_high"),
    ("midpoint_years", "midpoint_low", "midpoint_high"),
)
"""(value, low, high) columns of the industry table."""


@dataclass(frozen=True)
class Target:
    """One published number: ``quantity`` (gdp or sales) in ``year`` for a ``scope`` (total, country,
    pwc_group) and ``key`` within it, in billions of US dollars, with its relative ``tolerance``."""

    target: str
    publisher: str
    title: str
    date: str
    url: str
    confidence: str
    quantity: str
    year: int
    scope: str
    key: str
    value_usd_bn: float
    tolerance: float


@cache
def _schema() -> tuple[dict[str, str], ...]:
    with resources.files(__package__).joinpath("schema.csv").open(encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


def _read(table: str, path: Path | None) -> tuple[pd.DataFrame, str]:
    """Table ``table`` as text: the packaged one, or a user's CSV/Excel file at ``path``; with the source its
    errors name."""
    if path is None:
        with resources.files(__package__).joinpath(f"{table}.csv").open(encoding="utf-8") as handle:
            return pd.read_csv(handle, dtype=str, keep_default_na=False), f"gotogether/data/value/{table}.csv"
    return read_user_file(path, table), str(path)


def validate_value_table(table: str, frame: pd.DataFrame, *, source: str) -> pd.DataFrame:
    """Check the cells of ``table`` (industries or targets, as text) against its rows of ``schema.csv``
    (``validate_frame``), then across cells; an ``InputError`` names ``source``, row and column. Returns the
    typed table."""
    typed = validate_frame(frame, [spec for spec in _schema() if spec["table"] == table], source=source)
    if table == "industries":
        _check_industries(typed, default_world_sector_names(), source)
    else:
        _check_targets(typed, source)
    return typed


def _check_unique(table: pd.DataFrame, column: str, source: str) -> None:
    repeated = table[table[column].duplicated()]
    if not repeated.empty:
        raise DataConsistencyError(
            f"{column} {repeated[column].iloc[0]!r} is given twice",
            source=source,
            location=f"row {int(repeated.index[0]) + 2}, column {column}",
            expected=f"one row per {column}",
        )


@cache
def read_targets() -> dict[str, Target]:
    """The calibration targets by name (``targets.csv``, validated)."""
    frame, source = _read("targets", None)
    table = validate_value_table("targets", frame, source=source)
    records = [{str(name): cell for name, cell in record.items()} for record in table.to_dict("records")]
    return {record["target"]: Target(**record) for record in records}


def _check_targets(table: pd.DataFrame, source: str) -> None:
    """Each target once; its key fits its scope (world for total, a country code for country, a PwC group
    for pwc_group; the schema checks each is one of these)."""
    _check_unique(table, "target", source)
    groups = _pwc_groups()
    wanted = {
        "total": "world",
        "country": "an ISO 3166 alpha-3 code",
        "pwc_group": f"one of {', '.join(groups)}",
    }
    for row, record in enumerate(table.to_dict("records"), start=2):
        scope, key = str(record["scope"]), str(record["key"])
        kind = "total" if key == "world" else "pwc_group" if key in groups else "country"
        if kind != scope:
            raise InputError(
                f"key {key!r} does not fit scope {scope!r}",
                source=source,
                location=f"row {row}, column key",
                expected=f"for scope {scope}, {wanted[scope]}",
            )


def _pwc_groups() -> tuple[str, ...]:
    (spec,) = (s for s in _schema() if (s["table"], s["column"]) == ("industries", "pwc_group"))
    return tuple(spec["allowed"].split("|"))


def read_industry_table(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate the industry table (the packaged default, or a user's CSV/Excel file at
    ``path``), indexed by industry."""
    frame, source = _read("industries", None if path is None else Path(path))
    return validate_value_table("industries", frame, source=source).set_index("industry")


def _check_industries(table: pd.DataFrame, known_sectors: Iterable[str], source: str) -> None:
    """Each industry once; its sectors (separated by ';') are ``known_sectors``, each in at most one
    industry; every value within its low-high range."""
    _check_unique(table, "industry", source)
    known = list(known_sectors)
    owner: dict[str, str] = {}
    for row, record in enumerate(table.to_dict("records"), start=2):
        where = f"row {row}, column sectors"
        for sector in str(record["sectors"]).split(";"):
            if sector not in known:
                raise InputError(
                    f"unknown sector {sector!r}{did_you_mean(sector, known, form=' ({})')}",
                    source=source,
                    location=where,
                    expected=f"default-world sector codes separated by ';': {', '.join(known)}",
                )
            if sector in owner:
                raise DataConsistencyError(
                    f"sector {sector} already belongs to {owner[sector]!r}",
                    source=source,
                    location=where,
                    expected="each sector in at most one industry",
                )
            owner[sector] = str(record["industry"])
        for column, low_column, high_column in _RANGES:
            low, value, high = (float(record[name]) for name in (low_column, column, high_column))
            if not low <= value <= high:
                raise DataConsistencyError(
                    f"{column} {value} outside its range [{low}, {high}]",
                    source=source,
                    location=f"row {row}, column {column}",
                    expected=f"{low_column} <= {column} <= {high_column}",
                )
