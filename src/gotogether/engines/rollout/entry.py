"""The rollout engine's entry point under the engine contract (``gotogether.engines.contract``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import xarray as xr

from gotogether.engines.contract import with_long_names
from gotogether.engines.rollout.engine import simulate_rollout
from gotogether.engines.rollout.measures import Ban, StandardsSplit
from gotogether.engines.rollout.params import RolloutParameters

LONG_NAMES = {
    "sites_new": "sites built toward coverage",
    "sites_replacement": "sites built to replace banned equipment",
    "sites_removed": "sites of banned equipment taken out",
    "installed": "active sites at year end",
    "vendor_price": "the vendor's quality-adjusted bid per installed site",
    "vendor_share": "the vendor's share of the sites bought",
    "capex_new": "capital spending on new sites",
    "capex_replacement": "capital spending on replacing banned equipment",
    "capex_envelope": "capital spending the operators can afford",
    "learning": "the sector's learning factor (Wright's law on the world's new sites)",
    "vendor_learning": "the vendor's learning factor (Wright's law on its own and the others' shipments)",
    "desired_sites": "sites the operators want toward coverage",
    "price_per_site": "cost index per site (the logit's inclusive value over the vendors' bids)",
    "sites": "active sites at year end",
    "coverage": "5G population coverage",
    "full_sites": "sites at full population coverage",
    "lte_installed": "active 4G radio sites at year end",
    "lte_removed": "4G radio sites of banned equipment taken out",
    "core_installed": "sites served by the vendor's core at year end",
    "core_removed": "sites whose banned core was taken out",
    "vendor_revenue": "the vendor's sales of radio and core",
    "site_visits": "site visits for new build and swaps",
    "swap_visits": "site visits that swap banned equipment",
    "writeoff": "remaining book value of the equipment removed",
    "ran_spending": "RAN equipment bought: 5G and swapped 4G radio, 4G upkeep, 5G densification and refresh",
    "capex_capacity": "capital spending on 5G densification and refresh",
}
"""The ``long_name`` of every variable of the result (units: ``rollout.result.UNITS``)."""


@dataclass(frozen=True)
class RolloutInputs:
    """The scenario's bans and split of the vendors' learning, and the supply engine's yearly tables
    (``feasible_output``, ``headroom`` and ``unit_cost_multiplier`` by vendor and year) when its measures
    reach it."""

    bans: Sequence[Ban] = ()
    split: StandardsSplit | None = None
    supply: xr.Dataset | None = None


def run(inputs: RolloutInputs, parameters: RolloutParameters, data: None = None) -> xr.Dataset:
    """Sites, coverage, capex, prices and vendor shares by country and year (``rollout.result``). The
    rollout's world (countries, sites, budgets, incumbent vendors) is part of its calibrated
    ``parameters``, so ``data`` is ``None``."""
    result = simulate_rollout(
        inputs.bans,
        split=inputs.split,
        supply=inputs.supply,
        params=parameters,
    )
    return with_long_names(result.data, LONG_NAMES)
