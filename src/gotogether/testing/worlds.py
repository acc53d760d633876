"""A small model world: a few regions and sectors of a synthetic trade equilibrium, with the real vendor
homes, value network and 2019 GDP weights, so that scenarios translate in milliseconds without the default
world (which takes seconds to load)."""

from __future__ import annotations

from collections.abc import Sequence

from gotogether.data import registry
from gotogether.data.valuenet.tables import vendor_homes
from gotogether.dims import COUNTRY, EXPORTER, IMPORTER, SECTOR
from gotogether.engines.trade import TradeBaseline
from gotogether.engines.trade.synthetic import random_baseline
from gotogether.pipeline.world import default_network
from gotogether.scenarios.inputs import ModelWorld

REGIONS = ("CHN", "USA", "DEU", "REU", "ROW")
SECTORS = ("SEMI", "TELE", "AGR")


def small_model_world(
    regions: Sequence[str] = REGIONS, sectors: Sequence[str] = SECTORS, *, seed: int = 3
) -> ModelWorld:
    """A ``ModelWorld`` of ``regions`` (ISO codes or the aggregates REU, ROW) and ``sectors`` (codes of the
    default world) on a random trade equilibrium (``engines.trade.synthetic.random_baseline``)."""
    data = random_baseline(len(regions), len(sectors), seed=seed).data
    labels = {COUNTRY: list(regions), IMPORTER: list(regions), EXPORTER: list(regions)}
    labels |= {SECTOR: list(sectors), "input_sector": list(sectors)}
    return ModelWorld(
        trade=TradeBaseline.from_dataset(data.assign_coords(labels)),
        rollout_countries=list(regions),
        vendor_home=vendor_homes(),
        network=default_network(),
        gdp=registry.gdp_2019(),
    )
