"""Properties of the rollout on the default world (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

from gotogether.engines.rollout import (
    YEARS,
    Ban,
    RolloutParameters,
    StandardsSplit,
    simulate_rollout,
)
from gotogether.pipeline.world import rollout_parameters

PARAMS = rollout_parameters()
COUNTRIES = st.lists(st.sampled_from(PARAMS.countries), min_size=1, max_size=6, unique=True)
BANNED = st.lists(
    st.sampled_from(["huawei", "zte", "nokia", "ericsson"]), min_size=1, max_size=2, unique=True
)
TIGHTNESS = st.floats(0.2, 1.5)  # capex envelopes scaled, so that budgets bind in some draws


def _scaled(tightness: float, learning_rate: float = PARAMS.learning_rate) -> RolloutParameters:
    country = PARAMS.country.assign(capex_per_capita=PARAMS.country["capex_per_capita"] * tightness)
    return replace(PARAMS, country=country, learning_rate=learning_rate)


@st.composite
def bans(draw: st.DrawFn) -> Ban:
    start = date(draw(st.integers(2019, 2026)), draw(st.integers(1, 12)), 1)
    years = draw(st.one_of(st.none(), st.integers(1, 8)))
    deadline = None if years is None else date(start.year + years, start.month, 1)
    return Ban("drawn", draw(COUNTRIES), draw(BANNED), start, deadline, draw(st.floats(0.1, 1.0)))


@settings(max_examples=25, deadline=None)
@given(ban=bans(), tightness=TIGHTNESS)
def test_a_ban_raises_cost_and_never_speeds_coverage(ban: Ban, tightness: float) -> None:
    params = _scaled(tightness)
    baseline, scenario = simulate_rollout(params=params), simulate_rollout([ban], params=params)
    banning = list(ban.countries)
    late = scenario.data["coverage"].sel(country=banning)
    assert bool((late <= baseline.data["coverage"].sel(country=banning) + 1e-12).all())
    # the price of a site never falls (a slower build leaves less learning), and replacing banned kit costs
    # money; cumulative spending itself can fall when the ban pushes the build into cheaper years
    price = scenario.data["price_per_site"].sel(country=banning)
    assert bool((price >= baseline.data["price_per_site"].sel(country=banning) * (1 - 1e-12)).all())
    removed = scenario.data["sites_removed"].sel(country=banning).sum(["vendor", "year"])
    replacement = scenario.data["capex_replacement"].sel(country=banning).sum("year")
    assert bool((replacement > 0).where(removed > 1.0, True).all())


@settings(max_examples=25, deadline=None)
@given(
    blocs=st.dictionaries(st.sampled_from(PARAMS.countries), st.sampled_from(["east", "west"]), min_size=1),
    year=st.integers(2019, 2030),
    tightness=TIGHTNESS,
    learning_rate=st.floats(0.05, 0.3),
)
def test_splitting_the_learning_pool_never_lowers_prices(
    blocs: dict[str, str], year: int, tightness: float, learning_rate: float
) -> None:
    params = _scaled(tightness, learning_rate)
    split = StandardsSplit(blocs=blocs, start=date(year, 1, 1))
    open_world = simulate_rollout(params=params).data
    apart = simulate_rollout(split=split, params=params).data
    assert bool((apart["vendor_price"] >= open_world["vendor_price"] * (1 - 1e-12)).all())
    assert bool((apart["coverage"] <= open_world["coverage"] + 1e-12).all())


@settings(max_examples=25, deadline=None)
@given(ban_list=st.lists(bans(), max_size=3), tightness=TIGHTNESS, cost_y=st.floats(0.8, 2.0))
def test_shares_sum_to_one_and_capex_stays_within_the_envelope(
    ban_list: list[Ban], tightness: float, cost_y: float
) -> None:
    supply = xr.Dataset(
        {
            "feasible_output": (("vendor", "year"), np.full((5, YEARS.size), 0.7)),
            "unit_cost_multiplier": (("vendor", "year"), np.full((5, YEARS.size), cost_y)),
        },
        coords={"vendor": PARAMS.vendors, "year": YEARS},
    )
    data = simulate_rollout(ban_list, supply=supply, params=_scaled(tightness)).data
    np.testing.assert_allclose(data["vendor_share"].sum("vendor"), 1.0, rtol=1e-12)
    spent = data["capex_new"] + data["capex_replacement"]
    assert bool((spent <= data["capex_envelope"] * (1 + 1e-9)).all())
    assert bool((data["installed"] >= -1e-9).all())


def test_no_measures_return_the_baseline_exactly() -> None:
    baseline = simulate_rollout(params=PARAMS).data
    neutral = xr.Dataset(
        {
            "feasible_output": (("vendor", "year"), np.ones((5, YEARS.size))),
            "unit_cost_multiplier": (("vendor", "year"), np.ones((5, YEARS.size))),
        },
        coords={"vendor": PARAMS.vendors, "year": YEARS},
    )
    for scenario in (
        simulate_rollout(supply=neutral, params=PARAMS).data,
        simulate_rollout(split=StandardsSplit(blocs={}, start=date(2021, 1, 1)), params=PARAMS).data,
        simulate_rollout([Ban("late", ["GBR"], ["huawei"], start=date(2040, 1, 1))], params=PARAMS).data,
    ):
        xr.testing.assert_identical(scenario, baseline)
