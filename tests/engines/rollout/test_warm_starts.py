"""Where the yearly Bertrand-Nash solves start (``bidding.Bidding``: from the last equilibrium of the
same equipment) changes no result beyond the solver's tolerance."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import pytest

from gotogether.engines.rollout import Ban, bidding, simulate_rollout
from gotogether.engines.rollout.curves import NASH_TOLERANCE
from gotogether.pipeline.world import load_world
from gotogether.scenarios import load_scenario
from gotogether.scenarios.translate import translate

CORE_ONLY = Ban(
    "core ban", ("GBR", "USA"), ("huawei", "zte"), date(2020, 7, 1), date(2024, 1, 1), equipment=("core",)
)


def _cold(solve: Callable[..., Any]) -> Callable[..., Any]:
    """``nash_bids`` started from the costs whatever start it is given."""

    def cold(*args: Any, **kwargs: Any) -> Any:
        kwargs.pop("start", None)
        return solve(*args, **kwargs)

    return cold


@pytest.mark.parametrize("scenario", ["allied-bans", "core-only"])
def test_warm_started_equilibria_are_the_cold_started_within_the_solver_tolerance(
    scenario: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    params = load_world().rollout
    bans = (
        [CORE_ONLY]
        if scenario == "core-only"
        else translate(load_scenario(scenario), load_world().model).bans
    )
    assert any(set(ban.equipment) != {"radio", "core"} for ban in bans)  # radio and core solved apart
    warm = simulate_rollout(bans, params=params).data
    monkeypatch.setattr(bidding, "nash_bids", _cold(bidding.nash_bids))
    cold = simulate_rollout(bans, params=params.with_values(learning_rate=params.learning_rate)).data
    for name in warm.data_vars:
        scale = float(np.abs(warm[name]).max()) or 1.0
        np.testing.assert_allclose(
            warm[name].values, cold[name].values, rtol=0, atol=10 * NASH_TOLERANCE * scale, err_msg=str(name)
        )
