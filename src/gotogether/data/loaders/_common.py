"""Helpers shared by the loaders: numeric blocks with named bad cells, years from file and sheet names."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from gotogether.errors import InputError


def numeric(cells: np.ndarray, *, source: str, expected: str, origin: tuple[int, int]) -> np.ndarray:
    """The numeric part of a grid of cells (empty cells are zero); names the first cell that is not a
    finite number (text, "nan", "inf")."""
    frame = pd.DataFrame(cells)
    converted = frame.apply(pd.to_numeric, errors="coerce")
    bad = ~np.isfinite(converted.to_numpy(dtype=float)) & frame.notna().to_numpy()
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise InputError(
            f"non-numeric value {cells[r, c]!r}",
            source=source,
            location=f"row {r + origin[0] + 1}, column {c + origin[1] + 1}",
            expected=expected,
        )
    result: np.ndarray = converted.fillna(0.0).to_numpy(dtype=float)
    return result


def year_from(*texts: str) -> int | None:
    """The last four-digit year (1950-2099) in the first text that has one (a sheet name ``2014``, a file
    ``WIOT2014_Nov16_ROW.xlsb`` or ``ICIO2021_2018.csv``); a two-digit ``wiot11_`` counts as 2011."""
    for text in texts:
        found = re.findall(r"(19[5-9]\d|20\d\d)", text)
        if found:
            return int(found[-1])  # ICIO2021_2018.csv: the edition comes first, the year last
        short = re.search(r"wiot(\d\d)_", text, flags=re.IGNORECASE)
        if short:
            two = int(short.group(1))
            return 1900 + two if two >= 50 else 2000 + two
    return None


def cells_from_rows(rows: list[list[object]]) -> np.ndarray:
    """A rectangular object array of a sheet's rows (short rows padded with None)."""
    width = max((len(row) for row in rows), default=0)
    cells = np.empty((len(rows), width), dtype=object)
    for i, row in enumerate(rows):
        cells[i, : len(row)] = row
    return cells
