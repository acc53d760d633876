"""Expanding a shock: arrays already on the baseline's labels give what the labelled shock gives."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from gotogether.engines.trade import TradeShock
from gotogether.engines.trade.baseline import TradeBaseline
from gotogether.engines.trade.shock import expand_routes, expand_shock
from gotogether.engines.trade.synthetic import random_baseline
from gotogether.errors import InputError


@pytest.fixture(scope="module")
def baseline() -> TradeBaseline:
    return random_baseline(5, 4, seed=3)


def _routes(baseline: TradeBaseline) -> tuple[np.ndarray, np.ndarray]:
    tariff = baseline["tariff"].values + 0.05
    trade_cost = np.ones(tariff.shape)
    trade_cost[1, 2, 3] = np.inf  # a prohibitive route
    trade_cost[0, 1, 0] = 1.3
    return tariff, trade_cost


def test_arrays_expand_as_the_labelled_shock(baseline: TradeBaseline) -> None:
    tariff, trade_cost = _routes(baseline)
    labelled = expand_shock(
        baseline,
        TradeShock(
            tariff=xr.zeros_like(baseline["tariff"]) + tariff,
            trade_cost=xr.zeros_like(baseline["trade_share"]) + trade_cost,
        ),
    )
    plain = expand_routes(baseline, tariff, trade_cost)
    for name in ("tariff", "trade_cost", "productivity", "deficit"):
        np.testing.assert_array_equal(getattr(plain, name), getattr(labelled, name), err_msg=name)
    assert plain.tariff is not tariff  # copies: the caller's arrays stay its own


@pytest.mark.parametrize(
    ("part", "value", "message"),
    [("tariff", -0.1, "tariff"), ("tariff", np.nan, "tariff"), ("trade_cost", 0.0, "trade_cost")],
)
def test_a_bad_cell_is_named(baseline: TradeBaseline, part: str, value: float, message: str) -> None:
    tariff, trade_cost = _routes(baseline)
    bad = {"tariff": tariff, "trade_cost": trade_cost}[part]
    bad[2, 0, 1] = value
    with pytest.raises(InputError, match=rf"{message}\[importer={baseline.countries[2]}"):
        expand_routes(baseline, tariff, trade_cost)
