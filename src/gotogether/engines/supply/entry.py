"""The supply engine's entry point under the engine contract (``gotogether.engines.contract``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import xarray as xr

from gotogether.engines.contract import with_long_names
from gotogether.engines.supply.engine import make_periods, simulate_supply
from gotogether.engines.supply.measures import Disruption, Divestiture, ExportControl, SubstitutionCap
from gotogether.engines.supply.network import ValueNetwork
from gotogether.engines.supply.params import SupplyParameters

LONG_NAMES = {
    "feasible_output": "output the vendor can build over its baseline output",
    "headroom": "share of its suppliers' spare capacity the vendor keeps for orders above its baseline",
    "unit_cost_multiplier": "unit cost of the vendor's equipment over its baseline unit cost",
    "bill_output": "output of each bill of materials the vendor can build over its baseline",
    "bill_cost_multiplier": "unit cost of each bill of materials over its baseline",
    "component_supply": "components used, by source",
    "sales": "each supplier line's sales to each vendor",
    "baseline_sales": "each supplier line's sales to each vendor without measures",
    "blocked_sales": "baseline sales the measures block",
    "need": "baseline need of components",
    "business_index": "the vendor's business over that of the year its purchases are reported",
    "class_index": "the vendor's need of the class over that of the year its purchases are reported",
    "ran_need": "bill of materials of the vendor's RAN business",
    "substitute_sales": "components bought from domestic substitutes",
    "substitute_capacity": "capacity of domestic substitutes",
    "inventory_drawn": "components drawn from inventory",
    "blocked_share": "share of the baseline supply of the class that is blocked",
    "origin_mix": "share of purchased components by the country where they are made",
    "vendor_sales_lost": "vendor's sales lost",
    "stockpile_bought": "components bought ahead of a control (part of sales)",
    "substitute_premium_cost": "what the vendor pays for substitutes over the baseline price",
    "substitute_investment": "investment in the vendor's substitution capacity",
    "substitute_exports": "the vendor's substitute's sales to the other vendors",
    "substitute_bought": "components bought from other vendors' substitutes",
    "substitute_premium": "unit cost of the vendor's substitute over the item it replaces, less one",
    "divested_sales": "each supplier line's sales to the buyers of the vendor's divested businesses",
    "divested_share": "share of the vendor's business divested",
}
"""The ``long_name`` of every variable of the result (units: ``supply.result.UNITS``)."""


@dataclass(frozen=True)
class SupplyInputs:
    """The scenario's export controls, disruptions, substitution caps and divestitures, over ``periods``
    (monthly 2019-2035 by default)."""

    controls: Sequence[ExportControl] = ()
    disruptions: Sequence[Disruption] = ()
    periods: pd.PeriodIndex = field(default_factory=make_periods)
    caps: Sequence[SubstitutionCap] = ()
    divestitures: Sequence[Divestiture] = ()


def run(inputs: SupplyInputs, parameters: SupplyParameters, data: ValueNetwork) -> xr.Dataset:
    """Supply on the value network ``data`` under the inputs' measures (the variables of
    ``supply.result``; ``SupplyResult(data, parameters)`` gives its yearly tables)."""
    result = simulate_supply(
        data,
        inputs.controls,
        parameters,
        inputs.periods,
        inputs.disruptions,
        inputs.caps,
        inputs.divestitures,
    )
    return with_long_names(result.data, LONG_NAMES)
