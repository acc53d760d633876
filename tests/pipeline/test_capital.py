"""Capital accumulation in the dynamic path (issue 16): the Solow step and its steady states worked by hand,
extra capex never raises the capital stock, no measures is the dynamic baseline exactly, capital's share 0
is the dynamic path without capital bit for bit."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gotogether.pipeline import run_scenario
from gotogether.pipeline.capital import (
    CROWDING_OUT,
    Accumulation,
    CapitalStock,
    balanced_growth_capital_output,
    baseline_capital,
    capital_accumulation,
    capital_productivity,
    relative_accumulation,
    relative_steady_state,
    solow_accumulation,
)
from gotogether.pipeline.run import (
    CAPEX_DISPLACED,
    HORIZON,
    TRADE_YEARS,
    References,
    ScenarioOutcome,
    dynamic_welfare_path,
)
from gotogether.pipeline.scale import scale_parameters
from gotogether.pipeline.world import World
from gotogether.scenarios import load_scenario

YEARS = tuple(range(2020, 2028))


def test_the_solow_step_by_hand() -> None:
    # K = 300, Y = 100, s = 0.2, delta = 0.05: 0.95 * 300 + 20 = 305; 4 of the investment displaced: 301
    step = solow_accumulation(np.array([300.0]), np.array([100.0]), np.array([0.2]), np.array([0.05]))
    assert float(step[0]) == pytest.approx(305.0)
    displaced = solow_accumulation(
        np.array([300.0]), np.array([100.0]), np.array([0.2]), np.array([0.05]), np.array([4.0])
    )
    assert float(displaced[0]) == pytest.approx(301.0)


def test_capital_output_goes_to_its_balanced_growth_value() -> None:
    # output grows 2 % a year; s = 0.2, delta = 0.05: K/Y -> 0.2 / 0.07 = 2.857 from any start
    years = 400
    output = 100.0 * 1.02 ** np.arange(years)[None, :]
    for start in (1.0, 6.0):
        capital = baseline_capital(np.array([start]), output, np.array([0.2]), np.array([0.05]))
        ratio = capital[0, -2] / output[0, -1]
        assert ratio == pytest.approx(0.2 / 0.07, rel=1e-9)
    assert balanced_growth_capital_output(0.2, 0.02, 0.05) == pytest.approx(0.2 / 0.07)


def test_relative_capital_goes_to_its_steady_state() -> None:
    # y_hat = 0.99 for ever, iota = 0.08, x = 0.0004: k_hat -> 0.99 - 0.0004 / 0.08 = 0.985
    k = np.array([1.0])
    for _ in range(600):
        k = relative_accumulation(k, np.array([0.99]), np.array([0.08]), np.array([0.0004]))
    assert float(k[0]) == pytest.approx(0.985, rel=1e-12)
    assert relative_steady_state(0.99, 0.08, 0.0004) == pytest.approx(0.985)
    # no change of income, no extra capex: 1 exactly
    one = relative_accumulation(np.array([1.0]), np.array([1.0]), np.array([0.0731]), np.array([0.0]))
    assert float(one[0]) == 1.0


def test_capital_is_a_change_of_the_primary_factor() -> None:
    # alpha = 0.4, value added 30 % of output: TFP k^(0.12); value added alone (gamma = 1): k^0.4
    tfp = capital_productivity(np.array([0.9]), np.array([0.4]), np.array([[0.3, 1.0]]))
    np.testing.assert_allclose(tfp[0], [0.9**0.12, 0.9**0.4])


@given(
    income=st.lists(st.floats(0.9, 1.1), min_size=12, max_size=12),
    capex=st.lists(st.floats(0.0, 0.01), min_size=12, max_size=12),
    share=st.floats(0.02, 0.15),
)
def test_extra_capex_never_raises_the_capital_stock(
    income: list[float], capex: list[float], share: float
) -> None:
    with_capex = without = np.array([1.0])
    for y, x in zip(income, capex, strict=True):
        with_capex = relative_accumulation(with_capex, np.array([y]), np.array([share]), np.array([x]))
        without = relative_accumulation(without, np.array([y]), np.array([share]), np.array([0.0]))
        assert float(with_capex[0]) <= float(without[0])


@pytest.fixture(scope="module")
def allied_bans(world: World, references: References) -> ScenarioOutcome:
    return run_scenario(world, load_scenario("allied-bans"), references=references)


def test_a_bans_extra_capex_lowers_the_capital_of_those_who_pay_it(allied_bans: ScenarioOutcome) -> None:
    outcome = allied_bans
    world = outcome.world
    full = capital_accumulation(world, outcome.rollout, outcome.reference.rollout, YEARS)
    none = replace(full, displaced=np.zeros_like(full.displaced))
    assert (full.displaced[list(world.trade.countries).index("GBR")] > 0).any()
    paths = {
        name: _capital_path(accumulation, outcome, YEARS)
        for name, accumulation in (("full", full), ("none", none))
    }
    # once a region has paid extra capex (x of year t lowers k_hat of t+1), its capital is lower; before,
    # the others' lower capital may move its terms of trade and income either way, by millionths
    lower = paths["full"] <= paths["none"]
    for region, displaced in enumerate(full.displaced[:, : len(YEARS)]):
        # not rounding nor a ripple of learning: China's capex moves through what its vendors learn from
        # the others' bans (2.8e-7 of its GDP in 2025 since operators plan their swaps over the years they
        # foresee, 1e-10 in 2020 before), and two years on the others' lower capital moves its income more;
        # so does Germany's, 4.5e-8 of its GDP in 2021, three years before its core ban, since swaps take
        # crew time and delay the others' build (branch ukdelay); the others' lower capital then lifts its
        # income by 1.4e-7 in 2024; the payers' extra capex is 1.5e-6 (GBR 2021) to 1.8e-3 of GDP
        paid = np.flatnonzero(displaced > 1e-6)
        if paid.size and displaced.sum() > 1e-6:
            assert lower[region, paid[0] :].all(), outcome.world.trade.countries[region]
    gbr = list(world.trade.countries).index("GBR")
    assert paths["full"][gbr, -1] < paths["none"][gbr, -1]


def _capital_path(accumulation: Accumulation, outcome: ScenarioOutcome, years: tuple[int, ...]) -> np.ndarray:
    """k_hat (country, year) of the dynamic path with only capital on."""
    from gotogether.pipeline.run import _welfare_by_year
    from gotogether.scenarios.translate import translate

    inputs = translate(outcome.scenario, outcome.world.model)
    _, _, paths = _welfare_by_year(
        outcome.world,
        inputs,
        outcome.gdp,
        outcome.reference,
        outcome.controls,
        productivity=outcome.trade_productivity,
        capital=accumulation,
        years=years,
        disruption_apart=False,
    )
    assert paths is not None
    return paths["capital_stock"].transpose("country", "year").values


def test_no_measures_is_the_dynamic_baseline_exactly_with_capital_on(
    world: World, references: References
) -> None:
    outcome = run_scenario(
        world, load_scenario("coordinated"), values={"diffusion.dynamic": 1}, references=references
    )
    np.testing.assert_array_equal(outcome.welfare.values, 1.0)
    assert outcome.capital_stock is not None
    np.testing.assert_array_equal(outcome.capital_stock.values, 1.0)
    capital = capital_accumulation(world, outcome.rollout, outcome.reference.rollout, HORIZON)
    welfare = dynamic_welfare_path(outcome, scale=scale_parameters(world.parameters), capital=capital)
    np.testing.assert_array_equal(welfare.values, 1.0)


def test_capital_share_zero_is_the_dynamic_path_without_capital_bit_for_bit(
    allied_bans: ScenarioOutcome,
) -> None:
    outcome = allied_bans
    capital = capital_accumulation(outcome.world, outcome.rollout, outcome.reference.rollout, YEARS)
    flat = replace(capital, capital_share=np.zeros_like(capital.capital_share))
    scale = scale_parameters(outcome.world.parameters)
    without = dynamic_welfare_path(outcome, YEARS, scale=scale)
    np.testing.assert_array_equal(
        dynamic_welfare_path(outcome, YEARS, scale=scale, capital=flat).values, without
    )
    with_capital = dynamic_welfare_path(outcome, YEARS, scale=scale, capital=capital)
    assert not np.array_equal(with_capital.values, without.values)


def test_the_dynamic_run_accumulates_capital_and_stores_scale(world: World, references: References) -> None:
    values = {"diffusion.dynamic": 1}
    outcome = run_scenario(world, load_scenario("tariff-war"), values=values, references=references)
    assert outcome.scale_productivity is not None
    assert outcome.capital_stock is not None
    assert outcome.scale_productivity.sizes == {"year": len(TRADE_YEARS), "country": 23, "sector": 27}
    np.testing.assert_array_equal(outcome.scale_productivity.sel(year=2020).values, 1.0)
    assert float(outcome.scale_productivity.sel(year=2035, country="CHN", sector="SEMI")) != 1.0
    # the tariff war's lost income lowers China's and the United States' savings and capital
    for region in ("CHN", "USA"):
        assert float(outcome.capital_stock.sel(year=2035, country=region)) < 1.0
    capital = capital_accumulation(world, outcome.rollout, outcome.reference.rollout, TRADE_YEARS)
    again = dynamic_welfare_path(
        outcome, TRADE_YEARS, scale=scale_parameters(outcome.world.parameters), capital=capital
    )
    np.testing.assert_array_equal(outcome.welfare.values, again.values)
    # crowding out is a parameter of the run
    assert outcome.world.parameters[CROWDING_OUT] == 1.0
    assert CAPEX_DISPLACED in outcome.notes
    static = run_scenario(world, load_scenario("tariff-war"), references=references)
    assert static.scale_productivity is None
    assert static.capital_stock is None
    assert CAPEX_DISPLACED not in static.notes


def test_the_stock_starts_from_2019s_capex(allied_bans: ScenarioOutcome) -> None:
    outcome = allied_bans
    capital = capital_accumulation(outcome.world, outcome.rollout, outcome.reference.rollout, YEARS)
    assert capital.years[0] == 2019
    start = CapitalStock.start(capital)
    np.testing.assert_array_equal(start.relative, 1.0 - capital.displaced[:, 0])


def test_the_baseline_accounts_are_kept_by_countries_not_by_the_drawn_baseline(
    allied_bans: ScenarioOutcome,
) -> None:
    # an ensemble draw's theta makes a new trade baseline: the capital accounts, which read only its
    # countries, are made once for all draws (the same arrays), and follow the countries' order
    outcome = allied_bans
    world = outcome.world
    first = capital_accumulation(world, outcome.rollout, outcome.reference.rollout, YEARS)
    drawn = replace(world, trade=world.trade.with_theta(world.trade.data["theta"] * 1.1))
    again = capital_accumulation(drawn, outcome.rollout, outcome.reference.rollout, YEARS)
    assert drawn.trade is not world.trade
    assert again.investment_share is first.investment_share
    assert again.capital_share is first.capital_share
