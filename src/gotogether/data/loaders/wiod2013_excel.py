"""Reader of the WIOD 2013 release in its original Excel layout (``WIOT11_ROW_Sep12.xlsx`` and siblings).

One sheet: rows 1-2 a title ("World Input-Output Table 2011" ...), rows 3-6 the column headers (industry
code, description, country, column number c1..c35 then final-demand columns c37.. and total output), from
row 7 one row per (country, industry) with code, description, country and number in columns A-D, then the
primary-input rows (total intermediate consumption, taxes less subsidies, cif/fob adjustments, direct
purchases abroad and by non-residents, value added at basic prices, international transport margins,
output at basic prices). 41 regions x 35 industries, millions of current USD. Sectors are labelled c1..c35
as in the RData release, so both readers give the same labels.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

from gotogether.data.consistency import Validation, validated
from gotogether.data.iotable import IOTable
from gotogether.data.loaders._common import cells_from_rows, year_from
from gotogether.data.loaders._wiod_layout import table_from_sheet
from gotogether.errors import InputError

EXPECTED = (
    "a WIOD 2013 world input-output table in its Excel layout (.xlsx): header rows 3-6 with industry "
    "code, description, country and c-number, data from row 7 and column E, primary inputs at the bottom"
)


def read_sheet_cells(path: Path, *, expected: str) -> tuple[np.ndarray, str]:
    """All cell values of the first sheet of an .xlsx file, and the sheet's name."""
    import openpyxl  # type: ignore[import-untyped]
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError("file not found", source=str(path)) from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise InputError(
            f"not a readable .xlsx workbook ({error})", source=str(path), expected=expected
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        name = sheet.title
    finally:
        workbook.close()
    return cells_from_rows(rows), name


def read_wiod2013_excel(path: str | Path, *, validate: Validation = "warn") -> IOTable:
    """Read a WIOD 2013 ``WIOTyy_ROW_*.xlsx`` file into an ``IOTable`` (millions of current USD).

    Value added holds every primary-input row of the file (TXSP, EXP_adj, PURR, PURNR, VA, IntTTM), so that
    its sum closes the columns; ``validate`` runs the consistency checks (warn, ``"strict"`` or skip).
    """
    path = Path(path)
    cells, sheet = read_sheet_cells(path, expected=EXPECTED)
    title = str(cells[0, 0]) if cells.size else ""
    table = table_from_sheet(
        cells,
        labels="number",
        source=f"WIOD 2013 release ({path.name})",
        expected=EXPECTED,
        unit="millions of current USD",
        year=year_from(title, sheet, path.name),
    )
    return validated(table, validate)
