"""``simulate_disruption``: the month-by-month propagation as a labelled Dataset (docs/disruption.md)."""

from __future__ import annotations

import numpy as np
import xarray as xr

from gotogether.dims import COUNTRY, MONTH, SECTOR
from gotogether.engines.disruption.model import (
    Economy,
    Month,
    critical_inputs,
    initial_state,
    inventory_targets,
    step,
)
from gotogether.engines.disruption.parameters import DisruptionParameters
from gotogether.engines.disruption.shock import DisruptionShock
from gotogether.engines.disruption.table import DisruptionTable


def simulate_disruption(
    table: DisruptionTable, shock: DisruptionShock, params: DisruptionParameters | None = None
) -> xr.Dataset:
    """Propagate ``shock`` through ``table`` month by month, from the baseline (inventories at target).

    Variables (money in the table's unit per month): ``output``, ``output_lost`` (x_bar - x), ``value_added_
    lost`` (s (x_bar - x)), ``supply_constrained_loss`` (output below what demand asked, up to the baseline:
    lost to missing capacity or inputs, not to lower orders), ``capacity`` (share of baseline output),
    ``inventory_ratio`` (inventories over targets), ``premium_paid`` (the substitution premium each
    industry pays) by (month, country, sector); ``final_demand_lost`` and ``final_premium_paid`` by (month,
    country of the final buyer); ``redirected`` (orders delivered by substitute origins) by (month, sector);
    ``iterations`` of the month's fixed point and ``order_rounds`` of its rush orders by month.
    """
    params = params or DisruptionParameters()
    R, S = table.size
    shock.check(R, S)
    targets = inventory_targets(table, params, shock.extra_inventory_weeks)
    state = initial_state(table, targets)
    economy = Economy.of(table, critical_inputs(table, params))
    months: list[Month] = [
        step(economy, params, state, targets, shock.capacity_loss[t], shock.route_open[t])
        for t in range(len(shock.months))
    ]
    return _labelled(table, shock, months)


def _labelled(table: DisruptionTable, shock: DisruptionShock, months: list[Month]) -> xr.Dataset:
    R, S = table.size
    money = f"{table.unit} per month"

    def grid(name: str) -> np.ndarray:
        return np.stack([getattr(month, name).reshape(R, S) for month in months])

    x_bar = table.output.reshape(R, S)
    output, demand = grid("output"), grid("demand")
    lost = x_bar - output
    constrained = np.maximum(np.minimum(demand, x_bar) - output, 0.0)
    capacity = np.divide(grid("capacity"), x_bar, out=np.ones_like(output), where=x_bar > 0)
    cube = (MONTH, COUNTRY, SECTOR)
    coords = {MONTH: list(shock.months), COUNTRY: list(table.regions), SECTOR: list(table.sectors)}

    def by_region(name: str) -> np.ndarray:
        return np.stack([getattr(month, name) for month in months])

    data = {
        "output": (cube, output, money),
        "output_lost": (cube, lost, money),
        "value_added_lost": (cube, lost * table.value_added_coefficients.reshape(R, S), money),
        "supply_constrained_loss": (cube, constrained, money),
        "capacity": (cube, capacity, "share of baseline output"),
        "inventory_ratio": (cube, grid("inventory_ratio"), "share of target inventory"),
        "premium_paid": (cube, grid("premium_paid"), money),
        "final_demand_lost": ((MONTH, COUNTRY), by_region("final_lost"), money),
        "final_premium_paid": ((MONTH, COUNTRY), by_region("final_premium"), money),
        "redirected": ((MONTH, SECTOR), by_region("redirected"), money),
        "iterations": ((MONTH,), np.array([month.iterations for month in months]), "1"),
        "order_rounds": ((MONTH,), np.array([month.order_rounds for month in months]), "1"),
    }
    return xr.Dataset(
        {
            name: xr.DataArray(values, dims=dims, attrs={"units": unit})
            for name, (dims, values, unit) in data.items()
        },
        coords=coords,
        attrs={"baseline_output_units": money},
    )


def value_lost(result: xr.Dataset) -> xr.DataArray:
    """Value lost to final users by (month, country): final demand not delivered plus the substitution
    premium paid by final buyers and by the industries of the country (table unit per month)."""
    lost = result["final_demand_lost"] + result["final_premium_paid"] + result["premium_paid"].sum(SECTOR)
    return lost.assign_attrs(units=result["final_demand_lost"].attrs["units"])
