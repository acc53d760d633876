"""What the measures add to the operators' yearly support bill on the installed RAN (pure functions).

Operators pay the vendors a yearly share ``s`` (``rollout.support_share``) of the installed equipment's
value for support and maintenance (software licences, support contracts). The installed value is kept at
the prices it was bought at, class by class (5G radio, 4G radio, core: ``c``), removals at the stock's
average value (perpetual inventory):

    K[c, n, t] = K[c, n, t-1] (1 - r[c, n, t] / U[c, n, t-1]) + e[c] P[n, t] b[c, n, t]
    U[c, n, t] = U[c, n, t-1] - r[c, n, t] + b[c, n, t]

``b`` and ``r`` the units bought and removed (sites; 4G radio in sites of ``units`` radio units), ``U`` the
units installed (the 2019 4G grid and its core, ``RolloutParameters.lte_sites``, at the start), ``P`` the
cost index per site (``price_per_site``: a site costs it whichever vendor wins it), ``e`` each class's share
of a site's installed cost that is equipment: ``q (1 - k)`` for a 5G site's radio, ``q (1 - k) units`` for a
4G site's, ``q k`` for the core of a site served (``q`` = ``ran_equipment_share``, ``k`` = ``core_share``).

The measures' extra opex is the scenario's kit at its own index over the same kit at the reference's index
of the same years: ``s sum_c K[c, n, t](P_scenario - P_reference)`` (``K`` is linear in ``P``, the 2019 grid
bought before any measure cancels). A ban's kit, new and swapped, is bought at the dearer index of the
vendors left, and a swapped site's support moves from the banned vendor's kit (its average value leaves) to
the new kit; since the removal shares do not depend on prices, the extra opex has the sign of the price
gaps (never negative where the index never falls). Not in it: the support saved on sites a delay leaves
unbuilt (the delay's cost is the 5G value lost), refresh at the end of life, densification and the 4G
grid's upkeep (kit stays at the price it was first bought at).
"""

from __future__ import annotations

import numpy as np
import xarray as xr

from gotogether.engines.rollout.curves import Array
from gotogether.engines.rollout.params import RolloutParameters
from gotogether.engines.rollout.result import RolloutResult

ORDER = ("country", "vendor", "year")


def stock_value(bought: Array, removed: Array, price: Array, start_units: Array, start_price: Array) -> Array:
    """Value (N, T) at each year end of a stock at the prices it was bought at (``K``): ``bought`` and
    ``removed`` units (N, T), bought at ``price`` a unit (N, T), removed at the stock's average value a
    unit; ``start_units`` (N) valued at ``start_price`` (N) at the start."""
    value = np.empty_like(bought)
    units, held = start_units.astype(float), start_units * start_price
    for t in range(bought.shape[1]):
        kept = np.divide(units - removed[:, t], units, out=np.ones_like(units), where=units > 0)
        held = held * np.clip(kept, 0.0, 1.0) + price[:, t] * bought[:, t]
        units = units - removed[:, t] + bought[:, t]
        value[:, t] = held
    return value


def installed_value(result: RolloutResult, params: RolloutParameters, price: Array) -> Array:
    """Equipment value (N, T, USD of 2020) of ``result``'s installed 5G radio, 4G radio and core bought since
    2019, at ``price`` a site (N, T) in the year each was bought (the module's ``K`` summed over classes,
    the 2019 grid at no value: it was bought before any measure)."""
    d = result.data.variables
    totals = {name: d[name].transpose(*ORDER).to_numpy().sum(axis=1) for name in _BY_VENDOR}
    start = params.lte_sites.sum(axis=1)
    nothing = np.zeros_like(start)
    q, k, units = params.ran_equipment_share, params.core_share, params.swap_units_per_site
    radio_5g = stock_value(
        totals["sites_new"] + totals["sites_replacement"], totals["sites_removed"], price, nothing, nothing
    )
    radio_4g, core = (
        stock_value(_bought(totals[f"{grid}_installed"], totals[f"{grid}_removed"], start),
                    totals[f"{grid}_removed"], price, start, nothing)
        for grid in ("lte", "core")
    )  # fmt: skip
    value: Array = q * ((1.0 - k) * (radio_5g + units * radio_4g) + k * core)
    return value


_BY_VENDOR = (
    "sites_new",
    "sites_replacement",
    "sites_removed",
    "lte_installed",
    "lte_removed",
    "core_installed",
    "core_removed",
)


def _bought(installed: Array, removed: Array, start: Array) -> Array:
    """Units bought a year (N, T) from the stock at each year end ``installed`` (N, T), the units
    ``removed`` (N, T) and the stock at the start ``start`` (N); never below 0 (rounding)."""
    before = np.concatenate([start[:, None], installed[:, :-1]], axis=1)
    bought: Array = np.maximum(installed - before + removed, 0.0)
    return bought


def extra_opex(scenario: RolloutResult, reference: RolloutResult, params: RolloutParameters) -> xr.DataArray:
    """The measures' extra support and maintenance (country, year, USD of 2020 a year): ``support_share``
    times the installed value of ``scenario`` at its own cost index over the same kit at ``reference``'s
    index of the same years (``installed_value``; linear in the prices, so the value at the gap)."""
    scenario_price, reference_price = (
        result.data.variables["price_per_site"].transpose("country", "year").to_numpy()
        for result in (scenario, reference)
    )
    extra = params.support_share * installed_value(scenario, params, scenario_price - reference_price)
    return xr.DataArray(
        extra,
        dims=("country", "year"),
        coords={"country": scenario.data.indexes["country"], "year": scenario.data.indexes["year"]},
        attrs={"units": "USD of 2020"},
    )
