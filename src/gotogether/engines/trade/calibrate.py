"""Calibration of the Caliendo-Parro trade baseline from an inter-country input-output table.

Following docs/data.md and the model notes ("Calibrating the trade engine"), for importer n, exporter i,
sectors j (goods) and k (users), with tariff factors T_ni^j = 1 + tau_ni^j (zero tariffs unless given):

- X_n^j = sum_i T_ni^j (sum_k Z[(i,j),(n,k)] + F[(i,j),n]): all use of j in n, gross of tariffs;
  pi_ni^j = origin i's part of it.
- gamma_n^{j,k} = sum_i T_ni^j Z[(i,j),(n,k)] / x_n^k and gamma_n^k = 1 - sum_j gamma_n^{j,k}, with gross
  output x_n^k the row total (all sales at basic prices), so that the data are an exact equilibrium.
- alpha_n^j = sum_i T_ni^j F[(i,j),n] / sum_j (...); D_n = imports minus exports (net of tariffs).

Data problems, each treated and reported with an ``IOTableWarning`` rather than passed on silently:

- changes in inventories are not demand in a static model: those final-demand categories are dropped;
- other negative flows (e.g. negative investment cells) are set to zero;
- a country with zero output of a sector keeps it with a labour-only technology (it produces nothing and
  the hat algebra cannot create trade from zero, so its technology never matters); a sector with no output
  in any country is dropped; a country that uses nothing of a sector buys it domestically (share 1 of 0).

Inventories and negatives change gross output a little (the row totals are recomputed), never the identities.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.data.consistency import INVENTORY_CATEGORIES, IOTableWarning
from gotogether.data.iotable import IOTable
from gotogether.dims import CATEGORY, EXPORTER, IMPORTER, REGION, SECTOR
from gotogether.engines.trade.baseline import TradeBaseline, baseline_from_arrays
from gotogether.errors import DataConsistencyError, InputError


def _blocks(table: IOTable) -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
    """Z as (origin, sector, user region, user sector) and final demand F as (origin, sector, buyer),
    inventories dropped and negatives clipped, in the table's region and sector order."""
    regions, sectors = table.regions, table.sectors
    N, J = len(regions), len(sectors)
    Z = table.Z.reindex(
        index=pd.MultiIndex.from_product([regions, sectors]),
        columns=pd.MultiIndex.from_product([regions, sectors]),
    ).to_numpy(dtype=float)
    kept = table.Y.loc[:, ~table.Y.columns.get_level_values(CATEGORY).isin(list(INVENTORY_CATEGORIES))]
    F = (
        kept.T.groupby(level=REGION, sort=False)
        .sum()
        .T.reindex(index=pd.MultiIndex.from_product([regions, sectors]), columns=regions, fill_value=0.0)
        .to_numpy(dtype=float)
    )
    negatives = int((Z < 0).sum() + (F < 0).sum())
    if negatives:
        worst = min(float(Z.min()), float(F.min()))
        warnings.warn(
            f"{table.source}: {negatives} negative intermediate or final-demand flows (after dropping "
            f"inventories) set to zero, the most negative {worst:.6g}",
            IOTableWarning,
            stacklevel=3,
        )
    return np.clip(Z, 0, None).reshape(N, J, N, J), np.clip(F, 0, None).reshape(N, J, N), regions, sectors


