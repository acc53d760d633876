"""The diffusion engine against closed forms of the Buera-Oberfield (2020) model.

The paper's quantitative results (its calibrated beta and its tables of gains from trade and growth
accounting) and its replication files could not be retrieved here, so the case reproduces results of the
model that can be worked out by hand instead (docs/diffusion.md): the steady-state gains from trade of N
symmetric countries, x^(1-beta) = pi_d^(1-beta) + (N-1)^beta (1-pi_d)^(1-beta) and W/W_autarky =
(x/pi_d)^(1/theta), which the engine finds by its general fixed point; beta = 0 gives the static gains
pi_d^(-1/theta) (Arkolakis, Costinot and Rodriguez-Clare 2012); and the long run of the engine's annual law
of motion after a barrier. Tolerance 1e-6 (the fixed points stop at 1e-13 in logs). The last row is
the calibration of beta: the paper's abstract reports that in its preferred calibration the gains from trade
more than double relative to a model without diffusion; at the parameter table's beta the ratio of dynamic
to static steady-state gains from trade on the 2019 world is 2 (tolerance 0.25: the paper's statement is a
lower bound on its own data, not a point on ours).
"""

from __future__ import annotations

import math

import numpy as np

from gotogether.engines.diffusion.model import (
    gains_from_trade,
    idea_weights,
    knowledge_step,
    share_ratio,
)
from gotogether.pipeline.world import load_world
from gotogether.validation.rows import ValidationRow

CASE = "diffusion-bo2020"
TOLERANCE = 1e-6
CALIBRATION_TOLERANCE = 0.25
YEARS_TO_LONG_RUN = 3000


def _symmetric(countries: int, domestic: float) -> np.ndarray:
    share = np.full((countries, countries, 1), (1.0 - domestic) / (countries - 1))
    share[np.arange(countries), np.arange(countries), :] = domestic
    return share


def _gains(countries: int, domestic: float, beta: float) -> float:
    return float(gains_from_trade(_symmetric(countries, domestic), beta, np.array([4.0]))[0, 0])


def _long_run_after_barrier() -> float:
    """Knowledge after YEARS_TO_LONG_RUN annual steps (alpha = 0.04) when two symmetric countries go from
    buying 75 % at home to 90 % (beta = 0.5)."""
    base, closed = _symmetric(2, 0.75), _symmetric(2, 0.9)
    weights, ratio = idea_weights(base, 0.5), share_ratio(closed, base)
    knowledge = np.ones((2, 1))
    for _ in range(YEARS_TO_LONG_RUN):
        knowledge = knowledge_step(knowledge, ratio, weights, 0.5, 0.04)
    return float(knowledge[0, 0])


def _world_gains_ratio() -> float:
    """sum_n sum_j alpha_nj ln(gains_nj) with diffusion over without, on the 2019 world (final-demand
    weights; the input-output loop is left out of both, so the ratio is that of the sectors' gains)."""
    world = load_world()
    share, theta = world.trade["trade_share"].values, world.trade["theta"].values
    alpha = world.trade["final_share"].values
    beta = float(world.parameters["diffusion.beta"])
    dynamic, static = (np.log(gains_from_trade(share, b, theta)) for b in (beta, 0.0))
    return float((alpha * dynamic).sum() / (alpha * static).sum())


def diffusion_rows() -> list[ValidationRow]:
    """The case's rows: closed forms worked by hand against the engine's functions."""
    two = ((4.0 + 2.0 * math.sqrt(3.0)) / 3.0) ** 0.25  # x = 1 + sqrt(3)/2, pi_d = 3/4
    three = math.sqrt(1.0 + math.sqrt(2.0))  # x / pi_d = (1 + sqrt 2)^2
    barrier = 1.6 / (1.0 + math.sqrt(3.0) / 2.0)  # x = (sqrt .9 + sqrt .1)^2 = 1.6 against 1 + sqrt(3)/2
    return [
        ValidationRow(
            CASE,
            "2 symmetric",
            "W/W_autarky, beta 0.5, theta 4, pi_d 0.75",
            two,
            _gains(2, 0.75, 0.5),
            TOLERANCE,
        ),
        ValidationRow(
            CASE,
            "3 symmetric",
            "W/W_autarky, beta 0.5, theta 4, pi_d 0.5",
            three,
            _gains(3, 0.5, 0.5),
            TOLERANCE,
        ),
        ValidationRow(
            CASE,
            "2 symmetric",
            "W/W_autarky, beta 0 (static, ACR)",
            (4.0 / 3.0) ** 0.25,
            _gains(2, 0.75, 0.0),
            TOLERANCE,
        ),
        ValidationRow(
            CASE,
            "2 symmetric",
            "long-run knowledge after pi_d 0.75 -> 0.9, lambda_hat",
            barrier,
            _long_run_after_barrier(),
            TOLERANCE,
        ),
        ValidationRow(
            CASE,
            "World 2019",
            "log gains from trade, diffusion / static (calibration of beta)",
            2.0,
            _world_gains_ratio(),
            CALIBRATION_TOLERANCE,
        ),
    ]
