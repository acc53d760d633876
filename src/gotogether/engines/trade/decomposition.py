"""Caliendo and Parro's (2015) first-order decomposition of welfare into terms of trade and volume of trade.

For country n, with baseline imports M_ni^j = X_n^j pi_ni^j / (1 + tau_ni^j) (net of tariffs), exports
E_ni^j = M_in^j and baseline income I_n (model-notes section 1, CP 2015 Table 2):

- terms of trade: (1/I_n) sum_j sum_i [E_ni^j dln c_n^j - M_ni^j dln c_i^j]
- volume of trade: (1/I_n) sum_j sum_i tau_ni^j M_ni^j (dln M_ni^j - dln c_i^j)

with dln c ~ c_hat - 1 (c the unit cost, c_hat / A_hat when productivity changes) and
dln M - dln c ~ M'/M - c_hat. Their sum is CP's "welfare" column; it is a first-order approximation, not
the exact change in real income (``TradeEquilibrium["welfare_change"]``), which is reported beside it.
"""

from __future__ import annotations

import xarray as xr

from gotogether.dims import COUNTRY, EXPORTER, IMPORTER, SECTOR
from gotogether.engines.trade.arrays import first_order_welfare
from gotogether.engines.trade.equilibrium import TradeEquilibrium


def welfare_decomposition(equilibrium: TradeEquilibrium, unit_cost_change: xr.DataArray) -> xr.Dataset:
    """Terms-of-trade and volume-of-trade effects (fractions of baseline income) by country and sector.

    ``unit_cost_change`` is c_hat / A_hat (country, sector). Returns ``terms_of_trade``,
    ``volume_of_trade`` (country, sector) and their sums over sectors ``terms_of_trade_total``,
    ``volume_of_trade_total`` and ``welfare_first_order`` (country). Computed on arrays
    (``arrays.first_order_welfare``).
    """
    base = equilibrium.baseline
    cost = unit_cost_change.transpose(COUNTRY, SECTOR).sel({COUNTRY: base.countries, SECTOR: base.sectors})
    flows = equilibrium["flows"].transpose(IMPORTER, EXPORTER, SECTOR).values
    terms, volume = first_order_welfare(base.arrays, flows, cost.values)
    coords = {COUNTRY: base.countries, SECTOR: base.sectors}
    terms_of_trade = xr.DataArray(terms, dims=(COUNTRY, SECTOR), coords=coords)
    volume_of_trade = xr.DataArray(volume, dims=(COUNTRY, SECTOR), coords=coords)
    return xr.Dataset(
        {
            "terms_of_trade": terms_of_trade,
            "volume_of_trade": volume_of_trade,
            "terms_of_trade_total": terms_of_trade.sum(SECTOR),
            "volume_of_trade_total": volume_of_trade.sum(SECTOR),
            "welfare_first_order": terms_of_trade.sum(SECTOR) + volume_of_trade.sum(SECTOR),
        }
    )
