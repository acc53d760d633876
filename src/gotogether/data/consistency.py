"""Consistency checks of an ``IOTable``: accounting identities, signs, empty sectors, labels.

Each check is a small pure function from a table to a list of ``Finding`` (empty when the table passes).
``check_consistency`` runs them all and, by default, turns every finding into an ``IOTableWarning`` that
names the cells, e.g. ``(DEU, c14)``; with ``strict=True`` the first finding raises
``DataConsistencyError`` instead.

Tolerances of the balance checks: a (region, sector) is out of balance when
``|difference| > atol + rtol * |x|`` with, by default, ``rtol = 1e-3`` and ``atol = 1e-6`` times the
table's total gross output. The absolute part absorbs rounding to whole units in published tables (the
WIOD 2013 R distribution is rounded to whole millions: its rows miss gross output by up to 108 on a world
total of 141.8 million); the relative part catches real errors in large cells. Signs are checked exactly
(any value below zero counts), except that final demand in inventory-change categories may be negative.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

import numpy as np
import pandas as pd

from gotogether.dims import CATEGORY
from gotogether.errors import DataConsistencyError

if TYPE_CHECKING:
    from gotogether.data.iotable import IOTable

DEFAULT_RTOL: Final = 1e-3
"""Relative tolerance of the row and column balance checks."""

DEFAULT_ATOL_SHARE: Final = 1e-6
"""Absolute tolerance of the balance checks, as a share of the table's total gross output."""

INVENTORY_CATEGORIES: Final = frozenset(
    {"INVEN", "INVNT", "Changes in inventories", "Changes in valuables", "P52", "P53"}
)
"""Final-demand categories that record changes in inventories or valuables, which may be negative."""

MAX_CELLS_NAMED: Final = 5
"""How many cells a warning or error names before it summarises the rest as a count."""


Validation = Literal["warn", "strict", "skip"]
"""What a loader does with findings: warn (the default), raise on the first, or skip the checks."""


class IOTableWarning(UserWarning):
    """An input-output table breaks an identity or holds suspicious values (see ``check_consistency``)."""


@dataclass(frozen=True)
class Finding:
    """One failed check: its name, the cells concerned, what was found and what was expected."""

    check: str
    cells: tuple[str, ...]
    problem: str
    expected: str

    def describe(self) -> str:
        shown = ", ".join(self.cells[:MAX_CELLS_NAMED])
        more = f" and {len(self.cells) - MAX_CELLS_NAMED} more" if len(self.cells) > MAX_CELLS_NAMED else ""
        return f"{self.check}: {self.problem} at {shown}{more} (expected {self.expected})"


def _label(key: object) -> str:
    """``("DEU", "c14")`` -> ``"(DEU, c14)"``; a plain label stays as it is."""
    if isinstance(key, tuple):
        return "(" + ", ".join(str(part) for part in key) + ")"
    return str(key)


def _absolute_tolerance(table: IOTable, atol: float | None) -> float:
    return DEFAULT_ATOL_SHARE * float(np.abs(table.x.to_numpy(dtype=float)).sum()) if atol is None else atol


def _imbalance(name: str, total: pd.Series, table: IOTable, rtol: float, atol: float | None) -> list[Finding]:
    absolute = _absolute_tolerance(table, atol)
    difference = total.to_numpy(dtype=float) - table.x.to_numpy(dtype=float)
    off = np.abs(difference) > absolute + rtol * np.abs(table.x.to_numpy(dtype=float))
    if not off.any():
        return []
    order = np.argsort(-np.abs(difference[off]))
    labels = table.x.index[off][order]
    cells = tuple(
        f"{_label(key)} by {value:+.6g}" for key, value in zip(labels, difference[off][order], strict=True)
    )
    return [
        Finding(
            name,
            cells,
            f"{off.sum()} of {off.size} (region, sector) miss gross output",
            f"|difference| <= {absolute:.6g} + {rtol:g} * x",
        )
    ]


def row_balance(table: IOTable, *, rtol: float = DEFAULT_RTOL, atol: float | None = None) -> list[Finding]:
    """Sales: the Z row plus the Y row of each (region, sector) equal its gross output x."""
    return _imbalance("row balance", table.Z.sum(axis=1) + table.Y.sum(axis=1), table, rtol, atol)


def column_balance(table: IOTable, *, rtol: float = DEFAULT_RTOL, atol: float | None = None) -> list[Finding]:
    """Costs: the Z column plus the value-added column of each (region, sector) equal its gross output."""
    return _imbalance("column balance", table.Z.sum(axis=0) + table.va.sum(axis=0), table, rtol, atol)


