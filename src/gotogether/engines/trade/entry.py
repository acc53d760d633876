"""The trade engine's entry point under the engine contract (``gotogether.engines.contract``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import xarray as xr

from gotogether.engines.contract import with_long_names
from gotogether.engines.trade.baseline import TradeBaseline
from gotogether.engines.trade.equilibrium import solve
from gotogether.engines.trade.shock import TradeShock

LONG_NAMES = {
    "wage_change": "wage change, w_hat",
    "value_added": "value added, w_hat wL",
    "income": "income, I'",
    "income_change": "income change, I'/I",
    "price_change": "sector price index change, P_hat^j",
    "cost_change": "input bundle cost change, c_hat^j",
    "price_index_change": "consumer price index change, P_hat",
    "welfare_change": "exact change in real income, W_hat = I_hat / P_hat",
    "real_wage_change": "real wage change, w_hat / P_hat",
    "trade_share": "importer's expenditure share on the exporter, pi'",
    "flows": "trade flows net of tariffs, X' pi' / (1 + tau')",
    "tariff": "ad-valorem tariff, tau'",
    "expenditure": "expenditure, X'",
    "deficit": "trade deficit, D'",
}
"""The ``long_name`` of every variable of the result (units: ``trade.equilibrium.UNITS``)."""


@dataclass(frozen=True)
class TradeInputs:
    """The scenario's shock, and optionally a solved equilibrium of the same baseline near this one (the
    Dataset ``run`` returned), to start the solver from."""

    shock: TradeShock = field(default_factory=TradeShock)
    warm_start: xr.Dataset | None = None


def run(inputs: TradeInputs, parameters: Mapping[str, Any], data: TradeBaseline) -> xr.Dataset:
    """The counterfactual equilibrium for ``inputs.shock`` relative to the baseline ``data``; ``parameters``
    are the solver's options (``tolerance``, ``step_tolerance``, ``max_iterations``)."""
    equilibrium = solve(data, inputs.shock, warm_start=inputs.warm_start, **parameters)
    return with_long_names(equilibrium.data, LONG_NAMES)
