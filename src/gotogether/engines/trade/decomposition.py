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

import numpy as np
import xarray as xr

from gotogether.dims import COUNTRY, EXPORTER, IMPORTER, SECTOR
from gotogether.engines.trade.equilibrium import TradeEquilibrium


def welfare_decomposition(equilibrium: TradeEquilibrium, unit_cost_change: xr.DataArray) -> xr.Dataset:
    """Terms-of-trade and volume-of-trade effects (fractions of baseline income) by country and sector.

    ``unit_cost_change`` is c_hat / A_hat (country, sector). Returns ``terms_of_trade``,
    ``volume_of_trade`` (country, sector) and their sums over sectors ``terms_of_trade_total``,
    ``volume_of_trade_total`` and ``welfare_first_order`` (country).
    """
    base = equilibrium.baseline
    tariff = base["tariff"]
    imports = (
        base["expenditure"].rename({COUNTRY: IMPORTER}) * base["trade_share"] / (1.0 + tariff)
    )  # (importer, exporter, sector)
    exports = imports.rename({IMPORTER: EXPORTER, EXPORTER: IMPORTER})  # E_ni = M_in, n as importer label
    cost = unit_cost_change - 1.0
    own_cost = cost.rename({COUNTRY: IMPORTER})
    partner_cost = cost.rename({COUNTRY: EXPORTER})
    income = xr.DataArray(base.income, dims=IMPORTER, coords={IMPORTER: base.countries})
    terms = (exports * own_cost - imports * partner_cost).sum(EXPORTER) / income
    new_imports = equilibrium["flows"]
    with np.errstate(divide="ignore", invalid="ignore"):
        import_growth = (new_imports / imports).where(imports > 0, 0.0)
    volume = (tariff * imports * (import_growth - unit_cost_change.rename({COUNTRY: EXPORTER}))).sum(
        EXPORTER
    ) / income
    terms = terms.rename({IMPORTER: COUNTRY}).transpose(COUNTRY, SECTOR)
    volume = volume.rename({IMPORTER: COUNTRY}).transpose(COUNTRY, SECTOR)
    return xr.Dataset(
        {
            "terms_of_trade": terms,
            "volume_of_trade": volume,
            "terms_of_trade_total": terms.sum(SECTOR),
            "volume_of_trade_total": volume.sum(SECTOR),
            "welfare_first_order": terms.sum(SECTOR) + volume.sum(SECTOR),
        }
    )
