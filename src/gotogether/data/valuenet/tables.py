"""The default 5G value network as CSV tables, with their schema kept as data (``schema.csv``).

Every table shares the source columns of the ``*`` rows of the schema (outlet, title, date, URL, confidence
grade, low-high range, note); the grades and figures come from ``5g-value-chain-facts.md``. A number no
source gives has ``confidence = assumption`` and a ``low``-``high`` range around its value column.

``load_tables()`` reads the packaged tables; ``overrides`` replaces or extends any of them from a CSV or
Excel file of the same schema. Every table is validated on load and errors name the file, the row (as
numbered in a spreadsheet, header = row 1) and the column.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Final, Literal

import numpy as np
import pandas as pd

from gotogether.data.tableschema import validate_frame
from gotogether.data.userfiles import read_csv_file, read_excel_file
from gotogether.errors import DataConsistencyError, InputError, did_you_mean

TABLES: Final = (
    "vendors",
    "market_shares",
    "component_classes",
    "class_responses",
    "technology_providers",
    "process_technologies",
    "suppliers",
    "deployments",
    "prices",
    "financials",
    "rival_assembly",
    "rival_bills",
    "handset_rivals",
    "enterprise_rivals",
)
"""The tables of the value network, in an order where every referenced table comes first."""

VALUE_COLUMN: Final = {
    "market_shares": "share",
    "component_classes": "cost_share",
    "class_responses": "value",
    "suppliers": "share",
    "process_technologies": "content_share",
    "technology_providers": "share",
    "deployments": "value",
    "prices": "value",
    "financials": "value",
    "rival_assembly": "share",
    "rival_bills": "share",
    "handset_rivals": "shipments",
    "enterprise_rivals": "share",
}
"""The column that ``low``/``high`` bracket, per table (vendors has no number)."""

SHARE_TOLERANCE: Final = 1e-6


@dataclass(frozen=True)
class TableOverride:
    """Replace (``mode="replace"``) or extend (``"extend"``) a packaged table with a user's CSV/Excel file
    at ``path``, or with ``frame`` (already read; ``path`` then names it in errors)."""

    table: str
    path: Path
    mode: Literal["replace", "extend"] = "replace"
    frame: pd.DataFrame | None = None


def read_schema() -> pd.DataFrame:
    """The schema table: one row per (table, column) with dtype, unit, allowed values and requirement."""
    with resources.files(__package__).joinpath("schema.csv").open(encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


def table_columns(schema: pd.DataFrame, table: str) -> list[dict[str, str]]:
    """The schema rows of ``table`` (each a dict by schema column): its own columns followed by the shared
    source columns."""
    names = [str(column) for column in schema.columns]
    cells = zip(*(schema[name].tolist() for name in names), strict=True)
    rows = [dict(zip(names, map(str, row), strict=True)) for row in cells]
    return [row for row in rows if row["table"] == table] + [row for row in rows if row["table"] == "*"]


def load_tables(overrides: tuple[TableOverride, ...] = ()) -> dict[str, pd.DataFrame]:
    """Read and validate every table, applying user overrides; returns table name -> DataFrame (copies:
    the caller may change them)."""
    tables = _validated_tables(overrides) if overrides else _packaged_tables()
    return {name: frame.copy() for name, frame in tables.items()}


@cache
def _packaged_tables() -> dict[str, pd.DataFrame]:
    """The packaged tables, validated once per process (a validation of every table costs about 0.4 s)."""
    return _validated_tables(())


def _validated_tables(overrides: tuple[TableOverride, ...]) -> dict[str, pd.DataFrame]:
    schema = read_schema()
    raw: dict[str, tuple[pd.DataFrame, str]] = {}
    for name in TABLES:
        with resources.files(__package__).joinpath(f"{name}.csv").open(encoding="utf-8") as handle:
            raw[name] = (pd.read_csv(handle, dtype=str, keep_default_na=False), f"{name}.csv")
    for override in overrides:
        if override.table not in TABLES:
            raise InputError(
                f"unknown table {override.table!r}{_suggest(override.table, TABLES)}",
                source=str(override.path),
                expected=f"one of {', '.join(TABLES)}",
            )
        user = (
            read_user_file(override.path, override.table)
            if override.frame is None
            else override.frame.astype(str)
        )
        if override.mode == "extend":
            base = raw[override.table][0]
            raw[override.table] = (pd.concat([base, user], ignore_index=True), str(override.path))
        else:
            raw[override.table] = (user, str(override.path))
    tables: dict[str, pd.DataFrame] = {}
    for name in TABLES:
        frame, source = raw[name]
        tables[name] = validate_table(name, frame, schema, tables, source=source)
    check_consistency(tables)
    return tables


def vendor_homes() -> dict[str, str]:
    """Vendor code -> home country, from the packaged vendors table."""
    vendors = load_tables()["vendors"]
    return dict(zip(vendors["vendor"], vendors["home_country"], strict=True))


def read_user_file(path: Path, table: str) -> pd.DataFrame:
    """A user's table from CSV or Excel (the sheet named like the table, else the first sheet), as text."""
    expected = f"a CSV or Excel file of table {table}"
    if path.suffix.lower() in {".xlsx", ".xlsm", ".xls"}:
        sheets = read_excel_file(path, expected)
        frame = sheets.get(table, next(iter(sheets.values())))
        return frame.astype(str)
    if path.suffix.lower() != ".csv":
        raise InputError(f"unsupported file type {path.suffix!r}", source=str(path), expected=".csv or .xlsx")
    return read_csv_file(path, expected, dtype=str, keep_default_na=False)


