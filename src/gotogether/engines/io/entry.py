"""The IO engine's entry point under the engine contract (``gotogether.engines.contract``): gross output
with and without some links of the table (hypothetical extraction) and the Leontief multipliers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd
import xarray as xr

from gotogether.data.iotable import IOTable
from gotogether.engines.contract import with_long_names
from gotogether.engines.io.coefficients import calc_A, calc_va_coefficients
from gotogether.engines.io.extraction import Links, hypothetical_extraction
from gotogether.engines.io.quantities import output_multipliers, value_added_multipliers
from gotogether.engines.io.solver import LeontiefSolver

LONG_NAMES = {
    "gross_output": "gross output, x = L y",
    "extracted_output": "gross output without the extracted links, x*",
    "output_loss": "gross output lost to the extraction, x - x*",
    "loss_share": "share of gross output lost to the extraction",
    "output_multiplier": "world gross output per unit of final demand, 1' L",
    "va_multiplier": "world value added per unit of final demand, s' L",
}
"""The ``long_name`` of every variable of the result."""


@dataclass(frozen=True)
class IOInputs:
    """The links taken out of the table (none: the table as it is)."""

    extracted: Sequence[Links] = ()


@dataclass(frozen=True)
class IOParameters:
    """``final_demand``: the extracted links' sales to final demand go too; ``method``: the Woodbury update
    or a new factorisation (``auto``: the rule of ``engines.io.extraction``)."""

    final_demand: bool = True
    method: Literal["auto", "update", "refactorise"] = "auto"


def run(inputs: IOInputs, parameters: IOParameters, data: IOTable) -> xr.Dataset:
    """By (region, sector) of ``data``: gross output before and after the extraction, and the output and
    value-added multipliers of the table."""
    A = calc_A(data.Z, data.x)
    leontief = LeontiefSolver(A)
    extraction = hypothetical_extraction(
        A,
        data.Y,
        inputs.extracted,
        final_demand=parameters.final_demand,
        leontief=leontief,
        method=parameters.method,
    )
    va_coefficients = calc_va_coefficients(data.va.sum(axis=0), data.x)
    frame = pd.DataFrame(
        {
            "gross_output": extraction["baseline"],
            "extracted_output": extraction["extracted"],
            "output_loss": extraction["loss"],
            "loss_share": extraction["loss_share"],
            "output_multiplier": output_multipliers(leontief),
            "va_multiplier": value_added_multipliers(leontief, va_coefficients),
        }
    )
    result = xr.Dataset.from_dataframe(frame)
    units = {"loss_share": "share of gross output", "output_multiplier": "ratio", "va_multiplier": "ratio"}
    for name in result.data_vars:
        result[name].attrs["units"] = units.get(str(name), data.unit)
    return with_long_names(result, LONG_NAMES)