def _drop_empty_sectors(
    Z: np.ndarray, F: np.ndarray, sectors: list[str], source: str
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    output = Z.sum(axis=(2, 3)) + F.sum(axis=2)
    empty = output.sum(axis=0) == 0
    if empty.any():
        warnings.warn(
            f"{source}: sectors with no output in any country dropped: "
            + ", ".join(s for s, e in zip(sectors, empty, strict=True) if e),
            IOTableWarning,
            stacklevel=3,
        )
        keep = ~empty
        Z, F = Z[:, keep][:, :, :, keep], F[:, keep]
        sectors = [s for s, e in zip(sectors, empty, strict=True) if not e]
    return Z, F, sectors


def calibrate_trade_baseline(
    table: IOTable,
    *,
    elasticities: Mapping[str, float] | pd.Series,
    tariffs: xr.DataArray | None = None,
) -> TradeBaseline:
    """The ``TradeBaseline`` that reproduces ``table`` as an equilibrium of the Caliendo-Parro model.

    ``elasticities``: theta by sector of the table (see ``gotogether.data.elasticities``);
    ``tariffs``: ad-valorem tariffs (importer, exporter, sector), 0.05 = 5%, zero where absent.
    Monetary values stay in the table's unit. Raises ``DataConsistencyError`` when a sector's intermediate
    inputs (gross of tariffs) exceed its output, naming the (country, sector).
    """
    Z, F, regions, sectors = _blocks(table)
    Z, F, sectors = _drop_empty_sectors(Z, F, sectors, table.source)
    N, J = len(regions), len(sectors)
    theta = pd.Series(dict(elasticities), dtype=float).reindex(sectors)
    if theta.isna().any():
        raise InputError(
            f"no trade elasticity for {list(theta.index[theta.isna()])}",
            source=table.source,
            location="elasticities",
            expected="theta for every sector of the table",
        )
    tariff = np.zeros((N, N, J))
    if tariffs is not None:
        tariff = (
            tariffs.reindex({IMPORTER: regions, EXPORTER: regions, SECTOR: sectors}, fill_value=0.0)
            .transpose(IMPORTER, EXPORTER, SECTOR)
            .values.astype(float)
        )
    factor = 1.0 + tariff  # (importer n, exporter i, sector j)
    factor_origin = factor.transpose(1, 2, 0)  # (i, j, n)
    output = Z.sum(axis=(2, 3)) + F.sum(axis=2)  # (region, sector): sales at basic prices
    zero_output = output == 0
    if zero_output.any():
        cells = [f"({regions[n]}, {sectors[j]})" for n, j in np.argwhere(zero_output)]
        warnings.warn(
            f"{table.source}: {len(cells)} (country, sector) with zero output keep a labour-only technology: "
            + ", ".join(cells[:10]),
            IOTableWarning,
            stacklevel=2,
        )
    inputs = np.einsum("ijnk,ijn->njk", Z, factor_origin)  # (user n, input j, user sector k), gross
    safe_output = np.where(zero_output, 1.0, output)
    input_share = np.where(zero_output[:, None, :], 0.0, inputs / safe_output[:, None, :])
    va_share = 1.0 - input_share.sum(axis=1)
    if (va_share < 0).any():
        n, k = np.argwhere(va_share < 0)[0]
        raise DataConsistencyError(
            f"intermediate inputs exceed output (value-added share {va_share[n, k]:.4g})",
            source=table.source,
            location=f"({regions[n]}, {sectors[k]})",
            expected="inputs, gross of tariffs, at most equal to gross output",
        )
    net_flows = Z.sum(axis=3) + F  # (origin i, sector j, destination n)
    gross = net_flows.transpose(2, 0, 1) * factor  # (n, i, j)
    expenditure = gross.sum(axis=1)  # (n, j)
    no_use = expenditure == 0
    trade_share = np.divide(
        gross, expenditure[:, None, :], out=np.zeros_like(gross), where=~no_use[:, None, :]
    )
    for n, j in np.argwhere(no_use):
        trade_share[n, n, j] = 1.0
    final = np.einsum("ijn,ijn->nj", F, factor_origin)
    final_share = final / final.sum(axis=1, keepdims=True)
    value_added = (va_share * output).sum(axis=1)
    traded = net_flows.sum(axis=1)  # (origin, destination)
    deficit = traded.sum(axis=0) - np.diag(traded) - (traded.sum(axis=1) - np.diag(traded))
    return baseline_from_arrays(
        expenditure=expenditure,
        trade_share=trade_share,
        tariff=tariff,
        va_share=va_share,
        input_share=input_share,
        final_share=final_share,
        theta=theta.to_numpy(),
        value_added=value_added,
        deficit=deficit,
        countries=regions,
        sectors=sectors,
        attrs={"unit": table.unit, "source": f"calibrated from {table.source}"},
        source=f"calibration of {table.source}",
    )
