"""Gains from trade in closed form: Costinot and Rodriguez-Clare (2014), multi-sector with input-output links.

Handbook of International Economics vol. 4, ch. 4. With zero tariffs and zero deficits, the welfare change
of country n moving to autarky is, in the Caliendo-Parro model's notation,

    ln W_hat_n = sum_j alpha_n^j sum_k [(I - Gamma_n')^{-1}]_{jk} ln(pi_nn^k) / theta^k,

Gamma_n[k, j] = gamma_n^{k,j} the input shares; the gains from trade are 1 - W_hat_n. It checks the
calibration and the solver: moving one country to autarky in the solved model must give the same number.
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from gotogether.dims import COUNTRY
from gotogether.engines.trade.baseline import TradeBaseline


def autarky_welfare_change(baseline: TradeBaseline) -> xr.DataArray:
    """W_hat of each country moving alone to autarky (1 = no change), by the closed form above."""
    domestic = np.einsum(
        "nnj->nj", baseline["trade_share"].transpose("importer", "exporter", "sector").values
    )
    theta = baseline["theta"].values
    alpha = baseline["final_share"].transpose(COUNTRY, "sector").values
    gamma = baseline["input_share"].transpose(COUNTRY, "input_sector", "sector").values
    identity = np.eye(theta.size)
    log_change = np.empty(len(baseline.countries))
    with np.errstate(divide="ignore"):  # a sector bought only abroad has pi_nn = 0: autarky costs everything
        log_share = np.log(domestic) / theta
    for n in range(log_change.size):
        prices = np.linalg.solve(identity - gamma[n].T, log_share[n])
        log_change[n] = alpha[n] @ prices
    return xr.DataArray(
        np.exp(log_change), coords={COUNTRY: baseline.countries}, dims=COUNTRY, name="welfare"
    )
