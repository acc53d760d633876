"""Everything the engines need about the default world, loaded and calibrated once per process.

The engines open no file: this module reads the packaged tables (the default world, the value network, the
rollout's countries, the industries and the value targets, the parameter table) and hands each engine its
data and parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import xarray as xr

from gotogether.data import registry
from gotogether.data.default_world import (
    baseline_tariffs,
    default_world_elasticities,
    gdp_2019,
    growth_factors,
    load_default_world,
)
from gotogether.data.default_world.capital2019 import capital_2019
from gotogether.data.iotable import IOTable
from gotogether.data.loaders.eto import eto_technology_providers
from gotogether.data.parameters import resolve
from gotogether.data.rollout.tables import load_countries, load_operators, load_vendor_shares
from gotogether.data.value import Target, read_industry_table, read_targets
from gotogether.data.valuenet import TableOverride, load_tables
from gotogether.data.valuenet.tables import vendor_homes
from gotogether.engines.rollout.params import RolloutParameters, parameters_from_table
from gotogether.engines.supply import SupplyParameters
from gotogether.engines.supply.network import ValueNetwork
from gotogether.engines.trade import TradeBaseline
from gotogether.engines.trade.calibrate import calibrate_trade_baseline
from gotogether.engines.value.industries import Industries
from gotogether.engines.value.value import by_industry, sector_sizes
from gotogether.lazy_dask import skip_dask_array_checks
from gotogether.pipeline.parameters import (
    calibrated_rollout,
    engine_values,
    supply_parameters,
    trade_solver_options,
)
from gotogether.scenarios.inputs import ModelWorld


@dataclass(frozen=True)
class World:
    """The default world (2019: WIOD 2011 updated, 23 regions x 27 sectors) with each engine's calibrated
    inputs and the parameter values in force (``parameters``: every parameter of the table; see
    ``gotogether.pipeline.parameters.configure``).

    Sizes are billions of US dollars of the table's year: ``sector_value_added`` / ``sector_gross_output``
    (country, sector) and ``industry_value_added`` / ``industry_gross_output`` (country, industry);
    ``gdp_2019`` (country) too; ``growth`` is real GDP relative to 2019 (country, year); ``capital`` the
    regions' capital accounts of 2019 (``data.default_world.capital2019``).
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
    value_targets: Mapping[str, Target]
    supply_parameters: SupplyParameters
    trade_options: Mapping[str, Any]
    uplift_scale: float
    price_elasticity: float
    growth: xr.DataArray
    gdp_2019: xr.DataArray
    parameters: Mapping[str, float]
    capital: xr.Dataset

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


def default_network(*, base_year: int = 2020, eto_folder: Path | None = None) -> ValueNetwork:
    """The packaged value network; with ``eto_folder`` (a user's copy of the ETO supply-chain data), its
    technology providers by country replace the packaged ones."""
    overrides: tuple[TableOverride, ...] = ()
    if eto_folder is not None:
        frame = eto_technology_providers(eto_folder)
        overrides = (TableOverride("technology_providers", eto_folder, frame=frame),)
    return ValueNetwork.from_tables(load_tables(overrides), base_year=base_year)


def rollout_parameters(
    path: Path | None = None,
    values: Mapping[str, float] | None = None,
    shares_path: Path | None = None,
) -> RolloutParameters:
    """The rollout's parameters: the packaged countries table (or a user's at ``path``), the vendor
    footprints (packaged, or a user's at ``shares_path``), the vendors' home countries and the world-wide
    ``rollout.*`` values (defaults unless given), the price sensitivity and the discount solved from their
    calibration targets (``pipeline.parameters.calibrated_rollout``); the packaged ones (no argument) made
    once per process."""
    if path is None and values is None and shares_path is None:
        return _packaged_rollout_parameters()
    return _rollout_parameters(path, values, shares_path)


@cache
def _packaged_rollout_parameters() -> RolloutParameters:
    return _rollout_parameters(None, None, None)


def _rollout_parameters(
    path: Path | None, values: Mapping[str, float] | None, shares_path: Path | None
) -> RolloutParameters:
    world = engine_values(resolve(values or {}), "rollout")
    shares = load_vendor_shares(shares_path)
    table = parameters_from_table(load_countries(path), shares, vendor_homes(), world, load_operators())
    return calibrated_rollout(table, values or {})


def default_industries() -> Industries:
    """The packaged industry table on the default world's sectors."""
    return Industries(read_industry_table(), tuple(registry.sectors().codes))


@cache
def load_world() -> World:
    """Load the default world and calibrate the engines on it, every parameter at its default (about 2 s;
    cached per process)."""
    skip_dask_array_checks()  # before the first labelled array: no Dask arrays in a run
    table = load_default_world()
    industries = default_industries()
    value_added, gross_output = sector_sizes(table)
    values = resolve({})
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
        network=default_network(),
        rollout=rollout_parameters(),
        vendor_home=vendor_homes(),
        value_targets=read_targets(),
        supply_parameters=supply_parameters(values),
        trade_options=trade_solver_options(values),
        uplift_scale=values["value.uplift_scale"],
        price_elasticity=values["adoption.price_elasticity"],
        growth=growth_factors(),
        gdp_2019=gdp_2019() / 1e3,
        parameters=values,
        capital=capital_2019(),
    )