def validate_table(
    name: str,
    frame: pd.DataFrame,
    schema: pd.DataFrame,
    known: Mapping[str, pd.DataFrame],
    *,
    source: str,
    value_column: str | None = None,
) -> pd.DataFrame:
    """Check columns, types, allowed values and the source/assumption rules; return typed columns.

    ``known`` holds the tables already validated, for ``ref:table.column`` checks; ``value_column`` (default
    from ``VALUE_COLUMN``) is the column that ``low``/``high`` bracket, for tables kept outside this package.
    """
    specs = table_columns(schema, name)
    references: dict[str, list[str]] = {}
    for spec in specs:
        for option in spec["allowed"].split("|"):
            table, _, column = option.removeprefix("ref:").partition(".")
            if option.startswith("ref:") and table in known:
                references[option[4:]] = list(known[table][column])
    typed = validate_frame(frame, specs, source=source, references=references)
    _check_sources(typed, source, value_column or VALUE_COLUMN.get(name))
    return typed


def _check_sources(typed: pd.DataFrame, source: str, value_column: str | None) -> None:
    """Sourced rows need a URL; assumptions need a low-high range around the value. The first failing row
    is named (within a row, the rules in this order)."""
    assumption = (typed["confidence"] == "assumption").to_numpy()
    failing = [~assumption & (typed["source_url"] == "").to_numpy()]
    if value_column is not None:
        low, high = (typed[column].to_numpy(dtype=float) for column in ("low", "high"))
        value = typed[value_column].to_numpy()
        bracketed = ~np.isnan(low) & ~np.isnan(high)
        with np.errstate(invalid="ignore"):
            inside = (low <= value) & (value <= high)
        failing += [assumption & ~bracketed, bracketed & ~inside]
    failed = np.array(failing)
    if not failed.any():
        return
    row = int(failed.any(axis=0).argmax())
    line, rule = row + 2, int(failed[:, row].argmax())
    if rule == 0:
        raise InputError(
            "a sourced row needs source_url",
            source=source,
            location=f"row {line}, column source_url",
            expected="a URL, or confidence = assumption",
        )
    if rule == 1:
        raise InputError(
            "an assumption needs a low-high range",
            source=source,
            location=f"row {line}, columns low and high",
            expected=f"numbers bracketing {value_column}",
        )
    raise InputError(
        f"{value_column} {value[row]} lies outside its range [{low[row]}, {high[row]}]",
        source=source,
        location=f"row {line}, columns low, high, {value_column}",
        expected="low <= value <= high",
    )


def check_consistency(tables: Mapping[str, pd.DataFrame]) -> None:
    """Shares that must add to one: cost shares of each business, suppliers of each vendor and class,
    the firms of each rivals' bill, each rival's assembly countries, technology providers."""
    supplier_sums = tables["suppliers"].groupby(["vendor", "component_class"])["share"].sum()
    bill_sums = tables["rival_bills"].groupby("bill")["share"].sum()
    assembly_sums = tables["rival_assembly"].groupby("rival")["share"].sum()
    sums = [
        *[
            ("component_classes", total, f"the {business} business's classes")
            for business, total in tables["component_classes"].groupby("business")["cost_share"].sum().items()
        ],
        *[("suppliers", total, f"vendor and class {key}") for key, total in supplier_sums.items()],
        *[("rival_bills", total, f"the rivals' bill {bill}") for bill, total in bill_sums.items()],
        *[("rival_assembly", total, f"rival {rival}'s assembly") for rival, total in assembly_sums.items()],
        *[
            ("technology_providers", total, f"technology {tech}")
            for tech, total in tables["technology_providers"].groupby("technology")["share"].sum().items()
        ],
    ]
    for table, total, group in sums:
        if abs(total - 1.0) > SHARE_TOLERANCE:
            raise DataConsistencyError(
                f"shares of {group} sum to {total:.6f}", source=f"{table} table", expected="a sum of 1"
            )


def _suggest(value: str, choices: list[str] | tuple[str, ...]) -> str:
    return did_you_mean(value, choices, form=" ({})")
