"""Library scenarios run at a rivals' diversion share (or any one parameter's value), shared by the rivals'
tests so that each run is made once per process."""

from functools import cache

import numpy as np
import xarray as xr

from gotogether.pipeline import load_world, run_scenario
from gotogether.pipeline.run import References, ScenarioOutcome
from gotogether.pipeline.who_pays import CHANNELS, SALES_PARTS, ledger, supplier_sales_gross_net, who_pays
from gotogether.pipeline.world import World
from gotogether.scenarios import load_scenario


@cache
def _world() -> tuple[World, References]:
    return load_world(), {}


@cache
def outcome(name: str, parameter: str | None = None, value: float | None = None) -> ScenarioOutcome:
    """Scenario ``name`` of the library on the default world, with ``parameter`` at ``value`` if given."""
    world, references = _world()
    values = None if parameter is None or value is None else {parameter: value}
    return run_scenario(world, load_scenario(name), values=values, references=references)


def accounts(result: ScenarioOutcome) -> xr.Dataset:
    """The suppliers' sales change by part and country (``supplier_sales_gross_net``), checked to add up:
    ``net`` is the sum of the parts, and each row of who pays has its channels sum to its total."""
    parts = supplier_sales_gross_net(result, "country")
    assert parts is not None
    np.testing.assert_allclose(
        parts["net"].values, sum(parts[name] for name in SALES_PARTS), rtol=1e-12, atol=1e-12
    )
    table = who_pays(result, ledger(result))
    channels = table[[f"{name}_pv" for name in CHANNELS]].sum(axis=1)
    np.testing.assert_allclose(table["ev_pv"].to_numpy(), channels.to_numpy(), rtol=1e-12, atol=1e-9)
    return parts


def diversion_gains(name: str, parameter: str) -> xr.DataArray:
    """(country, year) the suppliers' net sales change with ``parameter`` at 1 less that at 0, USD bn;
    the gross (the supply engine's) is checked to be the same in both."""
    closed, open_ = (
        supplier_sales_gross_net(outcome(name, parameter, share), "country") for share in (0.0, 1.0)
    )
    assert closed is not None
    assert open_ is not None
    np.testing.assert_allclose(closed["gross"].sum(), open_["gross"].sum(), rtol=1e-12)
    gains: xr.DataArray = open_["net"] - closed["net"].reindex_like(open_["net"]).fillna(0.0)
    return gains
