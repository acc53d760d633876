"""The Buera-Oberfield (2020) law of motion of the stocks of knowledge, in changes against a balanced growth
path (notation of docs/diffusion.md). Small pure functions on numpy arrays; bilateral arrays are laid out
(importer i, exporter k, sector j) as in the trade engine, country arrays (country, sector).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

FIXED_POINT_TOLERANCE = 1e-13
"""Largest change of log x (or log lambda_hat) at which the fixed points below stop."""
MAX_FIXED_POINT_ITERATIONS = 10_000
"""Iteration limit of the fixed points (they contract at rate beta < 1: beta = 0.95 needs about 600)."""


def idea_flows(trade_share: Array, stocks: Array, beta: float) -> Array:
    """pi_ik^(1-beta) lambda_k^beta: the insights country i draws from its sellers in k (per sector; the
    Gamma(1-beta) alpha_t factor is common to all and left out). ``stocks``: lambda_k (country, sector)."""
    flows: Array = np.power(trade_share, 1.0 - beta) * np.power(stocks, beta)[None, :, :]
    return flows


def balanced_growth_stocks(trade_share: Array, beta: float) -> Array:
    """x (country, sector): the stocks of knowledge on the balanced growth path through constant trade
    shares ``trade_share``, relative to the common trend (alpha_t Gamma(1-beta) / g)^(1/(1-beta)): the fixed
    point x_i = sum_k pi_ik^(1-beta) x_k^beta, unique for 0 <= beta < 1 (a contraction of modulus beta in
    logs). Autarky gives x = 1; beta = 0 (no diffusion) gives x = 1 too."""
    return _fixed_point(np.power(trade_share, 1.0 - beta), beta)


def idea_weights(trade_share: Array, beta: float) -> Array:
    """s_ik = pi_ik^(1-beta) x_k^beta / x_i (importer, exporter, sector): the share of country i's new ideas
    that draw on insights from its sellers in k on the balanced growth path (rows sum to one)."""
    stocks = balanced_growth_stocks(trade_share, beta)
    flows = idea_flows(trade_share, stocks, beta)
    weights: Array = flows / flows.sum(axis=1, keepdims=True)
    return weights


def share_ratio(trade_share: Array, baseline_share: Array) -> Array:
    """pi'_ik / pi_ik where the baseline buys from k, 0 elsewhere (a route with no baseline trade carries
    no ideas on the baseline path, so its weight is 0 whatever the ratio)."""
    ratio: Array = np.divide(
        trade_share, baseline_share, out=np.zeros_like(trade_share), where=baseline_share > 0
    )
    return ratio


def knowledge_inflow(knowledge: Array, ratio: Array, weights: Array, beta: float) -> Array:
    """sum_k s_ik (pi'_ik / pi_ik)^(1-beta) lambda_hat_k^beta (country, sector): the arrival of ideas
    relative to the balanced growth path (1 on it)."""
    return _arrivals(weights * np.power(ratio, 1.0 - beta), knowledge, beta)


def _arrivals(routes: Array, stocks: Array, beta: float) -> Array:
    """sum_k routes_ik lambda_k^beta (country, sector): the arrival of ideas through ``routes`` (importer,
    exporter, sector), the part of the flows that stays fixed while the fixed points iterate on ``stocks``."""
    arrivals: Array = (routes * np.power(stocks, beta)[None, :, :]).sum(axis=1)
    return arrivals


def knowledge_step(
    knowledge: Array, ratio: Array, weights: Array, beta: float, growth: float | Array
) -> Array:
    """lambda_hat at t+1 from lambda_hat at t (an annual step of the law of motion, in changes):

        lambda_hat_i,t+1 = (lambda_hat_i,t + g sum_k s_ik (pi'_ik,t / pi_ik)^(1-beta) lambda_hat_k,t^beta)
                           / (1 + g)

    with g (``growth``, by sector or a scalar) the growth rate of knowledge on the balanced growth path
    (the normalised arrival rate alpha). A convex combination of this year's stock and the inflow: stable
    for any g > 0; lambda_hat = 1 stays 1 when the trade shares are the baseline's."""
    inflow = knowledge_inflow(knowledge, ratio, weights, beta)
    updated: Array = (knowledge + growth * inflow) / (1.0 + growth)
    return updated


def long_run_knowledge(ratio: Array, weights: Array, beta: float) -> Array:
    """lambda_hat (country, sector) if the trade shares stayed at pi' for ever: the fixed point
    lambda_hat_i = sum_k s_ik (pi'_ik / pi_ik)^(1-beta) lambda_hat_k^beta (the step's steady state)."""
    return _fixed_point(weights * np.power(ratio, 1.0 - beta), beta)


def _fixed_point(routes: Array, beta: float) -> Array:
    """x (country, sector) with x_i = sum_k routes_ik x_k^beta, iterated from 1 (a contraction of modulus
    beta in logs); ``routes`` is constant through the iteration, so it is made once by the caller."""
    stocks = np.ones(routes.shape[1:])
    for _ in range(MAX_FIXED_POINT_ITERATIONS):
        updated = _arrivals(routes, stocks, beta)
        step = np.max(np.abs(np.log(updated) - np.log(stocks)))
        stocks = updated
        if step < FIXED_POINT_TOLERANCE:
            break
    return stocks


def productivity_change(knowledge: Array, theta: Array) -> Array:
    """The TFP change of the trade engine, z_hat = lambda_hat^(1/theta_j): the stock of knowledge is the
    Frechet scale (Eaton-Kortum's T), which enters costs as T^(1/theta)."""
    change: Array = np.power(knowledge, 1.0 / theta[None, :])
    return change


def gains_from_trade(trade_share: Array, beta: float, theta: Array) -> Array:
    """W / W_autarky (country, sector-level real wage in that sector's goods) on the balanced growth path:
    (x_i / pi_ii)^(1/theta). With beta = 0, pi_ii^(-1/theta): the static gains (Arkolakis, Costinot and
    Rodriguez-Clare 2012)."""
    stocks = balanced_growth_stocks(trade_share, beta)
    domestic = np.einsum("iij->ij", trade_share)
    gains: Array = np.power(stocks / domestic, 1.0 / theta[None, :])
    return gains


def symmetric_gains_from_trade(domestic_share: float, countries: int, beta: float, theta: float) -> float:
    """The closed form of ``gains_from_trade`` for N symmetric countries, each buying pi_d at home and
    (1 - pi_d) / (N - 1) from each other: x^(1-beta) = pi_d^(1-beta) + (N-1)^beta (1 - pi_d)^(1-beta)."""
    foreign = (countries - 1) ** beta * (1.0 - domestic_share) ** (1.0 - beta)
    stock = (domestic_share ** (1.0 - beta) + foreign) ** (1.0 / (1.0 - beta))
    return float((stock / domestic_share) ** (1.0 / theta))