def _negative_cells(block: pd.DataFrame | pd.Series, name: str) -> tuple[str, ...]:
    values = block.to_numpy(dtype=float)
    if values.ndim == 1:
        return tuple(
            f"{name}{_label(block.index[int(i)])} = {values[i]:.6g}" for i in np.flatnonzero(values < 0)
        )
    rows, cols = np.nonzero(values < 0)
    frame = block if isinstance(block, pd.DataFrame) else block.to_frame()
    return tuple(
        f"{name}[{_label(frame.index[int(r)])}, {_label(frame.columns[int(c)])}] = {values[r, c]:.6g}"
        for r, c in zip(rows, cols, strict=True)
    )


def negative_entries(table: IOTable) -> list[Finding]:
    """Intermediate flows, gross output and final demand outside inventory changes are not negative.

    Value added is not checked: its components (taxes less subsidies, cif/fob adjustments) may be negative.
    """
    inventories = table.Y.columns.get_level_values(CATEGORY).isin(list(INVENTORY_CATEGORIES))
    findings = []
    for name, block in (("Z", table.Z), ("Y", table.Y.loc[:, ~inventories]), ("x", table.x)):
        cells = _negative_cells(block, name)
        if cells:
            problem = f"{len(cells)} negative values"
            findings.append(Finding("negative entries", cells, problem, "values >= 0"))
    return findings


def zero_rows_and_columns(table: IOTable) -> list[Finding]:
    """(region, sector) that sell nothing (Z and Y rows all zero) or buy nothing (Z and va columns zero)."""
    findings = []
    sells = (table.Z.to_numpy() != 0).any(axis=1) | (table.Y.to_numpy() != 0).any(axis=1)
    buys = (table.Z.to_numpy() != 0).any(axis=0) | (table.va.to_numpy() != 0).any(axis=0)
    for name, active, what in (("zero rows", sells, "sell nothing"), ("zero columns", buys, "buy nothing")):
        if not active.all():
            cells = tuple(_label(key) for key in table.Z.index[~active])
            findings.append(
                Finding(name, cells, f"{len(cells)} (region, sector) {what}", "a sector with some output")
            )
    return findings


def _difference(a: pd.Index, b: pd.Index) -> tuple[str, ...]:
    return tuple(_label(key) for key in a.difference(b)) + tuple(_label(key) for key in b.difference(a))


def label_mismatches(table: IOTable) -> list[Finding]:
    """Z rows and columns, Y rows, va columns and x share the same (region, sector) labels in the same
    order, and final demand is bought by the table's regions."""
    reference = table.Z.index
    blocks = {
        "Z columns": table.Z.columns,
        "Y rows": table.Y.index,
        "va columns": table.va.columns,
        "x": table.x.index,
    }
    findings = []
    for name, labels in blocks.items():
        if not labels.equals(reference):
            differing = _difference(labels, reference) or ("(order differs)",)
            findings.append(
                Finding("label mismatch", differing, f"{name} differ from Z rows", "the same labels in order")
            )
    buyers = pd.Index(table.Y.columns.get_level_values(0).unique())
    strangers = buyers.difference(pd.Index(table.regions))
    if len(strangers):
        findings.append(
            Finding(
                "label mismatch",
                tuple(str(r) for r in strangers),
                "final demand by regions absent from Z",
                "final-demand regions among the table's regions",
            )
        )
    return findings


def find_inconsistencies(
    table: IOTable, *, rtol: float = DEFAULT_RTOL, atol: float | None = None
) -> list[Finding]:
    """Every finding of every check; balance checks are skipped when the labels already disagree."""
    findings = label_mismatches(table)
    if findings:
        return findings
    return [
        *row_balance(table, rtol=rtol, atol=atol),
        *column_balance(table, rtol=rtol, atol=atol),
        *negative_entries(table),
        *zero_rows_and_columns(table),
    ]


def check_consistency(
    table: IOTable, *, strict: bool = False, rtol: float = DEFAULT_RTOL, atol: float | None = None
) -> list[Finding]:
    """Run every check: warn (``IOTableWarning``) for each finding, or raise on the first if ``strict``.

    Returns the findings so that callers can act on them.
    """
    findings = find_inconsistencies(table, rtol=rtol, atol=atol)
    for finding in findings:
        if strict:
            raise DataConsistencyError(
                f"{finding.check}: {finding.problem}",
                source=table.source,
                location=", ".join(finding.cells[:MAX_CELLS_NAMED]),
                expected=finding.expected,
            )
        warnings.warn(f"{table.source}: {finding.describe()}", IOTableWarning, stacklevel=2)
    return findings


def validated(table: IOTable, validate: Validation) -> IOTable:
    """``table`` after running the checks as ``validate`` says; loaders end with this."""
    if validate != "skip":
        check_consistency(table, strict=validate == "strict")
    return table
