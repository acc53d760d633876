"""Read and validate the rollout parameter table (``countries.csv``), schema kept as data (``schema.csv``).

The table is long: one row per (country, parameter) with the value-network source columns (outlet, title,
date, URL, grade, low-high range, note); it is checked with the value network's validation, so errors name
the file, the row and the column. Every parameter must be given for every region; the world-wide ones are
``rollout.*`` in the parameter table (``gotogether.data.parameters``).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from gotogether.data.valuenet.tables import read_schema, read_user_file, validate_table
from gotogether.errors import DataConsistencyError

TABLE: Final = "countries"
SHARES_TABLE: Final = "vendor_shares"
OPERATORS_TABLE: Final = "operators"
INCUMBENCY: Final = ("4g", 2019)
"""The rows of ``vendor_shares`` that give each region's incumbency: the installed 4G RAN at 2019."""
SHARE_SUM_TOLERANCE: Final = 0.005
COUNTRY_PARAMETERS: Final = (
    "population",
    "site_density",
    "launch_year",
    "midpoint_year",
    "speed",
    "capex_per_capita",
    "site_cost_factor",
    "lte_site_density",
    "swap_work_factor",
)
"""Per region: persons; sites per 10,000 people at full coverage; first year of commercial sites; year of
half the full-coverage sites on the desired path; logistic speed (per year); 5G capex envelope (USD per
person and year); installed site cost relative to China's."""


def read_rollout_schema() -> pd.DataFrame:
    """The rollout table's own schema rows followed by the value network's shared source columns."""
    with resources.files(__package__).joinpath("schema.csv").open(encoding="utf-8") as handle:
        own = pd.read_csv(handle, dtype=str, keep_default_na=False)
    shared = read_schema()
    return pd.concat([own, shared[shared["table"] == "*"]], ignore_index=True)


def _read_validated(name: str, path: Path | None, value_column: str) -> tuple[pd.DataFrame, str]:
    """Table ``name`` validated against the schema: the packaged one (a copy: the caller may change it), or
    a user's CSV/Excel file at ``path``; with the source its errors name."""
    if path is None:
        return _packaged(name, value_column).copy(), f"{name}.csv"
    frame, source = read_user_file(path, name), str(path)
    table = validate_table(name, frame, read_rollout_schema(), {}, source=source, value_column=value_column)
    return table, source


@cache
def _packaged(name: str, value_column: str) -> pd.DataFrame:
    """The packaged table ``name``, validated once per process (the world and the rollout-2020 case both
    read it)."""
    with resources.files(__package__).joinpath(f"{name}.csv").open(encoding="utf-8") as handle:
        frame = pd.read_csv(handle, dtype=str, keep_default_na=False)
    source = f"{name}.csv"
    return validate_table(name, frame, read_rollout_schema(), {}, source=source, value_column=value_column)


def _check_unique(table: pd.DataFrame, keys: list[str], source: str) -> None:
    """Each combination of ``keys`` once; the error names the first repeated row."""
    duplicated = table[table.duplicated(keys)]
    if not duplicated.empty:
        first = duplicated.iloc[0]
        raise DataConsistencyError(
            f"{' '.join(str(first[key]) for key in keys)} is given twice",
            source=source,
            location=f"row {int(duplicated.index[0]) + 2}",
            expected=f"one row per {', '.join(keys[:-1])} and {keys[-1]}",
        )


def load_countries(path: Path | None = None) -> pd.DataFrame:
    """The validated table: the packaged one, or a user's CSV/Excel file of the same schema at ``path``."""
    table, source = _read_validated(TABLE, path, "value")
    check_completeness(table, source)
    return table


