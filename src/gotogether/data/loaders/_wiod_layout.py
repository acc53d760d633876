"""The WIOD spreadsheet layout shared by the 2013 Excel files and the 2016 xlsb files and RData frames.

A WIOD world input-output table is one grid. Rows: one per (country, industry) supplying, then primary
inputs at the bottom (total intermediate consumption, taxes less subsidies, cif/fob adjustments, direct
purchases, value added, international transport margins, output at basic prices). Columns: one per
(country, industry) using, then final demand by country and category, then total output. This module turns
such a grid, once its row and column keys are known, into an ``IOTable``; the readers of each file format
only find the keys.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gotogether.data.classifications import read_classification
from gotogether.data.iotable import IOTable
from gotogether.data.loaders._common import numeric
from gotogether.dims import CATEGORY, REGION, SECTOR
from gotogether.errors import InputError

TOTAL_REGION = "TOT"


def _normalised(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().lower()


def primary_input_roles() -> dict[str, tuple[str, str]]:
    """Normalised description or code of each bottom row -> (code, role: total, value_added or output)."""
    table = read_classification("wiod_primary_inputs")
    roles: dict[str, tuple[str, str]] = {}
    for code, name, role in table[["code", "name", "role"]].itertuples(index=False):
        roles[_normalised(name)] = (code, role)
        roles[_normalised(code)] = (code, role)
    return roles


def final_demand_codes() -> dict[str, str]:
    """Normalised description or code of each final-demand category -> its code (CONS_h ... INVEN)."""
    table = read_classification("wiod2016_final_demand")
    codes = {_normalised(name): code for code, name in zip(table["code"], table["name"], strict=True)}
    codes.update({_normalised(code): code for code in table["code"]})
    return codes


@dataclass(frozen=True)
class Key:
    """What one row or column of the grid holds: a sector, a final-demand category, a primary input or a
    total (``kind`` one of sector, final, value_added, output, total), for ``region``."""

    kind: str
    region: str
    item: str


def assemble(
    values: np.ndarray,
    rows: Sequence[Key],
    columns: Sequence[Key],
    *,
    source: str,
    expected: str,
    unit: str,
    year: int | None,
) -> IOTable:
    """Split the numeric grid ``values`` (rows x columns) into the blocks of an ``IOTable``.

    Gross output is the "Output at basic prices" row when the grid has it, else the total-output column.
    Value added keeps every primary-input row (taxes less subsidies, value added at basic prices, ...), so
    that Z column sums plus value added equal gross output as in the source.
    """
    kinds_r = np.array([key.kind for key in rows])
    kinds_c = np.array([key.kind for key in columns])
    z_rows, z_cols = np.flatnonzero(kinds_r == "sector"), np.flatnonzero(kinds_c == "sector")
    row_labels = [(rows[i].region, rows[i].item) for i in z_rows.tolist()]
    col_labels = [(columns[j].region, columns[j].item) for j in z_cols.tolist()]
    if not z_rows.size or row_labels != col_labels:
        first = next(
            (f"row {r} vs column {c}" for r, c in zip(row_labels, col_labels, strict=False) if r != c),
            f"{len(row_labels)} industry rows vs {len(col_labels)} industry columns",
        )
        raise InputError(
            f"industry rows and columns disagree ({first})",
            source=source,
            location="labels",
            expected=expected,
        )
    index = pd.MultiIndex.from_tuples(row_labels, names=[REGION, SECTOR])
    fd_cols = np.flatnonzero(kinds_c == "final")
    fd_index = pd.MultiIndex.from_tuples(
        [(columns[j].region, columns[j].item) for j in fd_cols.tolist()], names=[REGION, CATEGORY]
    )
    va_rows = np.flatnonzero(kinds_r == "value_added")
    output_rows, output_cols = np.flatnonzero(kinds_r == "output"), np.flatnonzero(kinds_c == "output")
    if output_rows.size:
        x = values[output_rows[0], z_cols]
    elif output_cols.size:
        x = values[z_rows, output_cols[0]]
    else:
        raise InputError("no gross output row or column", source=source, expected=expected)
    return IOTable(
        Z=pd.DataFrame(values[np.ix_(z_rows, z_cols)], index=index, columns=index),
        Y=pd.DataFrame(values[np.ix_(z_rows, fd_cols)], index=index, columns=fd_index),
        va=pd.DataFrame(
            values[np.ix_(va_rows, z_cols)],
            index=pd.Index([rows[i].item for i in va_rows.tolist()]),
            columns=index,
        ),
        x=pd.Series(np.asarray(x, dtype=float), index=index, name="gross_output"),
        unit=unit,
        year=year,
        source=source,
    )


# Positions in the spreadsheet layout (0-based): header rows with industry code, description, country and
# column number (c1, c2, ...); data from row 6 and column 4, whose left columns repeat code, description,
# country and row number.
CODE_ROW, DESCRIPTION_ROW, COUNTRY_ROW, NUMBER_ROW = 2, 3, 4, 5
FIRST_DATA_ROW, FIRST_DATA_COLUMN = 6, 4
_NUMBER = re.compile(r"^[rc](\d+)$")


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value).strip()


def _item(code: object, number: object, labels: str) -> str | None:
    """The sector label of a row or column: ``c<n>`` from its number, or its industry code."""
    found = _NUMBER.match(_text(number))
    if not found:
        return None
    return f"c{int(found.group(1))}" if labels == "number" else _text(code)


def keys_from_sheet(
    cells: np.ndarray, *, labels: str, source: str, expected: str
) -> tuple[list[Key], list[Key]]:
    """Row and column keys of a WIOD sheet (2013 Excel or 2016 xlsb); ``labels`` is ``"number"`` for
    sector labels c1, c2, ... or ``"code"`` for the industry codes (A01, C26, ...)."""
    if cells.ndim != 2 or cells.shape[0] <= FIRST_DATA_ROW or cells.shape[1] <= FIRST_DATA_COLUMN:
        raise InputError(f"sheet of shape {cells.shape} is too small", source=source, expected=expected)
    if not _NUMBER.match(_text(cells[NUMBER_ROW, FIRST_DATA_COLUMN])):
        raise InputError(
            f"found {_text(cells[NUMBER_ROW, FIRST_DATA_COLUMN])!r} where column number c1 belongs",
            source=source,
            location=f"row {NUMBER_ROW + 1}, column {FIRST_DATA_COLUMN + 1}",
            expected=expected,
        )
    demand, inputs = final_demand_codes(), primary_input_roles()
    columns = []
    for j in range(FIRST_DATA_COLUMN, cells.shape[1]):
        code, description = _text(cells[CODE_ROW, j]), _text(cells[DESCRIPTION_ROW, j])
        region = _text(cells[COUNTRY_ROW, j])
        category = demand.get(_normalised(code)) or demand.get(_normalised(description))
        sector = _item(code, cells[NUMBER_ROW, j], labels)
        if category:
            columns.append(Key("final", region, category))
        elif region == TOTAL_REGION or _normalised(description).startswith("total") or code == "GO":
            columns.append(Key("output", region, "GO"))
        elif sector:
            columns.append(Key("sector", region, sector))
        else:
            raise InputError(
                f"column header {code!r} / {description!r} is neither an industry nor final demand",
                source=source,
                location=f"column {j + 1}",
                expected=expected,
            )
    rows = []
    for i in range(FIRST_DATA_ROW, cells.shape[0]):
        code, description, region = (_text(cells[i, k]) for k in range(3))
        role = inputs.get(_normalised(description)) or inputs.get(_normalised(code))
        sector = _item(code, cells[i, 3], labels)
        if role:
            kind = {"value_added": "value_added", "output": "output"}.get(role[1], "total")
            rows.append(Key(kind, TOTAL_REGION, role[0]))
        elif sector and region:
            rows.append(Key("sector", region, sector))
        elif not any(_text(v) for v in cells[i]):
            rows.append(Key("empty", "", ""))
        else:
            raise InputError(
                f"row label {code!r} / {description!r} is neither an industry nor a primary input",
                source=source,
                location=f"row {i + 1}",
                expected=expected,
            )
    return rows, columns


def table_from_sheet(
    cells: np.ndarray, *, labels: str, source: str, expected: str, unit: str, year: int | None
) -> IOTable:
    """An ``IOTable`` from the cells of a WIOD sheet (see ``keys_from_sheet``)."""
    rows, columns = keys_from_sheet(cells, labels=labels, source=source, expected=expected)
    values = numeric(
        cells[FIRST_DATA_ROW:, FIRST_DATA_COLUMN:],
        source=source,
        expected=expected,
        origin=(FIRST_DATA_ROW, FIRST_DATA_COLUMN),
    )
    return assemble(values, rows, columns, source=source, expected=expected, unit=unit, year=year)
