"""Reader of the OECD Inter-Country Input-Output (ICIO) tables in their CSV layouts (2021 and 2023 editions).

One CSV per year; the first column holds the row labels, the header the column labels, all
``REGION_ITEM`` (split at the first underscore; millions of current USD):

- 2021 edition (``ICIO2021_2018.csv``): industries such as ``AUS_01T02`` ... ``AUS_97T98`` (45), final
  demand ``AUS_HFCE``, ``_NPISH``, ``_GGFC``, ``_GFCF``, ``_INVNT``, ``_DIRPA``, a ``TOTAL`` column; bottom
  rows ``TLS`` (taxes less subsidies), ``VALU`` (value added), ``OUTPUT``.
- 2023 edition (``2018.csv`` of the 2023 release): industries such as ``AUS_A01_02`` ... ``AUS_T`` (45),
  the same final-demand categories with ``_DPABR`` for direct purchases abroad, an ``OUT`` column; bottom
  rows ``TLS``, ``VA``, ``OUT``.

China and Mexico are split in both: ``CN1``/``CN2`` (activities excluding and for export processing) and
``MX1``/``MX2`` (activities excluding and of global manufacturing) supply and use intermediates, while final
demand is bought by ``CHN`` and ``MEX``. By default the split regions are summed back into CHN and MEX
(with any CHN and MEX rows and columns), so that every region buys and sells; ``merge_split_regions=False``
keeps them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gotogether.data.aggregate import aggregate
from gotogether.data.consistency import Validation, validated
from gotogether.data.iotable import IOTable
from gotogether.data.loaders._common import numeric, year_from
from gotogether.data.userfiles import read_csv_file
from gotogether.dims import CATEGORY, REGION, SECTOR
from gotogether.errors import InputError

FINAL_DEMAND = ("HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "DIRPA", "DPABR", "NONRES", "DISC")
"""Final-demand categories of the ICIO editions (the last ones name direct purchases and discrepancies)."""

SPLIT_REGIONS = {"CN1": "CHN", "CN2": "CHN", "MX1": "MEX", "MX2": "MEX"}
"""Sub-regions of the ICIO tables and the country they belong to."""

EDITIONS = {
    "2021": {"taxes": "TLS", "value_added": "VALU", "output_row": "OUTPUT", "output_column": "TOTAL"},
    "2023": {"taxes": "TLS", "value_added": "VA", "output_row": "OUT", "output_column": "OUT"},
}
"""Bottom rows and total column of each CSV layout."""

EXPECTED = (
    "an OECD ICIO CSV: row labels in the first column, REGION_ITEM labels (e.g. AUS_01T02 or AUS_A01_02), "
    "final demand REGION_HFCE ... REGION_INVNT, bottom rows TLS, VALU and OUTPUT (2021 edition) or TLS, VA "
    "and OUT (2023 edition)"
)


def _edition(frame: pd.DataFrame, source: str) -> str:
    rows, columns = set(frame.index), set(frame.columns)
    for name, marks in EDITIONS.items():
        if {marks["value_added"], marks["output_row"]} <= rows and marks["output_column"] in columns:
            return name
    raise InputError(
        "the bottom rows or the total column of an ICIO table are missing", source=source, expected=EXPECTED
    )


def _split(label: str) -> tuple[str, str]:
    region, _, item = label.partition("_")
    return region, item


def read_oecd_icio(
    path: str | Path, *, merge_split_regions: bool = True, validate: Validation = "warn"
) -> IOTable:
    """Read an OECD ICIO CSV (2021 or 2023 edition) into an ``IOTable`` (millions of current USD).

    Value added has the rows TLS (taxes less subsidies on intermediate and final products) and VA (value
    added at basic prices); gross output is the output row. Split regions are merged into CHN and MEX unless
    ``merge_split_regions`` is false. ``validate`` runs the consistency checks (warn, ``"strict"``, skip).
    """
    path = Path(path)
    source = f"OECD ICIO ({path.name})"
    # Only empty cells are missing (zero): a written "nan" is a bad cell, named by ``numeric`` below.
    frame = read_csv_file(path, EXPECTED, index_col=0, keep_default_na=False, na_values=[""])
    frame.index = frame.index.astype(str)
    frame.columns = frame.columns.astype(str)
    edition = _edition(frame, str(path))
    marks = EDITIONS[edition]
    final_columns = [c for c in frame.columns if _split(c)[1] in FINAL_DEMAND]
    sector_columns = [c for c in frame.columns if c not in final_columns and c != marks["output_column"]]
    sector_rows = [
        r for r in frame.index if r not in {marks["taxes"], marks["value_added"], marks["output_row"]}
    ]
    if sector_rows != sector_columns or not all("_" in label for label in sector_rows):
        differing = next(
            (f"{r} vs {c}" for r, c in zip(sector_rows, sector_columns, strict=False) if r != c), ""
        )
        raise InputError(
            f"industry rows and columns disagree ({differing or 'different counts'})",
            source=str(path),
            expected=EXPECTED,
        )
    values = pd.DataFrame(
        numeric(frame.to_numpy(dtype=object), source=str(path), expected=EXPECTED, origin=(1, 1)),
        index=frame.index,
        columns=frame.columns,
    )
    index = pd.MultiIndex.from_tuples([_split(label) for label in sector_rows], names=[REGION, SECTOR])
    fd_index = pd.MultiIndex.from_tuples([_split(label) for label in final_columns], names=[REGION, CATEGORY])
    va = values.loc[[marks["taxes"], marks["value_added"]], sector_columns]
    table = IOTable(
        Z=pd.DataFrame(values.loc[sector_rows, sector_columns].to_numpy(), index=index, columns=index),
        Y=pd.DataFrame(values.loc[sector_rows, final_columns].to_numpy(), index=index, columns=fd_index),
        va=pd.DataFrame(va.to_numpy(), index=pd.Index(["TLS", "VA"]), columns=index),
        x=pd.Series(
            values.loc[marks["output_row"], sector_columns].to_numpy(dtype=float),
            index=index,
            name="gross_output",
        ),
        unit="millions of current USD",
        year=year_from(path.name),
        source=source,
        meta={"edition": edition},
    )
    if merge_split_regions:
        mapping = {region: SPLIT_REGIONS.get(region, region) for region in table.regions}
        table = aggregate(table, regions=mapping)
        table = IOTable(**{**table.__dict__, "source": source})
    return validated(table, validate)
