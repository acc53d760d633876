"""Everything the engines need about the default world, loaded and calibrated once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

import xarray as xr

from gotogether.data import registry
from gotogether.data.default_world import default_world_elasticities, load_default_world
from gotogether.data.iotable import IOTable
from gotogether.data.valuenet.tables import vendor_homes
from gotogether.engines.rollout.params import RolloutParameters, default_parameters
from gotogether.engines.supply.network import ValueNetwork, load_default_network
from gotogether.engines.trade import TradeBaseline
from gotogether.engines.trade.calibrate import calibrate_trade_baseline
from gotogether.engines.value.industries import Industries, default_industries
from gotogether.engines.value.value import by_industry, sector_sizes
from gotogether.scenarios.inputs import ModelWorld


@dataclass(frozen=True)
class World:
    """The default world (WIOD 2011, 23 regions x 25 sectors) with each engine's calibrated inputs.

    Sizes are billions of US dollars of 2011: ``sector_value_added`` / ``sector_gross_output`` (country,
    sector) and ``industry_value_added`` / ``industry_gross_output`` (country, industry).
    """

    table: IOTable
    trade: TradeBaseline
    industries: Industries
    sector_value_added: xr.DataArray
    sector_gross_output: xr.DataArray
    industry_value_added: xr.DataArray
    industry_gross_output: xr.DataArray
    network: ValueNetwork
    rollout: RolloutParameters
    vendor_home: dict[str, str]

    @cached_property
    def model(self) -> ModelWorld:
        """What scenario translation needs of this world."""
        return ModelWorld(
            trade=self.trade,
            rollout_countries=self.rollout.countries,
            vendor_home=self.vendor_home,
            network=self.network,
            gdp=registry.gdp_2019(),
        )

    @property
    def world_value_added(self) -> float:
        """World value added of the base table, billions of US dollars."""
        return float(self.sector_value_added.sum())


@cache
def load_world() -> World:
    """Load the default world and calibrate the engines on it (about 2 s; cached per process)."""
    table = load_default_world()
    industries = default_industries()
    value_added, gross_output = sector_sizes(table)
    return World(
        table=table,
        trade=calibrate_trade_baseline(table, elasticities=default_world_elasticities()),
        industries=industries,
        sector_value_added=value_added,
        sector_gross_output=gross_output,
        industry_value_added=by_industry(value_added, industries),
        industry_gross_output=by_industry(gross_output, industries),
        network=load_default_network(),
        rollout=default_parameters(),
        vendor_home=vendor_homes(),
    )
