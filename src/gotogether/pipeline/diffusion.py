"""Diffusion in the pipeline's yearly trade loop (docs/diffusion.md): the trade shares of year t's
equilibrium move the stocks of knowledge, which set productivity in year t+1.

``diffusion_parameters(world)`` is ``None`` when the run is static (``diffusion.dynamic`` = 0): the loop is
then today's sequence of static solves. ``Knowledge`` carries lambda_hat from one year to the next on plain
arrays (the loop itself: ``pipeline.trade_paths``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from gotogether.engines.diffusion import DiffusionParameters
from gotogether.engines.diffusion.entry import step
from gotogether.engines.trade import TradeBaseline, TradeEquilibrium

DYNAMIC = "diffusion.dynamic"


def diffusion_parameters(
    values: Mapping[str, float], *, dynamic: bool | None = None
) -> DiffusionParameters | None:
    """The diffusion engine's parameters from resolved ``values``; ``None`` for a static run. ``dynamic``
    overrides the switch ``diffusion.dynamic`` (``None``: as the values say)."""
    on = bool(values[DYNAMIC]) if dynamic is None else dynamic
    return DiffusionParameters(values["diffusion.beta"], values["diffusion.alpha"]) if on else None


@dataclass(frozen=True)
class Knowledge:
    """lambda_hat (country, sector) this year and the TFP it gives, ``productivity`` = lambda_hat^(1/theta),
    in the baseline's order; ``None`` on the balanced growth path (the first year)."""

    parameters: DiffusionParameters
    baseline: TradeBaseline
    knowledge: np.ndarray | None = None
    productivity: np.ndarray | None = None

    def following(self, equilibrium: TradeEquilibrium) -> Knowledge:
        """Next year's knowledge from this year's equilibrium (the trade engine's result). On the balanced
        growth path with the baseline's own trade shares (a nil shock), it stays there."""
        trade_share = equilibrium.arrays["trade_share"][1]
        if self.knowledge is None and np.array_equal(trade_share, self.baseline.arrays.trade_share):
            return self
        knowledge, productivity = step(trade_share, self.knowledge, self.parameters, self.baseline)
        return replace(self, knowledge=knowledge, productivity=productivity)
