"""Readers of the WIOD 2016 release: the ``WIOT20yy_Nov16_ROW.xlsb`` sheets and the
``WIOT20yy_October16_ROW.RData`` files. 43 countries and ROW x 56 industries (A01 ... U), final demand
CONS_h, CONS_np, CONS_g, GFCF, INVEN, millions of current USD.

The xlsb sheet has the same layout as the 2013 Excel files (see ``_wiod_layout``): header rows with industry
code, description, country (TOT for totals) and column number c1..c56, c57..c61 for final demand, c62 for
gross output; data rows labelled by code, description, country and r-number; primary inputs at the bottom
(II_fob, TXSP, EXP_adj, PURR, PURNR, VA, IntTTM, GO). The RData file holds one data frame ``wiot`` with the
same rows: columns IndustryCode, IndustryDescription, Country, RNr, Year, then one column per country and
number (AUS1 ... ROW56, AUS57 ... ROW61) and TOT. Sectors are labelled by industry code.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from gotogether.data.classifications import read_classification
from gotogether.data.consistency import Validation, validated
from gotogether.data.iotable import IOTable
from gotogether.data.loaders._common import cells_from_rows, numeric, year_from
from gotogether.data.loaders._wiod_layout import (
    TOTAL_REGION,
    Key,
    assemble,
    primary_input_roles,
    table_from_sheet,
)
from gotogether.data.loaders.wiod2013 import read_rdata_list
from gotogether.errors import InputError

UNIT = "millions of current USD"
EXPECTED_XLSB = (
    "a WIOD 2016 world input-output table in its xlsb layout: header rows 3-6 with industry code, "
    "description, country and c-number, data from row 7 and column E, primary inputs at the bottom"
)
EXPECTED_RDATA = (
    "an R data file holding the data frame wiot with IndustryCode, IndustryDescription, Country, RNr, "
    "Year, country-number columns (AUS1 ... ROW61) and TOT (WIOD 2016 release)"
)
_LABEL_COLUMNS = ["IndustryCode", "IndustryDescription", "Country", "RNr", "Year"]


def _xlsb_cells(path: Path) -> tuple[np.ndarray, str]:
    import pyxlsb

    try:
        workbook = pyxlsb.open_workbook(str(path))
    except FileNotFoundError:
        raise InputError("file not found", source=str(path)) from None
    except Exception as error:  # pyxlsb raises bare zipfile and struct errors on foreign files
        raise InputError(
            f"not a readable .xlsb workbook ({error})", source=str(path), expected=EXPECTED_XLSB
        ) from None
    with workbook:
        name = workbook.sheets[0]
        with workbook.get_sheet(1) as sheet:
            rows = [[cell.v for cell in row] for row in sheet.rows()]
    return cells_from_rows(rows), str(name)


def read_wiod2016_xlsb(path: str | Path, *, validate: Validation = "warn") -> IOTable:
    """Read a WIOD 2016 ``.xlsb`` world input-output table into an ``IOTable`` (millions of current USD).

    Value added holds every primary-input row (TXSP, EXP_adj, PURR, PURNR, VA, IntTTM); gross output is the
    GO row. ``validate`` runs the consistency checks (warn, ``"strict"`` or skip).
    """
    path = Path(path)
    cells, sheet = _xlsb_cells(path)
    table = table_from_sheet(
        cells,
        labels="code",
        source=f"WIOD 2016 release ({path.name})",
        expected=EXPECTED_XLSB,
        unit=UNIT,
        year=year_from(sheet, path.name),
    )
    return validated(table, validate)


def _frame_keys(frame: pd.DataFrame, *, source: str) -> tuple[list[Key], list[Key]]:
    """Row keys from the label columns and column keys from the names (AUS1, ROW61, TOT) of ``wiot``."""
    codes_by_number = {
        int(number): str(code)
        for code, number in zip(frame["IndustryCode"], frame["RNr"], strict=True)
        if pd.notna(number)
    }
    classification = read_classification("wiod2016_final_demand")
    demand = dict(zip(classification["number"].astype(int), classification["code"], strict=True))
    inputs = primary_input_roles()
    rows = []
    for code, region in zip(frame["IndustryCode"], frame["Country"], strict=True):
        role = inputs.get(str(code).strip().lower())
        if role:
            kind = {"value_added": "value_added", "output": "output"}.get(role[1], "total")
            rows.append(Key(kind, TOTAL_REGION, role[0]))
        else:
            rows.append(Key("sector", str(region), str(code)))
    columns = []
    for name in frame.columns[len(_LABEL_COLUMNS) :]:
        found = re.fullmatch(r"([A-Z]{3})(\d+)", str(name))
        if str(name) == TOTAL_REGION:
            columns.append(Key("output", TOTAL_REGION, "GO"))
        elif found and int(found.group(2)) in demand:
            columns.append(Key("final", found.group(1), demand[int(found.group(2))]))
        elif found and int(found.group(2)) in codes_by_number:
            columns.append(Key("sector", found.group(1), codes_by_number[int(found.group(2))]))
        else:
            raise InputError(
                f"column {name!r} is neither an industry, final demand nor TOT",
                source=source,
                location="wiot",
                expected=EXPECTED_RDATA,
            )
    return rows, columns


def read_wiod2016_rdata(path: str | Path, *, validate: Validation = "warn") -> IOTable:
    """Read a WIOD 2016 ``WIOT20yy_October16_ROW.RData`` file into an ``IOTable`` (millions of USD)."""
    path = Path(path)
    source = f"WIOD 2016 release ({path.name})"
    objects = read_rdata_list(path, expected=EXPECTED_RDATA)
    frame = next((value for value in objects.values() if isinstance(value, pd.DataFrame)), None)
    if frame is None or list(frame.columns[: len(_LABEL_COLUMNS)]) != _LABEL_COLUMNS:
        raise InputError(
            "no data frame with the WIOD 2016 columns", source=str(path), expected=EXPECTED_RDATA
        )
    rows, columns = _frame_keys(frame, source=str(path))
    cells = frame.iloc[:, len(_LABEL_COLUMNS) :].to_numpy(dtype=object)
    values = numeric(cells, source=str(path), expected=EXPECTED_RDATA, origin=(0, len(_LABEL_COLUMNS)))
    years = pd.to_numeric(frame["Year"], errors="coerce").dropna()
    year = int(years.iloc[0]) if len(years) else year_from(path.name)
    table = assemble(values, rows, columns, source=source, expected=EXPECTED_RDATA, unit=UNIT, year=year)
    return validated(table, validate)
