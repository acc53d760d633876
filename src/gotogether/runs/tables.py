"""Result tables: labelled xarray/pandas results as tidy (long) tables, written as Parquet and CSV.

Every dimension or index level becomes a column (``scenario``, ``country``, ``year`` ...) and every variable a
value column, so a table reads the same in pandas, R or a spreadsheet. Units and human names (``units`` and
``long_name`` attributes of xarray variables; ``attrs["units"]`` and ``attrs["long_names"]``, dicts by
column, of a DataFrame) go to the run manifest and into the Parquet file's metadata (each field's ``units``
and ``long_name``), keyed by the value column they describe.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import xarray as xr

from gotogether.errors import InputError

Result = xr.DataArray | xr.Dataset | pd.DataFrame | pd.Series
TABLE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
DIMENSION_LABELS = {
    "scenario": "Scenario",
    "country": "Country",
    "year": "Year",
    "group": "Group",
    "role": "Role",
    "firm": "Firm",
    "kind": "Kind",
    "home": "Home country",
    "vendor": "Vendor",
    "supplier": "Supplier",
    "industry": "Industry",
    "sector": "Sector",
    "business": "Business line",
    "percentile": "Percentile",
    "parameter": "Parameter",
    "note": "Note",
    "countries": "Number of countries",
}
"""Human names of the label columns every table shares (dimensions, index levels)."""
COMPARED = {"_a": "A", "_b": "B", "_diff": "B - A"}
"""Suffixes of compared columns (``runs.compare``) and how their labels show them."""


def tidy(data: Result, name: str) -> pd.DataFrame:
    """``data`` as a long table: one column per dimension (or index level), one per variable."""
    if isinstance(data, xr.DataArray):
        column = data.name if data.name is not None else name
        if _only_dimensions(data) and column not in data.dims:
            return _long(data, column)
        return data.to_dataframe(name=column).reset_index()
    if isinstance(data, xr.Dataset):
        return data.to_dataframe().reset_index()
    if isinstance(data, pd.Series):
        return data.to_frame(name=data.name if data.name is not None else name).reset_index()
    if isinstance(data.index, pd.RangeIndex) and data.index.name is None:
        return data.reset_index(drop=True)
    return data.reset_index()


def _only_dimensions(data: xr.DataArray) -> bool:
    """Whether every coordinate of ``data`` is the index of one of its dimensions (and it has some), none of
    them of Python objects (whose type pandas infers as it makes the product index)."""
    return (
        data.ndim > 0
        and set(data.coords) == set(data.dims)
        and all(dim in data.indexes and data.indexes[dim].dtype != object for dim in data.dims)
    )


def _long(data: xr.DataArray, column: object) -> pd.DataFrame:
    """``data.to_dataframe(name=column).reset_index()`` made from the arrays: each dimension's labels
    repeated in row-major order, then the values (without building the product index and resetting it)."""
    shape = data.shape
    frame = pd.DataFrame(
        {
            str(dim): pd.Index(
                np.tile(
                    data.indexes[dim].repeat(int(np.prod(shape[axis + 1 :]))).to_numpy(),
                    int(np.prod(shape[:axis])),
                ),
                dtype=data.indexes[dim].dtype,
            )
            for axis, dim in enumerate(data.dims)
        },
        copy=False,
    )
    frame[column] = data.values.reshape(-1)
    return frame


def _attribute(data: Result, name: str, attribute: str) -> dict[str, str]:
    """``attribute`` (``units`` or ``long_name``) of each value column that has one, keyed by the column
    (a nameless DataArray's column is ``name``, as in :func:`tidy`)."""
    if isinstance(data, xr.Dataset):
        return {
            str(key): str(var.attrs[attribute])
            for key, var in data.data_vars.items()
            if attribute in var.attrs
        }
    if isinstance(data, xr.DataArray):
        column = name if data.name is None else str(data.name)
        return {column: str(data.attrs[attribute])} if attribute in data.attrs else {}
    by_column = data.attrs.get("long_names" if attribute == "long_name" else attribute, {})
    if not isinstance(by_column, dict):
        return {}
    columns = {str(column) for column in (data.columns if isinstance(data, pd.DataFrame) else [data.name])}
    return {str(key): str(value) for key, value in by_column.items() if str(key) in columns}


def units(data: Result, name: str = "value") -> dict[str, str]:
    """The units of each value column that has them."""
    return _attribute(data, name, "units")


def long_names(data: Result, name: str = "value") -> dict[str, str]:
    """The human name of each value column that has one."""
    return _attribute(data, name, "long_name")


def write_table(directory: Path, name: str, data: Result) -> list[Path]:
    """Write ``name.parquet`` (units and human names in its fields' metadata) and ``name.csv`` into
    ``directory``; return both paths."""
    return write_tidy(directory, name, tidy(data, name), units(data, name), long_names(data, name))


def write_tidy(
    directory: Path, name: str, table: pd.DataFrame, units: dict[str, str], long_names: dict[str, str]
) -> list[Path]:
    """``write_table`` of a result already made tidy (``tidy``), with its columns' units and human names."""
    if not TABLE_NAME.match(name):
        raise InputError(f"invalid table name {name!r}", expected="lower-case letters, digits, '-' and '_'")
    parquet, csv_path = directory / f"{name}.parquet", directory / f"{name}.csv"
    labels = {"units": units, "long_name": long_names}
    arrow = pa.Table.from_pandas(table, preserve_index=False)
    fields = [
        field.with_metadata(
            {key: by_column[field.name] for key, by_column in labels.items() if field.name in by_column}
        )
        if any(field.name in by_column for by_column in labels.values())
        else field
        for field in arrow.schema
    ]
    pq.write_table(arrow.cast(pa.schema(fields, metadata=arrow.schema.metadata)), parquet)
    text = csv_text(table)
    if text is None:
        table.to_csv(csv_path, index=False, lineterminator="\n")
    else:
        with open(csv_path, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    return [parquet, csv_path]


QUOTED = re.compile('[,"\r\n]')
"""Characters for which the csv module may quote a field (it decides; see ``_quoted``)."""


def csv_text(table: pd.DataFrame) -> str | None:
    """``table.to_csv(index=False, lineterminator="\\n")``, the same text made column by column (pandas
    formats and writes row by row, a third of a run's table writing): numbers formatted as pandas formats
    them, text quoted by the csv module where it needs quotes. ``None`` for a table this does not cover
    (a column of another type, one column only, labels that are not text or not unique), which pandas
    writes."""
    labels = table.columns
    if len(labels) < 2 or not labels.is_unique or not all(isinstance(label, str) for label in labels):
        return None
    columns = [_cells(table[column]) for column in table.columns]
    if any(cells is None for cells in columns):
        return None
    rows = zip(*columns, strict=True)
    lines = [",".join(_quoted(label) for label in labels), *map(",".join, rows)]
    return "\n".join(lines) + "\n"


def _cells(column: pd.Series) -> list[str] | None:
    """The column's cells as the csv text pandas writes for them (missing as empty), or ``None`` for a type
    left to pandas. Doubles: Python's shortest text of each, which is NumPy's that pandas writes; integers,
    booleans and text (a few distinct values repeated) made once per distinct value, text quoted."""
    dtype = column.dtype
    if dtype == np.dtype(float):
        values = column.to_numpy()
        cells = list(map(repr, values.tolist()))
        for missing in np.flatnonzero(np.isnan(values)).tolist():
            cells[missing] = ""
        return cells
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        codes, distinct = pd.factorize(column.to_numpy())
        return list(np.array(distinct.astype(str).tolist(), dtype=object)[codes].tolist())
    if not (isinstance(dtype, pd.StringDtype) or dtype == np.dtype(object)):
        return None
    codes, found = pd.factorize(column)  # missing: code -1
    if not all(type(cell) in (str, bool) for cell in found):
        return None  # numbers among text: pandas writes each by its own rule
    texts = np.array([*(_quoted(str(cell)) for cell in found), ""], dtype=object)
    return list(texts[codes].tolist())


def _quoted(text: str) -> str:
    """``text`` as the csv module writes it among other fields (QUOTE_MINIMAL): quoted where it holds a
    delimiter, a quote or a line break."""
    if not QUOTED.search(text):
        return text
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([text, ""])
    return buffer.getvalue()[: -len(",\n")]


def humanised(column: str) -> str:
    """A readable name for a column nothing names: underscores as spaces, first letter capital."""
    text = column.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def column_labels(
    columns: list[str], metadata: dict[str, dict[str, str]]
) -> tuple[dict[str, str], dict[str, str]]:
    """Human names and units of ``columns`` from a table's field metadata (:func:`field_metadata`); a
    compared column (``x_a``, ``x_b``, ``x_diff``) takes the name of ``x`` with "(A)", "(B)", "(B - A)"."""
    labels, units = {}, {}
    for column in columns:
        base, mark = column, ""
        for suffix, shown in COMPARED.items():
            if column.endswith(suffix) and column.removesuffix(suffix) in metadata:
                base, mark = column.removesuffix(suffix), f" ({shown})"
        found = metadata.get(base, {})
        labels[column] = found.get("long_name") or DIMENSION_LABELS.get(base) or humanised(base)
        labels[column] += mark
        if found.get("units"):
            units[column] = found["units"]
    return labels, units


def field_metadata(path: Path) -> dict[str, dict[str, str]]:
    """The units and human names in a Parquet file's fields: column -> {"units": ..., "long_name": ...}."""
    schema = pq.read_schema(path)
    return {
        field.name: {key.decode(): value.decode() for key, value in field.metadata.items()}
        for field in schema
        if field.metadata
    }


def read_table(directory: Path, name: str) -> pd.DataFrame:
    """Read a table written by :func:`write_table` (from its Parquet file)."""
    return pd.read_parquet(directory / f"{name}.parquet")
