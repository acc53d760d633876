"""Tables through pymrio (an optional dependency): EXIOBASE 3 and any parsed ``IOSystem``, in both directions.

pymrio and ``IOTable`` share their layout (Z, Y, x with (region, sector) labels; final demand columns
(region, category)), so the conversion only renames axes: value added is the ``factor_inputs`` extension
of pymrio's parsers when present (EXIOBASE 3: taxes, wages, operating surplus, ...), else gross output minus
intermediate inputs. pymrio is imported only when these functions run, with a clear error if it is absent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from gotogether.data.consistency import Validation, validated
from gotogether.data.iotable import IOTable
from gotogether.dims import CATEGORY, REGION, SECTOR
from gotogether.errors import GotogetherError, InputError

VALUE_ADDED_EXTENSIONS = ("factor_inputs", "Factor Inputs", "VA")
"""Names under which pymrio's parsers store value added (OECD and WIOD, EXIOBASE 3, Eora)."""


def _pymrio() -> Any:
    try:
        import pymrio
    except ImportError:
        raise GotogetherError(
            "this needs pymrio, an optional dependency: pip install 'gotogether[pymrio]'"
        ) from None
    return pymrio


def _value_added(system: Any, Z: pd.DataFrame, x: pd.Series) -> pd.DataFrame:
    for name in VALUE_ADDED_EXTENSIONS:
        extension = getattr(system, name, None)
        if extension is not None and getattr(extension, "F", None) is not None:
            F = extension.F.copy()
            F.index = pd.Index([" ".join(map(str, k)) if isinstance(k, tuple) else str(k) for k in F.index])
            F.columns = Z.columns
            result: pd.DataFrame = F.astype(float)
            return result
    return pd.DataFrame([x.to_numpy() - Z.sum(axis=0).to_numpy()], index=["VA"], columns=Z.columns)


def from_pymrio(system: Any, *, source: str | None = None, validate: Validation = "warn") -> IOTable:
    """An ``IOTable`` from a pymrio ``IOSystem`` (monetary, with Z and Y; x is computed if absent)."""
    if system.Z is None or system.Y is None:
        system.calc_system()  # a system loaded as coefficients (A) has Z and Y only after this
    Z = system.Z.astype(float).copy()
    Z.index.names = Z.columns.names = [REGION, SECTOR]
    Y = system.Y.astype(float).copy()
    Y.index.names, Y.columns.names = [REGION, SECTOR], [REGION, CATEGORY]
    x = system.x.iloc[:, 0] if system.x is not None else Z.sum(axis=1) + Y.sum(axis=1)
    x = pd.Series(x.to_numpy(dtype=float), index=Z.index, name="gross_output")
    unit = system.unit.iloc[0, 0] if getattr(system, "unit", None) is not None else "unknown"
    year = getattr(system.meta, "year", None) if getattr(system, "meta", None) is not None else None
    name = getattr(system, "name", None) or "pymrio IOSystem"
    table = IOTable(
        Z=Z,
        Y=Y,
        va=_value_added(system, Z, x),
        x=x,
        unit=str(unit),
        year=int(year) if year not in (None, "") else None,
        source=source or f"{name} (through pymrio)",
    )
    return validated(table, validate)


def to_pymrio(table: IOTable) -> Any:
    """A pymrio ``IOSystem`` with Z, Y, x, the unit and value added as the ``factor_inputs`` extension."""
    pymrio = _pymrio()
    Z = table.Z.copy()
    Z.index.names = Z.columns.names = ["region", "sector"]
    Y = table.Y.copy()
    Y.index.names, Y.columns.names = ["region", "sector"], ["region", "category"]
    unit = pd.DataFrame({"unit": table.unit}, index=Z.index)
    va = table.va.copy()
    va.index.name = "inputtype"
    system = pymrio.IOSystem(
        Z=Z,
        Y=Y,
        x=table.x.to_frame("indout"),
        unit=unit,
        name=table.source,
        factor_inputs={
            "name": "factor_inputs",
            "F": va,
            "unit": pd.DataFrame({"unit": table.unit}, index=va.index),
        },
    )
    return system


def read_exiobase3(path: str | Path, *, validate: Validation = "warn") -> IOTable:
    """Read an EXIOBASE 3 archive or folder (``IOT_2011_ixi.zip`` ...) through ``pymrio.parse_exiobase3``."""
    pymrio = _pymrio()
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", source=str(path))
    try:
        system = pymrio.parse_exiobase3(path)
    except Exception as error:  # pymrio raises ParserError, KeyError or ValueError on foreign input
        raise InputError(
            f"pymrio could not parse it ({error})",
            source=str(path),
            expected="an EXIOBASE 3 IOT archive or folder (e.g. IOT_2011_ixi.zip)",
        ) from None
    return from_pymrio(system, source=f"EXIOBASE 3 ({path.name})", validate=validate)
