"""A real draw function: the Caliendo-Parro NAFTA counterfactual with uncertain sectoral trade elasticities.

Each draw replaces theta of the 20 traded sectors (parameters ``trade.theta.<sector>`` of the parameter
table), solves the zero-deficit 1993 equilibrium with those elasticities, applies the NAFTA tariff changes
(the tariffs Canada, Mexico and the USA apply to each other, 1993 to 2005 levels) and returns the welfare
change of every country. The loaded 1993 data are cached once per worker process, not loaded per draw.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import pandas as pd
import xarray as xr

from gotogether.data.loaders.cp2015 import CP2015_SECTORS, N_TRADED, NAFTA, cp2015_tariffs
from gotogether.data.parameters import parameter_table, select
from gotogether.data.parameters.distributions import Distribution
from gotogether.engines.trade import TradeBaseline, TradeShock, solve, welfare_decomposition
from gotogether.validation.cp2015 import load_cp2015

PREFIX = "trade.theta."
TRADED = CP2015_SECTORS[:N_TRADED]


@cache
def _nafta_tariffs() -> xr.DataArray:
    return cp2015_tariffs(2005).sel(importer=list(NAFTA), exporter=list(NAFTA))


def theta_parameters() -> dict[str, Distribution]:
    """The parameter table's distributions of theta for the 20 traded CP sectors."""
    chosen = select(parameter_table(), PREFIX)
    return {name: chosen[name] for name in (PREFIX + sector for sector in TRADED)}


def nafta_theta_draw(values: Mapping[str, float]) -> dict[str, pd.DataFrame]:
    """Welfare effects of NAFTA (percent, by country) given ``trade.theta.<sector>`` of traded sectors.

    Returns one table, ``welfare``: index ``country``; columns ``welfare_first_order_pct`` (CP's Table 2
    measure, terms of trade plus volume of trade), ``welfare_exact_pct`` (exact change in real income,
    W_hat - 1) and ``real_wage_pct``. Sectors without a value keep CP's theta.
    """
    data = load_cp2015().data
    theta = data["theta"].copy()
    for sector in TRADED:
        if PREFIX + sector in values:
            theta.loc[{"sector": sector}] = values[PREFIX + sector]
    drawn = TradeBaseline.from_dataset(data.assign(theta=theta), source="cp2015 with drawn theta")
    baseline = solve(drawn, TradeShock(deficit=xr.zeros_like(data["deficit"]))).as_baseline()
    result = solve(baseline, TradeShock(tariff=_nafta_tariffs()))
    decomposition = welfare_decomposition(result, result["cost_change"])
    welfare = pd.DataFrame(
        {
            "welfare_first_order_pct": 100 * decomposition["welfare_first_order"].to_series(),
            "welfare_exact_pct": 100 * (result["welfare_change"].to_series() - 1),
            "real_wage_pct": 100 * (result["real_wage_change"].to_series() - 1),
        }
    )
    welfare.index.name = "country"
    return {"welfare": welfare}
