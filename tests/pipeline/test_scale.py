"""Scale economies from cumulative output in SEMI and TELEQ in the dynamic path (issue 16): the learning
curve worked by hand, no measures is the dynamic baseline exactly, elasticity 0 is today's dynamic path."""

from __future__ import annotations

import math

import numpy as np
import pytest
import xarray as xr

from gotogether.data.parameters import parameter_table
from gotogether.pipeline import run_scenario
from gotogether.pipeline.capital import capital_accumulation
from gotogether.pipeline.run import TRADE_YEARS, References, dynamic_welfare_path
from gotogether.pipeline.scale import (
    ELASTICITY,
    SPILLOVER,
    Experience,
    ScaleParameters,
    learning_curve,
    scale_parameters,
)
from gotogether.pipeline.world import World
from gotogether.scenarios import load_scenario

YEARS = tuple(range(2020, 2026))


def test_the_elasticity_is_irwin_and_klenows_learning_rate() -> None:
    table = parameter_table()
    assert table[ELASTICITY].default == pytest.approx(-math.log2(0.8), abs=5e-4)
    assert table[SPILLOVER].default == pytest.approx(1.0 / 3.0, abs=1e-3)
    # a doubling of one's own cumulative output, learning only at home, cuts unit cost by 20 %
    doubled = learning_curve(np.array([[2.0]]), np.array([[1.0]]), ScaleParameters(-math.log2(0.8), 0.0))
    assert 1.0 / float(doubled[0, 0]) == pytest.approx(0.8)


def test_the_learning_curve_by_hand() -> None:
    # two countries; the first doubles its cumulative output, a = 1/3: E = (2/3) Q_own + (1/3) Q_world
    cumulative, baseline = np.array([[2.0], [1.0]]), np.array([[1.0], [1.0]])
    tfp = learning_curve(cumulative, baseline, ScaleParameters(0.3, 1.0 / 3.0))
    expected = [(7.0 / 4.0) ** 0.3, (5.0 / 4.0) ** 0.3]  # E = 7/3 and 5/3 against 4/3
    np.testing.assert_allclose(tfp[:, 0], expected)
    # all learning from the world: both countries gain alike
    world_only = learning_curve(cumulative, baseline, ScaleParameters(0.3, 1.0))
    np.testing.assert_allclose(world_only[:, 0], [1.5**0.3, 1.5**0.3])


def test_experience_is_in_semi_and_teleq_only(world: World) -> None:
    start = Experience.start(scale_parameters(world.parameters), world.trade)
    assert [world.trade.sectors[c] for c in start.columns] == ["SEMI", "TELEQ"]
    assert start.productivity is None
    assert (start.base_output > 0).all()


def test_no_measures_is_the_dynamic_baseline_exactly_with_scale_on(
    world: World, references: References
) -> None:
    outcome = run_scenario(
        world, load_scenario("coordinated"), values={"diffusion.dynamic": 1}, references=references
    )
    np.testing.assert_array_equal(outcome.welfare.values, 1.0)
    welfare = dynamic_welfare_path(outcome, YEARS, scale=scale_parameters(outcome.world.parameters))
    np.testing.assert_array_equal(welfare.values, 1.0)


def test_elasticity_zero_is_todays_dynamic_path_exactly(world: World, references: References) -> None:
    values = {"diffusion.dynamic": 1, ELASTICITY: 0.0}
    outcome = run_scenario(world, load_scenario("tariff-war"), values=values, references=references)
    capital = capital_accumulation(outcome.world, outcome.rollout, outcome.reference.rollout, TRADE_YEARS)
    without_scale = dynamic_welfare_path(outcome, TRADE_YEARS, scale=None, capital=capital)
    np.testing.assert_array_equal(outcome.welfare.values, without_scale.values)
    scale = ScaleParameters(0.322, 1.0 / 3.0)
    with_scale = dynamic_welfare_path(outcome, YEARS, scale=scale, capital=capital)
    assert not np.array_equal(with_scale.values, without_scale.sel(year=list(YEARS)).values)


def test_decoupling_loses_scale_for_the_world_and_china_gains_it(
    world: World, references: References
) -> None:
    outcome = run_scenario(world, load_scenario("tech-decoupling"), references=references)
    without = dynamic_welfare_path(outcome, TRADE_YEARS, scale=None)
    with_scale = dynamic_welfare_path(outcome, TRADE_YEARS, scale=scale_parameters(outcome.world.parameters))
    channel = ((with_scale - without) * world.trade["value_added"]).sum("year")
    assert float(channel.sum()) < 0.0  # the split market loses scale
    assert float(channel.sel(country="CHN")) > 0.0  # China makes more of its own chips and equipment
    assert float(channel.sel(country="KOR")) < 0.0
    assert float(channel.sel(country="TWN")) < 0.0


def test_teleq_learns_only_on_what_the_rollout_does_not(world: World) -> None:
    # by hand: one country doubles its cumulative output of SEMI and TELEQ, learning at home only;
    # SEMI gains 2^0.3, TELEQ 2^(0.3 (1 - r)) with r = 0.4 of it RAN, which learns in the rollout
    doubled = learning_curve(
        np.array([[2.0, 2.0]]), np.ones((1, 2)), ScaleParameters(0.3, 0.0, 0.4), np.array([1.0, 0.6])
    )
    np.testing.assert_allclose(doubled[0], [2.0**0.3, 2.0**0.18])
    parameters = scale_parameters(world.parameters)
    assert parameters.ran_share == pytest.approx(35.1 / 85.0, abs=5e-4)  # Gartner's RAN over TELEQ's output
    # a year with three times the baseline's output: cumulative 4 against 2, so experience doubles
    baseline = world.trade
    flows = 3.0 * baseline["trade_share"].values * baseline["expenditure"].values[:, None, :]
    flows = flows / (1.0 + baseline["tariff"].values)
    year = xr.Dataset(
        {"flows": (("a", "b", "c"), flows), "cost_change": (("b", "c"), np.ones(flows.shape[1:]))}
    )
    tfp = Experience.start(ScaleParameters(0.3, 0.0, 0.4), baseline).following(year).productivity
    assert tfp is not None
    columns = [baseline.sectors.index(sector) for sector in ("SEMI", "TELEQ")]
    np.testing.assert_allclose(tfp[:, columns], [[2.0**0.3, 2.0**0.18]] * len(tfp))
