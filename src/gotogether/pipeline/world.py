"""Everything the engines need about the default world, loaded and calibrated once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import xarray as xr

from gotogether.data.default_world import baseline_tariffs, default_world_elasticities, load_default_world
from gotogether.data.iotable import IOTable
from gotogether.data.valuenet.tables import vendor_homes
from gotogether.engines.rollout.params import RolloutParameters, default_parameters
from gotogether.engines.supply.network import ValueNetwork, load_default_network
from gotogether.engines.trade import TradeBaseline
from gotogether.engines.trade.calibrate import calibrate_trade_baseline
from gotogether.engines.value.industries import Industries, default_industries
from gotogether.engines.value.value import by_industry, sector_sizes


@dataclass(frozen=True)
class World:
    """The default world (2019: WIOD 2011 updated, 23 regions x 27 sectors), each engine's inputs calibrated.

    Sizes are billions of US dollars of the table's year: ``sector_value_added`` / ``sector_gross_output``
    (country, sector) and ``industry_value_added`` / ``industry_gross_output`` (country, industry).
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
        trade=calibrate_trade_baseline(
            table,
            elasticities=default_world_elasticities(),
            tariffs=baseline_tariffs(),  # 2019's (issue 12)
        ),
        industries=industries,
        sector_value_added=value_added,
        sector_gross_output=gross_output,
        industry_value_added=by_industry(value_added, industries),
        industry_gross_output=by_industry(gross_output, industries),
        network=load_default_network(),
        rollout=default_parameters(),
        vendor_home=vendor_homes(),
    )
