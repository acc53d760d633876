"""The value layer's data: the industries that adopt 5G (``industries.csv``) and the published projections
the value engine is calibrated to (``targets.csv``, with sources from 5g-value-chain-facts.md).

Each industry is a set of sectors of the default world (``data/classifications/default_world_sectors.csv``;
WIOD 2013 does not separate computer services, so ICT takes business services, BUS, beside TELE), belongs
to one of PwC's five reporting groups (for calibration), and carries its adoption ceiling and diffusion
midpoint with low-high ranges. No public source gives these per-industry parameters (5g-value-chain-facts.md,
section 7), so every row is marked ``assumption``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

from gotogether.data.default_world import default_world_sector_names
from gotogether.errors import InputError

_COLUMNS = {
    "industry": str,
    "name": str,
    "sectors": str,
    "pwc_group": str,
    "ceiling": float,
    "ceiling_low": float,
    "ceiling_high": float,
    "midpoint_years": float,
    "midpoint_low": float,
    "midpoint_high": float,
    "source": str,
}
_RANGES = (("ceiling", "ceiling_low", "ceiling_high"), ("midpoint_years", "midpoint_low", "midpoint_high"))


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
def read_targets() -> dict[str, Target]:
    """The calibration targets by name."""
    with resources.files(__package__).joinpath("targets.csv").open(encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    return {record["target"]: _target(record) for record in records}


def _target(record: dict[str, str]) -> Target:
    text = {name: record[name] for name in ("target", "publisher", "title", "date", "url", "confidence")}
    return Target(
        **text,
        quantity=record["quantity"],
        year=int(record["year"]),
        scope=record["scope"],
        key=record["key"],
        value_usd_bn=float(record["value_usd_bn"]),
        tolerance=float(record["tolerance"]),
    )


def _validate(table: pd.DataFrame, source: str) -> None:
    missing = sorted(set(_COLUMNS) - set(table.columns))
    if missing:
        raise InputError(f"missing columns {missing}", source=source, expected=f"columns {list(_COLUMNS)}")
    known = set(default_world_sector_names())
    seen: dict[str, str] = {}
    for row, record in enumerate(table.to_dict("records"), start=2):
        for sector in str(record["sectors"]).split(";"):
            if sector not in known:
                raise InputError(
                    f"unknown sector {sector!r}",
                    source=source,
                    location=f"row {row}, sectors",
                    expected=f"default-world sector codes separated by ';': {sorted(known)}",
                )
            if sector in seen:
                raise InputError(
                    f"sector {sector} already belongs to {seen[sector]!r}",
                    source=source,
                    location=f"row {row}, sectors",
                    expected="each sector in at most one industry",
                )
            seen[sector] = str(record["industry"])
        for column, low_column, high_column in _RANGES:
            low, value, high = (float(record[name]) for name in (low_column, column, high_column))
            if not low <= value <= high:
                raise InputError(
                    f"{column} {value} outside its range [{low}, {high}]",
                    source=source,
                    location=f"row {row}, {column}",
                    expected="low <= value <= high",
                )
        if not 0.0 < float(record["ceiling"]) <= 1.0:
            raise InputError(
                "ceiling not a share",
                source=source,
                location=f"row {row}, ceiling",
                expected="0 < ceiling <= 1",
            )


def read_industry_table(path: str | None = None) -> pd.DataFrame:
    """Read and validate the industry table (the packaged default, or a user's CSV at ``path``), indexed
    by industry."""
    source = path or "gotogether/data/value/industries.csv"
    if path is None:
        with resources.files(__package__).joinpath("industries.csv").open(encoding="utf-8") as handle:
            table = pd.read_csv(handle)
    else:
        try:
            table = pd.read_csv(path)
        except (OSError, pd.errors.ParserError) as error:
            raise InputError(f"cannot read ({error})", source=source, expected="a CSV file") from None
    _validate(table, source)
    return table.astype(_COLUMNS).set_index("industry")
