"""Reader of the WIOD 2013 release as distributed in R data files (the ``wiod`` R package layout).

Each ``wiot_YYYY.RData`` holds one R list with ``inter`` (1435 x 1435), ``final`` (1435 x 205), ``output``,
``countries`` (40 ISO3 codes and "RoW"), ``industries`` (c1..c35) and ``year``; millions of current USD.
See data/raw/wiod2013/SOURCE.md.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gotogether.data.classifications import read_classification
from gotogether.data.consistency import Validation, validated
from gotogether.data.iotable import IOTable
from gotogether.dims import CATEGORY, REGION, SECTOR
from gotogether.errors import InputError

_EXPECTED_LAYOUT = "an R list with inter, final, output, countries, industries and year (WIOD 2013 release)"


def read_rdata_list(path: Path, *, expected: str) -> dict[str, Any]:
    """The objects of an R data file by name; a missing or foreign file gets an ``InputError``."""
    import rdata

    try:
        parsed = rdata.parser.parse_file(path)
        with warnings.catch_warnings():
            # WIOD objects carry R classes ("iot") that rdata does not know and returns as plain lists.
            warnings.filterwarnings("ignore", message="Missing constructor for R class", category=UserWarning)
            converted = rdata.conversion.convert(parsed)
    except FileNotFoundError:
        raise InputError("file not found", source=str(path)) from None
    except Exception as error:  # rdata raises bare exceptions of several kinds on foreign files
        raise InputError(
            f"not a readable R data file ({error})", source=str(path), expected=expected
        ) from None
    return dict(converted) if isinstance(converted, dict) else {}


def _read_wiot_list(path: Path) -> dict[str, Any]:
    objects = list(read_rdata_list(path, expected=_EXPECTED_LAYOUT).values())
    if len(objects) != 1 or not isinstance(objects[0], dict):
        raise InputError("does not hold exactly one R list", source=str(path), expected=_EXPECTED_LAYOUT)
    table: dict[str, Any] = objects[0]
    missing = {"inter", "final", "output", "countries", "industries", "year"} - set(table)
    if missing:
        raise InputError(
            f"list lacks {sorted(missing)}", source=str(path), location="R list", expected=_EXPECTED_LAYOUT
        )
    return table


def read_wiod2013_rdata(path: str | Path, *, validate: Validation = "warn") -> IOTable:
    """Read one WIOD 2013 ``wiot_YYYY.RData`` file into an ``IOTable`` (millions of current USD).

    Value added is gross output minus intermediate inputs (the WIOD definition at basic prices, so it
    includes taxes less subsidies on products and international transport margins). ``validate`` runs
    the consistency checks (``gotogether.data.consistency``): warn, raise (``"strict"``) or skip.
    """
    path = Path(path)
    raw = _read_wiot_list(path)
    regions = [str(code) for code in raw["countries"]]
    industries = [str(code) for code in raw["industries"]]
    categories = list(read_classification("wiod2013_final_demand")["code"])
    inter = np.asarray(raw["inter"], dtype=float)
    final = np.asarray(raw["final"], dtype=float)
    output = np.asarray(raw["output"], dtype=float).ravel()
    n_rows = len(regions) * len(industries)
    shapes = {
        "inter": (inter.shape, (n_rows, n_rows)),
        "final": (final.shape, (n_rows, len(regions) * len(categories))),
        "output": (output.shape, (n_rows,)),
    }
    for name, (shape, expected) in shapes.items():
        if shape != expected:
            raise InputError(
                f"has shape {shape}",
                source=str(path),
                location=name,
                expected=f"{expected} for {len(regions)} regions x {len(industries)} industries",
            )
    rows = pd.MultiIndex.from_product([regions, industries], names=[REGION, SECTOR])
    final_columns = pd.MultiIndex.from_product([regions, categories], names=[REGION, CATEGORY])
    Z = pd.DataFrame(inter, index=rows, columns=rows)
    x = pd.Series(output, index=rows, name="gross_output")
    va = pd.DataFrame((output - inter.sum(axis=0))[np.newaxis, :], index=pd.Index(["VA"]), columns=rows)
    table = IOTable(
        Z=Z,
        Y=pd.DataFrame(final, index=rows, columns=final_columns),
        va=va,
        x=x,
        unit="millions of current USD",
        year=int(np.asarray(raw["year"]).ravel()[0]),
        source=f"WIOD 2013 release ({path.name})",
    )
    return validated(table, validate)