def check_completeness(table: pd.DataFrame, source: str) -> None:
    """Each (country, parameter) once; every region has every country parameter (the world-wide ones are
    ``rollout.*`` of the parameter table), none negative."""
    _check_unique(table, ["country", "parameter"], source)
    have: dict[str, set[str]] = {}
    for country, parameter in zip(table["country"].tolist(), table["parameter"].tolist(), strict=True):
        have.setdefault(country, set()).add(parameter)
    for country in sorted(have):
        wanted = COUNTRY_PARAMETERS
        missing = [p for p in wanted if p not in have[country]]
        misplaced = sorted(have[country] - set(wanted))
        if missing or misplaced:
            raise DataConsistencyError(
                f"{country} lacks {', '.join(missing)}"
                if missing
                else f"{country} has {', '.join(misplaced)}",
                source=source,
                location=f"country {country}",
                expected=f"exactly the parameters {', '.join(wanted)}",
            )
    _refuse_out_of_range(
        table, (table["value"] < 0).to_numpy(), ["country", "parameter"], source, "a non-negative number"
    )


def _refuse_out_of_range(
    table: pd.DataFrame, wrong: np.ndarray, keys: list[str], source: str, expected: str
) -> None:
    """Raise for the first row of ``table`` marked ``wrong``, named by its ``keys``; nothing when none is."""
    if wrong.any():
        record = table.iloc[int(wrong.argmax())]
        raise DataConsistencyError(
            f"{' '.join(str(record[key]) for key in keys)} = {record['value']} is out of range",
            source=source,
            location=", ".join(f"{key} {record[key]}" for key in keys),
            expected=expected,
        )


def load_vendor_shares(path: Path | None = None) -> pd.DataFrame:
    """The validated vendor footprints (``vendor_shares.csv``, or a user's file of the same schema at
    ``path``): 4G installed shares at 2019 for every region (the incumbency of the rollout's logit) and the
    5G awards of 2020 where a source gives them."""
    table, source = _read_validated(SHARES_TABLE, path, "share")
    check_footprints(table, source)
    return table


def check_footprints(table: pd.DataFrame, source: str) -> None:
    """Each (country, generation, year, vendor) once; every region's incumbency rows sum to one."""
    _check_unique(table, ["country", "generation", "year", "vendor"], source)
    generation, year = INCUMBENCY
    base = table[(table["generation"] == generation) & (table["year"] == year)]
    for country, shares in base.groupby("country")["share"]:
        if abs(float(shares.sum()) - 1.0) > SHARE_SUM_TOLERANCE:
            raise DataConsistencyError(
                f"{country}'s {generation} {year} shares sum to {float(shares.sum()):.3f}",
                source=source,
                location=f"country {country}",
                expected=f"shares summing to 1 (within {SHARE_SUM_TOLERANCE})",
            )


def load_operators(path: Path | None = None) -> pd.DataFrame:
    """The validated operators' networks (``operators.csv``, or a user's file of the same schema at
    ``path``): each operator's 4G radio sites and vendors' shares of its RAN, for the regions where a cap
    acts on each operator's access network."""
    table, source = _read_validated(OPERATORS_TABLE, path, "value")
    check_operators(table, source)
    return table


def check_operators(table: pd.DataFrame, source: str) -> None:
    """Each (country, operator, item) once; every operator has its sites, more than none; a vendor's share
    of an operator's RAN between 0 and 1."""
    _check_unique(table, ["country", "operator", "item"], source)
    sites = table["item"] == "sites"
    given = set(zip(table.loc[sites, "country"], table.loc[sites, "operator"], strict=True))
    for country, operator in zip(table["country"], table["operator"], strict=True):
        if (country, operator) not in given:
            raise DataConsistencyError(
                f"{country} {operator} has vendor shares but no sites",
                source=source,
                location=f"country {country}, operator {operator}",
                expected="a sites row for every operator",
            )
    value = table["value"].to_numpy(dtype=float)
    wrong = np.where(sites, value <= 0, (value < 0) | (value > 1))
    keys = ["country", "operator", "item"]
    _refuse_out_of_range(table, wrong, keys, source, "sites above 0; a vendor's share between 0 and 1")
