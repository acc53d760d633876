"""The diffusion engine's entry point under the engine contract (``gotogether.engines.contract``): one
year of the Buera-Oberfield (2020) law of motion, in changes against the balanced growth path through the
trade baseline's shares (docs/diffusion.md)."""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np
import xarray as xr

from gotogether.dims import COUNTRY, EXPORTER, IMPORTER, SECTOR
from gotogether.engines.contract import in_order, with_long_names
from gotogether.engines.diffusion.model import (
    Array,
    idea_weights,
    knowledge_inflow,
    knowledge_step,
    long_run_knowledge,
    productivity_change,
    share_ratio,
)
from gotogether.engines.trade.baseline import TradeBaseline

LONG_NAMES = {
    "knowledge": "stock of knowledge next year against the balanced growth path, lambda_hat_t+1",
    "productivity": "TFP next year from diffusion against the balanced growth path, lambda_hat_t+1^(1/theta)",
    "idea_inflow": "arrival of ideas this year against the balanced growth path, "
    "sum_k s_ik (pi'/pi)^(1-beta) lambda_hat_k^beta",
    "knowledge_long_run": "stock of knowledge if this year's trade shares lasted, lambda_hat_infinity",
    "productivity_long_run": "TFP if this year's trade shares lasted, lambda_hat_infinity^(1/theta)",
}
"""The ``long_name`` of every variable of the result."""
UNITS = {
    "knowledge": "ratio to the balanced growth path",
    "productivity": "ratio to the balanced growth path",
    "idea_inflow": "ratio to the balanced growth path",
    "knowledge_long_run": "ratio to the balanced growth path",
    "productivity_long_run": "ratio to the balanced growth path",
}


@dataclass(frozen=True)
class DiffusionInputs:
    """This year's trade shares pi' (importer, exporter, sector: the trade engine's ``trade_share``) and
    stocks of knowledge lambda_hat (country, sector; ``None``: on the balanced growth path, all 1).
    ``long_run``: whether the result has ``knowledge_long_run`` and ``productivity_long_run`` (a fixed point
    a yearly loop, which only steps, does without)."""

    trade_share: xr.DataArray
    knowledge: xr.DataArray | None = None
    long_run: bool = True


@dataclass(frozen=True)
class DiffusionParameters:
    """``beta``: the weight of insights from sellers in new ideas (0: no diffusion); ``alpha``: the arrival
    rate of ideas normalised by the stock of knowledge on the balanced growth path, i.e. the growth rate of
    knowledge g (per year)."""

    beta: float
    alpha: float


_IDEA_WEIGHTS: dict[int, dict[float, Array]] = {}
"""By baseline object (its ``id``, forgotten when it is collected) and beta: its ``idea_weights``, a fixed
point the same every year of every run on that baseline."""


def _idea_weights(data: TradeBaseline, beta: float) -> Array:
    """``idea_weights`` of the baseline's trade shares, computed once per baseline object and beta."""
    by_beta = _IDEA_WEIGHTS.get(id(data))
    if by_beta is None:
        by_beta = _IDEA_WEIGHTS[id(data)] = {}
        weakref.finalize(data, _IDEA_WEIGHTS.pop, id(data), None)
    if beta not in by_beta:
        by_beta[beta] = idea_weights(data["trade_share"].values, beta)
    return by_beta[beta]


def step(
    trade_share: Array, knowledge: Array | None, parameters: DiffusionParameters, data: TradeBaseline
) -> tuple[Array, Array]:
    """``run`` on plain arrays for a yearly loop: next year's stocks of knowledge and TFP (country, sector)
    from this year's trade shares (importer, exporter, sector) and stocks (``None``: all 1), all in the
    baseline's order."""
    following = knowledge_step(
        np.ones(trade_share.shape[1:]) if knowledge is None else knowledge,
        share_ratio(trade_share, data.arrays.trade_share),
        _idea_weights(data, parameters.beta),
        parameters.beta,
        parameters.alpha,
    )
    return following, productivity_change(following, data.arrays.theta)


def run(inputs: DiffusionInputs, parameters: DiffusionParameters, data: TradeBaseline) -> xr.Dataset:
    """Next year's stocks of knowledge and TFP by (country, sector) from this year's trade shares, against
    the balanced growth path through the shares of ``data`` (whose theta_j turns knowledge into TFP), and,
    with ``inputs.long_run``, where they would go if the shares lasted."""
    order = {IMPORTER: list(data.countries), EXPORTER: list(data.countries), SECTOR: list(data.sectors)}
    baseline_share = data["trade_share"].values
    shares = in_order(inputs.trade_share, order)
    knowledge = (
        np.ones(baseline_share.shape[1:])
        if inputs.knowledge is None
        else in_order(inputs.knowledge, {COUNTRY: order[IMPORTER], SECTOR: order[SECTOR]})
    )
    theta = data["theta"].values
    weights = _idea_weights(data, parameters.beta)
    ratio = share_ratio(shares, baseline_share)
    following, productivity = step(shares, knowledge, parameters, data)
    arrays = {
        "knowledge": following,
        "productivity": productivity,
        "idea_inflow": knowledge_inflow(knowledge, ratio, weights, parameters.beta),
    }
    if inputs.long_run:
        long_run = long_run_knowledge(ratio, weights, parameters.beta)
        arrays |= {
            "knowledge_long_run": long_run,
            "productivity_long_run": productivity_change(long_run, theta),
        }
    coords = {COUNTRY: order[IMPORTER], SECTOR: order[SECTOR]}
    result = xr.Dataset(
        {name: ((COUNTRY, SECTOR), values, {"units": UNITS[name]}) for name, values in arrays.items()},
        coords=coords,
    )
    return with_long_names(result, LONG_NAMES)
