"""The table rows an ensemble samples: rows with a ``low``-``high`` range, drawn per draw.

Every row of the value network's suppliers' and rivals' tables (``RANGED_TABLES``) and of the rollout's
tables (``data.rollout.ranged.ROLLOUT_TABLES``, the same mechanism) whose ``low`` is below its ``high`` is
uncertain in the model's ensembles: ``ranged_rows`` gives each one a triangular distribution on [low, high]
peaking at the table's value (the value of deterministic runs), named ``<family>:<table>:<key>/<key>/...``
by the table's family (``valuenet``, ``rollout``) and key columns (``row_name``). ``with_drawn_rows`` puts a
draw's values into copies of the tables, rounds the rows that are whole numbers (years) and then divides
each group that must sum to one by its sum (a vendor's firms of a component class, a bill's firms, a
rival's assembly countries, a vendor's own sales by market, a region's 4G vendors), so a row may end
slightly outside its range after the division (a group of one row is always 1); the rivals' shares of a
market are left as drawn, since the diversion weights only use their ratios.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from gotogether.data.parameters.distributions import Distribution, Triangular
from gotogether.errors import DataConsistencyError

FAMILIES: Final = ("valuenet", "rollout")
"""The first part of a table row's name (parameter names are ``<engine>.<name>``: no clash)."""

Rows = tuple[tuple[str, object], ...]
"""Rows of a table by the values of some of its columns, e.g. ``(("bill", "own"),)``; () every row."""


@dataclass(frozen=True)
class RangedTable:
    """A table whose ranged rows are sampled: its value column, the columns naming a row, the columns
    whose groups sum to one ((): no group; ``group_rows``: only those rows, e.g. the vendors'
    own sales), the rows sampled (``drawn_rows``: the rows the model reads) and the rows whose draw is rounded
    to a whole number (``whole_rows``: years the engine compares with its whole years)."""

    value: str
    keys: tuple[str, ...]
    group: tuple[str, ...]
    group_rows: Rows = ()
    drawn_rows: Rows = ()
    whole_rows: Rows | None = None
    family: str = "valuenet"


RANGED_TABLES: Final = {
    "suppliers": RangedTable("share", ("component_class", "vendor", "firm"), ("component_class", "vendor")),
    "rival_bills": RangedTable("share", ("bill", "firm", "made_in"), ("bill",)),
    "rival_assembly": RangedTable("share", ("rival", "country"), ("rival",)),
    "enterprise_rivals": RangedTable(
        "share", ("vendor", "market", "rival"), ("vendor",), group_rows=(("bill", "own"),)
    ),
}
"""The value network's tables sampled: the suppliers (each vendor's firms of a class, ``vendor = *`` the
vendors without rows of their own), read by the supply engine (``engines.supply.network``: a draw replaces
the network's share matrix, ``ValueNetwork.with_supplier_shares``), and the rivals, read after it (who gains
the sales a measure takes from a vendor)."""


def row_name(table: str, keys: tuple[object, ...], family: str = "valuenet") -> str:
    """The name of a table row in an ensemble's parameters, e.g. ``valuenet:rival_assembly:samsung/IND``."""
    return f"{family}:{table}:{'/'.join(map(str, keys))}"


def is_row_name(name: str) -> bool:
    """Whether ``name`` names a table row (``row_name``), not a parameter of the parameter table."""
    return name.split(":", 1)[0] in FAMILIES


def _matching(frame: pd.DataFrame, rows: Rows) -> npt.NDArray[np.bool_]:
    """Whether each row of ``frame`` has the column values of ``rows``."""
    match = np.ones(len(frame), dtype=bool)
    for column, value in rows:
        match &= (frame[column] == value).to_numpy()
    return match


def split_rows(values: Mapping[str, float]) -> tuple[dict[str, float], dict[str, float]]:
    """``values`` (an ensemble draw) as (the parameter table's values, the table rows' values)."""
    rows = {name: value for name, value in values.items() if is_row_name(name)}
    return {name: value for name, value in values.items() if name not in rows}, rows


def ranged_rows(
    tables: Mapping[str, pd.DataFrame], specs: Mapping[str, RangedTable] = RANGED_TABLES
) -> dict[str, Distribution]:
    """Triangular(low, value, high) of every drawn row with a range (``low`` below ``high``: a row with
    both equal is known) of the tables ``specs`` names in ``tables`` (validated: ``valuenet.load_tables``,
    ``data.rollout.ranged.rollout_tables``)."""
    distributions: dict[str, Distribution] = {}
    for table, spec in specs.items():
        frame = tables[table]
        ranged = frame[(frame["low"] < frame["high"]).to_numpy() & _matching(frame, spec.drawn_rows)]
        for keys, low, mode, high in zip(
            zip(*(ranged[key] for key in spec.keys), strict=True),
            ranged["low"],
            ranged[spec.value],
            ranged["high"],
            strict=True,
        ):
            name = row_name(table, keys, spec.family)
            if name in distributions:
                raise DataConsistencyError(
                    f"two rows with a range are named {name}",
                    source=f"{table} table",
                    expected=f"one row per {', '.join(spec.keys)}",
                )
            distributions[name] = Triangular(low=low, mode=mode, high=high)
    return distributions


def with_drawn_rows(
    tables: Mapping[str, pd.DataFrame],
    values: Mapping[str, float],
    specs: Mapping[str, RangedTable] = RANGED_TABLES,
) -> dict[str, pd.DataFrame]:
    """Copies of the tables ``specs`` names in ``tables`` with the rows ``values`` names (``row_name``) at
    their drawn value, whole rows rounded, each group that sums to one divided by its sum; a KeyError names
    a row no table has."""
    drawn: dict[str, pd.DataFrame] = {}
    for table, spec in specs.items():
        frame = tables[table].copy()
        keys = zip(*(frame[key] for key in spec.keys), strict=True)
        position = {row_name(table, row, spec.family): at for at, row in enumerate(keys)}
        column = frame[spec.value].to_numpy(dtype=float, copy=True)
        for name, value in values.items():
            if name.startswith(f"{spec.family}:{table}:"):
                column[position[name]] = value
        if spec.whole_rows is not None:
            column = np.where(_matching(frame, spec.whole_rows), np.round(column), column)
        drawn[table] = frame
        if not spec.group:
            frame[spec.value] = column
            continue
        grouped = _matching(frame, spec.group_rows)
        in_group = pd.Series(np.where(grouped, column, 0.0))
        by = [frame[name].to_numpy() for name in spec.group]
        totals = in_group.groupby(by).transform("sum").to_numpy()
        frame[spec.value] = np.where(grouped, column / np.where(grouped, totals, 1.0), column)
    return drawn
