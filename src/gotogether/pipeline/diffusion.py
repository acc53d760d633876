"""Diffusion in the pipeline's yearly trade loop (docs/diffusion.md): the trade shares of year t's
equilibrium move the stocks of knowledge, which set productivity in year t+1.

``diffusion_parameters(world)`` is ``None`` when the run is static (``diffusion.dynamic`` = 0): the loop is
then today's sequence of static solves. ``Knowledge`` carries lambda_hat from one year to the next;
``trade_path`` is the loop on its own (a baseline, one shock a year), for properties and studies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import xarray as xr

from gotogether.dims import COUNTRY, SECTOR, YEAR
from gotogether.engines.contract import in_that_order, run_engine
from gotogether.engines.diffusion import DiffusionInputs, DiffusionParameters
from gotogether.engines.diffusion import run as diffusion_engine
from gotogether.engines.trade import TradeBaseline, TradeEquilibrium, TradeShock
from gotogether.engines.trade import entry as trade_engine

DYNAMIC = "diffusion.dynamic"


def diffusion_parameters(
    values: Mapping[str, float], *, dynamic: bool | None = None
) -> DiffusionParameters | None:
    """The diffusion engine's parameters from resolved ``values``; ``None`` for a static run. ``dynamic``
    overrides the switch ``diffusion.dynamic`` (``None``: as the values say)."""
    on = bool(values[DYNAMIC]) if dynamic is None else dynamic
    return DiffusionParameters(values["diffusion.beta"], values["diffusion.alpha"]) if on else None


def with_productivity(
    shock: TradeShock, productivity: xr.DataArray | None, baseline: TradeBaseline
) -> TradeShock:
    """``shock`` with ``productivity`` (country, sector in ``baseline``'s order) multiplied into its TFP
    changes (a sector or country the shock leaves out counts as 1); ``shock`` itself when it is ``None``."""
    if productivity is None:
        return shock
    if shock.productivity is None:
        return replace(shock, productivity=productivity)
    labels = {COUNTRY: baseline.countries, SECTOR: baseline.sectors}
    own = shock.productivity
    if not in_that_order(own, labels):
        own = own.reindex(labels, fill_value=1.0)
    if in_that_order(productivity, labels):  # the same product without aligning the labels (a yearly loop)
        return replace(shock, productivity=own.copy(data=own.values * productivity.values))
    return replace(shock, productivity=own * productivity)


@dataclass(frozen=True)
class Knowledge:
    """lambda_hat (country, sector) this year and the TFP it gives, ``productivity`` = lambda_hat^(1/theta);
    ``None`` on the balanced growth path (the first year)."""

    parameters: DiffusionParameters
    baseline: TradeBaseline
    knowledge: xr.DataArray | None = None
    productivity: xr.DataArray | None = None

    def apply(self, shock: TradeShock) -> TradeShock:
        """``shock`` with this year's TFP from diffusion multiplied in."""
        return with_productivity(shock, self.productivity, self.baseline)

    def following(self, equilibrium: xr.Dataset | TradeEquilibrium) -> Knowledge:
        """Next year's knowledge from this year's equilibrium (the trade engine's result). On the balanced
        growth path with the baseline's own trade shares (a nil shock), it stays there."""
        trade_share = equilibrium["trade_share"]
        if self.knowledge is None and trade_share.equals(self.baseline["trade_share"]):
            return self
        inputs = DiffusionInputs(trade_share, self.knowledge, long_run=False)  # the loop only steps
        result = run_engine(diffusion_engine, inputs, self.parameters, self.baseline)
        return replace(self, knowledge=result["knowledge"], productivity=result["productivity"])

    def productivity_or_one(self) -> xr.DataArray:
        """This year's TFP from diffusion (1 on the balanced growth path)."""
        if self.productivity is not None:
            return self.productivity
        coords = {COUNTRY: self.baseline.countries, SECTOR: self.baseline.sectors}
        return xr.DataArray(
            np.ones((len(coords[COUNTRY]), len(coords[SECTOR]))), dims=(COUNTRY, SECTOR), coords=coords
        )


def trade_path(
    baseline: TradeBaseline,
    shocks: Sequence[TradeShock],
    options: Mapping[str, Any],
    diffusion: DiffusionParameters | None,
) -> tuple[xr.DataArray, xr.DataArray]:
    """Welfare change W_hat (country, year) and TFP from diffusion (country, sector, year) of one shock a
    year (years numbered from 0), each year warm-started from the last, with diffusion when ``diffusion``
    is given (static solves otherwise, TFP from diffusion 1)."""
    knowledge = None if diffusion is None else Knowledge(diffusion, baseline)
    previous: xr.Dataset | None = None
    welfare, productivity = [], []
    for shock in shocks:
        if knowledge is not None:
            shock = knowledge.apply(shock)
            productivity.append(knowledge.productivity_or_one())
        inputs = trade_engine.TradeInputs(shock, warm_start=previous)
        previous = run_engine(trade_engine.run, inputs, options, baseline)
        welfare.append(previous["welfare_change"])
        if knowledge is not None:
            knowledge = knowledge.following(previous)
    years = xr.DataArray(np.arange(len(shocks)), dims=YEAR)
    welfare_path = xr.concat(welfare, dim=years)
    if knowledge is None:
        ones = xr.ones_like(baseline["expenditure"]).rename(None)
        return welfare_path, xr.concat([ones] * len(shocks), dim=years)
    return welfare_path, xr.concat(productivity, dim=years)
