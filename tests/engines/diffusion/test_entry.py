"""The diffusion engine's entry point on the 2019 world: the contract, the baseline path, a barrier."""

from __future__ import annotations

import numpy as np

from gotogether.engines.contract import run_engine, unlabelled
from gotogether.engines.diffusion import DiffusionInputs, DiffusionParameters, run
from gotogether.engines.diffusion.entry import LONG_NAMES
from gotogether.engines.trade import TradeShock, solve
from gotogether.pipeline.world import load_world

PARAMETERS = DiffusionParameters(beta=0.25, alpha=0.04)


def test_the_baseline_shares_keep_every_stock_on_the_path() -> None:
    world = load_world()
    result = run_engine(run, DiffusionInputs(world.trade["trade_share"]), PARAMETERS, world.trade)
    assert not unlabelled(result)
    assert set(result.data_vars) == set(LONG_NAMES)
    for name in result.data_vars:
        np.testing.assert_allclose(result[name].values, 1.0, rtol=0, atol=1e-12)


def test_a_barrier_lowers_the_knowledge_of_the_country_cut_off() -> None:
    world = load_world()
    cost = world.trade["tariff"].sel(importer=["CHN"], exporter=["USA"]) * 0 + 2.0  # kappa_hat = 2
    equilibrium = solve(world.trade, TradeShock(trade_cost=cost), **world.trade_options)
    result = run(DiffusionInputs(equilibrium["trade_share"]), PARAMETERS, world.trade)
    china, usa = result["productivity_long_run"].sel(country="CHN"), result["productivity"].sel(country="USA")
    assert float(china.min()) < 0.999  # China loses the insights of its American sellers
    weights = world.trade["final_share"].sel(country="CHN")
    assert float((weights * np.log(china)).sum()) < 0.0
    # ... though a sector that bought mostly American gains ideas from the sellers it turns to: the model
    # rewards diversification, sum_k pi_ik^(1-beta) being largest at equal shares.
    assert float(china.max()) > 1.0
    # From the path, next year's stock is (1 + alpha inflow) / (1 + alpha).
    expected = (1.0 + 0.04 * result["idea_inflow"]) / 1.04
    np.testing.assert_allclose(result["knowledge"].values, expected.values, rtol=1e-14)
    assert float(abs(usa - 1.0).max()) < float(abs(china - 1.0).max())


def test_without_the_long_run_the_step_is_the_same() -> None:
    world = load_world()
    cost = world.trade["tariff"].sel(importer=["CHN"], exporter=["USA"]) * 0 + 2.0
    shares = solve(world.trade, TradeShock(trade_cost=cost), **world.trade_options)["trade_share"]
    full = run(DiffusionInputs(shares), PARAMETERS, world.trade)
    stepped = run(DiffusionInputs(shares, long_run=False), PARAMETERS, world.trade)
    assert set(stepped.data_vars) == set(LONG_NAMES) - {"knowledge_long_run", "productivity_long_run"}
    for name in stepped.data_vars:
        np.testing.assert_array_equal(stepped[name].values, full[name].values)
