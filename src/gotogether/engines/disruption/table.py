"""The economy the disruption engine propagates on: an input-output table as monthly arrays by product.

Notation (Hallegatte 2008; Miller and Blair 2009): industry i = (r, p) is sector p of region r; A the
technical coefficients; a_pk = sum_r A_(r,p)k the requirement of product p (from every origin) per unit of
output of industry k; x_bar monthly baseline output; Y_bar_id monthly final demand of region d for the output
of i; s_i = v_i / x_i value added per unit of output. Coefficients are held product-major, ``A3[p, r, k] =
A_(r,p)k``, so that every quantity of a month is a batched product over products (one BLAS call).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from gotogether.dims import REGION, SECTOR
from gotogether.engines.io.coefficients import technical_coefficients_array
from gotogether.engines.io.labels import aligned, check_square, output_reciprocal
from gotogether.engines.io.quantities import final_demand_by_region
from gotogether.errors import InputError

MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class DisruptionTable:
    """Monthly arrays of a table whose (region, sector) labels are every region times every sector,
    region-major (as ``IOTable``): industry index i = r * S + p. Money in the table's unit per month."""

    regions: tuple[str, ...]
    sectors: tuple[str, ...]
    coefficients: np.ndarray  # (S, R, n): A3[p, r, k] = A_(r,p)k
    requirements: np.ndarray  # (S, n): a_pk
    output: np.ndarray  # (n,): x_bar
    final_demand: np.ndarray  # (n, R): Y_bar_id
    value_added_coefficients: np.ndarray  # (n,): s_i
    unit: str

    @property
    def size(self) -> tuple[int, int]:
        """(regions, sectors)."""
        return len(self.regions), len(self.sectors)

    @classmethod
    def from_flows(
        cls, Z: pd.DataFrame, Y: pd.DataFrame, x: pd.Series, value_added: pd.Series, *, unit: str
    ) -> DisruptionTable:
        """From a yearly table (``IOTable`` blocks: Z, Y with (region, category) columns, x and value added
        by (region, sector)); flows are divided by 12 into monthly flows."""
        labels = check_square(Z, "Z")
        regions = tuple(labels.get_level_values(REGION).unique())
        sectors = tuple(labels.get_level_values(SECTOR).unique())
        R, S = len(regions), len(sectors)
        expected = pd.MultiIndex.from_product([regions, sectors], names=[REGION, SECTOR])
        if len(labels) != R * S or not labels.equals(expected):
            raise InputError(
                "the table's labels are not every region times every sector, region-major",
                location="Z",
                expected="(region, sector) labels in the order of IOTable",
            )
        a = technical_coefficients_array(Z, x)
        coefficients = np.ascontiguousarray(a.reshape(R, S, R * S).transpose(1, 0, 2))
        by_region = final_demand_by_region(Y).reindex(columns=list(regions), fill_value=0.0)
        va = aligned(value_added, labels, "value_added") * output_reciprocal(x, labels)
        return cls(
            regions=regions,
            sectors=sectors,
            coefficients=coefficients,
            requirements=coefficients.sum(axis=1),
            output=aligned(x, labels, "x") / MONTHS_PER_YEAR,
            final_demand=aligned(by_region, labels, "Y") / MONTHS_PER_YEAR,
            value_added_coefficients=va,
            unit=unit,
        )
