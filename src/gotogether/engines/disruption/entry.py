"""The disruption engine's entry point under the engine contract (``gotogether.engines.contract``)."""

from __future__ import annotations

import xarray as xr

from gotogether.engines.contract import with_long_names
from gotogether.engines.disruption.engine import simulate_disruption
from gotogether.engines.disruption.parameters import DisruptionParameters
from gotogether.engines.disruption.shock import DisruptionShock
from gotogether.engines.disruption.table import DisruptionTable

LONG_NAMES = {
    "output": "gross output",
    "output_lost": "gross output below the baseline",
    "value_added_lost": "value added below the baseline",
    "supply_constrained_loss": "output lost to missing capacity or inputs (not to lower orders)",
    "capacity": "productive capacity",
    "inventory_ratio": "inventories over their targets",
    "premium_paid": "substitution premium paid by the industry",
    "final_demand_lost": "final demand not delivered",
    "final_premium_paid": "substitution premium paid by final buyers",
    "redirected": "orders delivered by substitute origins",
    "iterations": "iterations of the month's rationing fixed point",
    "order_rounds": "rounds of rush orders placed within the month",
}
"""The ``long_name`` of every variable of the result (units are set where the engine labels them)."""


def run(inputs: DisruptionShock, parameters: DisruptionParameters, data: DisruptionTable) -> xr.Dataset:
    """Month by month output, losses, inventories and substitution under the shock ``inputs`` (the
    variables of ``engine.simulate_disruption``) on the input-output table ``data``."""
    return with_long_names(simulate_disruption(data, inputs, parameters), LONG_NAMES)
