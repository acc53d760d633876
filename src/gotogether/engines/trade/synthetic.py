"""Synthetic trade baselines of any size, for tests, benchmarks and scaling studies (not real data)."""

from __future__ import annotations

import numpy as np

from gotogether.engines.trade.baseline import TradeBaseline, baseline_from_arrays
from gotogether.engines.trade.equilibrium import solve
from gotogether.engines.trade.shock import TradeShock


def random_baseline(countries: int, sectors: int, *, seed: int = 0, tariffs: bool = True) -> TradeBaseline:
    """A random but plausible economy solved to equilibrium (zero deficits).

    Home bias in trade shares, value-added shares 0.3-0.7, Dirichlet input and final-demand shares,
    theta 2-10, tariffs 0-10% (if ``tariffs``), log-normal country sizes.
    """
    rng = np.random.default_rng(seed)
    n, j = countries, sectors
    weights = rng.lognormal(0.0, 1.0, (n, n, j))
    weights[np.arange(n), np.arange(n), :] *= 4.0 * n
    trade_share = weights / weights.sum(axis=1, keepdims=True)
    tariff = rng.uniform(0.0, 0.1, (n, n, j)) if tariffs else np.zeros((n, n, j))
    tariff[np.arange(n), np.arange(n), :] = 0.0
    va_share = rng.uniform(0.3, 0.7, (n, j))
    input_share = rng.dirichlet(np.ones(j), (n, j)).transpose(0, 2, 1) * (1.0 - va_share)[:, None, :]
    final_share = rng.dirichlet(np.ones(j), n)
    value_added = rng.lognormal(0.0, 1.0, n)
    rough = baseline_from_arrays(
        trade_share=trade_share,
        tariff=tariff,
        va_share=va_share,
        input_share=input_share,
        final_share=final_share,
        theta=rng.uniform(2.0, 10.0, j),
        value_added=value_added,
        deficit=np.zeros(n),
        expenditure=final_share * value_added[:, None] * 2.0,
    )
    # The random shares are not an equilibrium; the model's own equilibrium from them is.
    return solve(rough, TradeShock()).as_baseline()
