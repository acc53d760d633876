"""Calibrate value parameters to published projections and report each target against the model.

Targets (``gotogether.data.value.read_targets``, with sources from 5g-value-chain-facts.md): PwC (2021)
GDP in 2030, total, by five sector groups and by eight countries; GSMA Intelligence (2022) GDP in 2030,
total; IHS Markit (2020) sales enabled in 2035, total. Values in billions of US dollars.

Method: with baseline adoption, the 2030 GDP matrix M_{n,k} = adoption_{n,k,2030} VA_{n,k} is summed into
PwC's sector groups g and country groups c (the eight countries and everyone else). A biproportional (RAS)
fit finds uplift_g and readiness_c with sum_{n in c, k in g} uplift_g readiness_c M_{n,k} matching PwC's
sector totals (rows) and country totals (columns); "everyone else" gets the sector total (1,333) minus the
eight countries (991). Readiness is normalised to 1 for everyone else. With ``reference="gsma"`` all
uplifts are then scaled so that the world total is GSMA's 960 (PwC's shares kept). The sales multiplier
scales 2035 adoption-weighted gross output to IHS Markit's 13.15 trillion (mid-point of 13.1-13.2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.data.value import Target
from gotogether.dims import COUNTRY, INDUSTRY, YEAR
from gotogether.engines.contract import in_order
from gotogether.engines.value.industries import Industries
from gotogether.engines.value.value import gdp_contribution, sales_enabled
from gotogether.errors import ConvergenceError

OTHER = "other"
MAX_RAS_ITERATIONS = 10_000


@dataclass(frozen=True)
class ValueCalibration:
    """Calibrated parameters: ``uplift`` (industry), ``readiness`` (country), ``sales_multiplier``."""

    uplift: xr.DataArray
    readiness: xr.DataArray
    sales_multiplier: float
    reference: str


def _ras(
    matrix: np.ndarray, row_totals: np.ndarray, column_totals: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Row factors r and column factors s with diag(r) A diag(s) matching both totals (tolerance 1e-12)."""
    rows, columns = np.ones(matrix.shape[0]), np.ones(matrix.shape[1])
    gap = np.inf
    for _ in range(MAX_RAS_ITERATIONS):
        rows = row_totals / (matrix @ columns)
        columns = column_totals / (rows @ matrix)
        gap = float(np.max(np.abs(rows * (matrix @ columns) - row_totals) / row_totals))
        if gap < 1e-12:
            return rows, columns
    raise ConvergenceError("RAS calibration", iterations=MAX_RAS_ITERATIONS, residual=gap, tolerance=1e-12)


def calibrate(
    adoption: xr.DataArray,
    value_added: xr.DataArray,
    gross_output: xr.DataArray,
    industries: Industries,
    targets: Mapping[str, Target],
    *,
    reference: Literal["pwc", "gsma"] = "pwc",
) -> ValueCalibration:
    """Calibrate uplift, readiness and the sales multiplier from baseline adoption (country, industry, year)
    and industry size (country, industry) in billions of US dollars. Uplift is then the GDP gain at full
    adoption and readiness 1 as a fraction of the industry's value added in the base table."""
    gdp_year = targets["pwc-total"].year
    sales_year = targets["ihs-sales"].year
    group_of = dict(zip(industries.names, industries.table["pwc_group"], strict=True))
    sector_targets = pd.Series({t.key: t.value_usd_bn for t in targets.values() if t.scope == "pwc_group"})
    country_targets = pd.Series({t.key: t.value_usd_bn for t in targets.values() if t.scope == "country"})
    labels = {COUNTRY: adoption.indexes[COUNTRY], INDUSTRY: adoption.indexes[INDUSTRY]}
    countries = [str(c) for c in labels[COUNTRY]]
    country_group = [c if c in country_targets.index else OTHER for c in countries]
    column_totals = pd.concat(
        [country_targets, pd.Series({OTHER: sector_targets.sum() - country_targets.sum()})]
    )
    # on arrays in adoption's labels (as xarray's product aligns them): it runs once per ensemble draw
    shares = in_order(adoption, {**labels, YEAR: adoption.indexes[YEAR]})
    at = adoption.indexes[YEAR].get_loc

    matrix = shares[:, :, at(gdp_year)] * in_order(value_added, labels)
    frame = pd.DataFrame(matrix, index=country_group, columns=[group_of[k] for k in labels[INDUSTRY]])
    grouped = frame.T.groupby(level=0).sum().T.groupby(level=0).sum()  # country group x sector group
    grouped = grouped.reindex(index=column_totals.index, columns=sector_targets.index)
    readiness_by_group, uplift_by_group = _ras(
        grouped.to_numpy(), column_totals.to_numpy(dtype=float), sector_targets.to_numpy(dtype=float)
    )
    scale = readiness_by_group[list(column_totals.index).index(OTHER)]
    readiness_by_group, uplift_by_group = readiness_by_group / scale, uplift_by_group * scale
    if reference == "gsma":
        uplift_by_group *= targets["gsma-total"].value_usd_bn / float(sector_targets.sum())

    uplift_of = dict(zip(sector_targets.index, uplift_by_group, strict=True))
    readiness_of = dict(zip(column_totals.index, readiness_by_group, strict=True))
    uplift = xr.DataArray(
        np.array([uplift_of[group_of[k]] for k in industries.names]),
        dims=INDUSTRY,
        coords={INDUSTRY: industries.labels},
    )
    readiness = xr.DataArray(
        np.array([readiness_of[group] for group in country_group]),
        dims=COUNTRY,
        coords={COUNTRY: labels[COUNTRY]},
    )
    # summed as xarray sums (NaN as zero), on the product xarray's alignment makes
    enabled = float(xr.DataArray(shares[:, :, at(sales_year)] * in_order(gross_output, labels)).sum())
    sales_multiplier = targets["ihs-sales"].value_usd_bn / enabled
    return ValueCalibration(uplift, readiness, sales_multiplier, reference)


def calibration_report(
    calibration: ValueCalibration,
    adoption: xr.DataArray,
    value_added: xr.DataArray,
    gross_output: xr.DataArray,
    industries: Industries,
    targets: Mapping[str, Target],
) -> pd.DataFrame:
    """Every target beside the calibrated model: published, model, relative gap, tolerance, pass."""
    gdp = gdp_contribution(adoption, value_added, calibration.uplift, calibration.readiness)
    sales = sales_enabled(adoption, gross_output, calibration.sales_multiplier)
    group_of = industries.table["pwc_group"]
    unused = "gsma-total" if calibration.reference == "pwc" else "pwc-total"
    rows = []
    for name, target in targets.items():
        quantity = (gdp if target.quantity == "gdp" else sales).sel({YEAR: target.year})
        if target.scope == "total":
            model = float(quantity.sum())
        elif target.scope == "country":
            model = float(quantity.sel({COUNTRY: target.key}).sum())
        else:
            members = [k for k in industries.names if group_of[k] == target.key]
            model = float(quantity.sel({INDUSTRY: members}).sum())
        gap = model / target.value_usd_bn - 1.0
        rows.append(
            {
                "target": name,
                "publisher": target.publisher,
                "quantity": target.quantity,
                "year": target.year,
                "scope": f"{target.scope}:{target.key}",
                "published_usd_bn": target.value_usd_bn,
                "model_usd_bn": model,
                "gap": gap,
                "tolerance": target.tolerance,
                "pass": abs(gap) <= target.tolerance,
                "calibrated_to": name != unused,
                "source": target.url,
            }
        )
    return pd.DataFrame(rows).set_index("target")
