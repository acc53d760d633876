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
from gotogether.engines.io.labels import (
    aligned,
    check_no_flows_at_zero_output,
    check_square,
    output_reciprocal,
)
from gotogether.engines.io.quantities import final_demand_by_region
from gotogether.errors import InputError

MONTHS_PER_YEAR = 12
TILE = 256
"""Rows and columns of a tile of the coefficients' copy (a 256 x 256 tile is 0.5 MB, in a core's cache)."""


def product_major_coefficients(flows: np.ndarray, reciprocal: np.ndarray, regions: int) -> np.ndarray:
    """A3[p, r, k] = Z_(r,p)k / x_k from the flows Z (n, n), region-major rows, and 1 / x (n,).

    Copied tile by tile: pandas hands Z over column-major while A3 is row-major, and one transposing copy of
    the whole array misses the cache at nearly every element (4.3 s for 10,000 sectors; tiled, a tenth).
    """
    n = flows.shape[0]
    S = n // regions
    coefficients = np.empty((S, regions, n))
    for r in range(regions):
        for p in range(0, S, TILE):
            rows = slice(r * S + p, r * S + min(p + TILE, S))
            for k in range(0, n, TILE):
                columns = slice(k, k + TILE)
                np.multiply(
                    flows[rows, columns],
                    reciprocal[columns],
                    out=coefficients[p : p + TILE, r, columns],
                )
    return coefficients


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
        reciprocal = output_reciprocal(x, labels)
        flows = aligned(Z, labels, "Z")
        check_no_flows_at_zero_output(flows, reciprocal, labels, axis=0)
        coefficients = product_major_coefficients(flows, reciprocal, R)
        by_region = final_demand_by_region(Y).reindex(columns=list(regions), fill_value=0.0)
        va = aligned(value_added, labels, "value_added") * reciprocal
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
