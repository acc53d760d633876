"""The value network's table rows an ensemble samples: rows with a ``low``-``high`` range, drawn per draw.

Every row of the rivals' tables (``RANGED_TABLES``) whose ``low`` and ``high`` are given is uncertain in
the model's ensembles: ``ranged_rows`` gives each one a triangular distribution on [low, high] peaking at
the table's value (the value of deterministic runs), named ``valuenet:<table>:<key>/<key>/...`` by the
table's key columns (``row_name``). ``with_drawn_rows`` puts a draw's values into copies of the tables and
then divides each group that must sum to one by its sum (a bill's firms, a rival's assembly countries, a
vendor's own sales by market), so a row may end slightly outside its range after the division; the rivals'
shares of a market are left as drawn, since the diversion weights only use their ratios.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from gotogether.data.parameters.distributions import Distribution, Triangular
from gotogether.errors import DataConsistencyError

PREFIX: Final = "valuenet:"
"""The start of a table row's name (parameter names are ``<engine>.<name>``: no clash)."""


@dataclass(frozen=True)
class RangedTable:
    """A table whose ranged rows are sampled: its value column, the columns naming a row, and the column
    whose groups sum to one (``group_rows``: only the rows whose ``bill`` is that, e.g. the vendors' own)."""

    value: str
    keys: tuple[str, ...]
    group: str
    group_rows: str | None = None


RANGED_TABLES: Final = {
    "rival_bills": RangedTable("share", ("bill", "firm", "made_in"), "bill"),
    "rival_assembly": RangedTable("share", ("rival", "country"), "rival"),
    "enterprise_rivals": RangedTable("share", ("vendor", "market", "rival"), "vendor", group_rows="own"),
}
"""The tables sampled, all read after the supply engine (who gains the sales a measure takes from a
vendor): drawing them reruns no engine."""


def row_name(table: str, keys: tuple[object, ...]) -> str:
    """The name of a table row in an ensemble's parameters, e.g. ``valuenet:rival_assembly:samsung/IND``."""
    return f"{PREFIX}{table}:{'/'.join(map(str, keys))}"


def is_row_name(name: str) -> bool:
    """Whether ``name`` names a table row (``row_name``), not a parameter of the parameter table."""
    return name.startswith(PREFIX)


def split_rows(values: Mapping[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    """``values`` (an ensemble draw) as (the parameter table's values, the table rows' values)."""
    rows = {name: value for name, value in values.items() if is_row_name(name)}
    return {name: value for name, value in values.items() if name not in rows}, rows


def ranged_rows(tables: Mapping[str, pd.DataFrame]) -> dict[str, Distribution]:
    """Triangular(low, value, high) of every row with a range of the ``RANGED_TABLES`` of ``tables``
    (validated: ``valuenet.load_tables``)."""
    distributions: dict[str, Distribution] = {}
    for table, spec in RANGED_TABLES.items():
        frame = tables[table]
        ranged = frame[frame["low"].notna() & frame["high"].notna()]
        for keys, low, mode, high in zip(
            zip(*(ranged[key] for key in spec.keys), strict=True),
            ranged["low"],
            ranged[spec.value],
            ranged["high"],
            strict=True,
        ):
            name = row_name(table, keys)
            if name in distributions:
                raise DataConsistencyError(
                    f"two rows with a range are named {name}",
                    source=f"{table} table",
                    expected=f"one row per {', '.join(spec.keys)}",
                )
            distributions[name] = Triangular(low=low, mode=mode, high=high)
    return distributions


def with_drawn_rows(
    tables: Mapping[str, pd.DataFrame], values: Mapping[str, float]
) -> dict[str, pd.DataFrame]:
    """Copies of the ``RANGED_TABLES`` of ``tables`` with the rows ``values`` names (``row_name``) at their
    drawn value, each group that sums to one divided by its sum; a KeyError names a row no table has."""
    drawn: dict[str, pd.DataFrame] = {}
    for table, spec in RANGED_TABLES.items():
        frame = tables[table].copy()
        names = [row_name(table, keys) for keys in zip(*(frame[key] for key in spec.keys), strict=True)]
        position = {name: row for row, name in enumerate(names)}
        column = frame[spec.value].to_numpy(dtype=float, copy=True)
        for name, value in values.items():
            if name.startswith(f"{PREFIX}{table}:"):
                column[position[name]] = value
        grouped = np.ones(len(frame), dtype=bool)
        if spec.group_rows is not None:
            grouped = (frame["bill"] == spec.group_rows).to_numpy()
        in_group = pd.Series(np.where(grouped, column, 0.0))
        totals = in_group.groupby(frame[spec.group].to_numpy()).transform("sum").to_numpy()
        frame[spec.value] = np.where(grouped, column / np.where(grouped, totals, 1.0), column)
        drawn[table] = frame
    return drawn
