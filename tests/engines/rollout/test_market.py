"""The RAN market beyond new build and swap-out, and bans by members of aggregate regions (by hand)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from engines.rollout.small_world import PRICE, small_world
from gotogether.engines.rollout import Ban, simulate_rollout
from gotogether.engines.rollout.market import densification_units, refresh_units, upkeep_units
from gotogether.errors import InputError


def test_upkeep_densification_and_refresh_by_hand() -> None:
    assert upkeep_units(np.array([100.0]), 0.02, 3.0) == pytest.approx([6.0])
    assert densification_units(np.array([1000.0, 0.0]), 0.1) == pytest.approx([100.0, 0.0])
    bought = np.arange(20.0).reshape(2, 10)
    assert refresh_units(bought, 8, 8.0) == pytest.approx([0.0, 10.0])
    assert refresh_units(bought, 9, 8.0) == pytest.approx([1.0, 11.0])
    assert refresh_units(bought, 7, 8.0) == pytest.approx([0.0, 0.0])


def test_densification_and_refresh_take_what_the_envelope_leaves_after_new_build() -> None:
    # AAA's envelope buys 300 sites a year: 2019-2021 build 300 each and leave nothing; 2022 builds the
    # last 100 and pays the densification of the 900 sites of its start (0.1 x 900) from the 200 left.
    # BBB (no limit) built its 1,000 sites in 2019 and densifies 100 a year from 2020; its 2019 radio and
    # the densification of 2020 are refreshed 8 years on. Bids at cost and equal: a radio costs PRICE.
    params = small_world().with_values(densification_rate=0.1)
    data = simulate_rollout(params=params).data
    aaa, bbb = data.sel(country="AAA"), data.sel(country="BBB")
    assert aaa["capex_capacity"].sel(year=[2019, 2020, 2021]).values == pytest.approx([0.0, 0.0, 0.0])
    assert float(aaa["capex_new"].sel(year=2022)) == pytest.approx(100.0 * PRICE, rel=1e-6)
    assert float(aaa["capex_capacity"].sel(year=2022)) == pytest.approx(90.0 * PRICE, rel=1e-6)
    spent = aaa["capex_new"] + aaa["capex_replacement"] + aaa["capex_capacity"]
    assert bool((spent <= aaa["capex_envelope"] * (1 + 1e-9)).all())
    assert float(bbb["capex_capacity"].sel(year=2020)) == pytest.approx(100.0 * PRICE, rel=1e-6)
    assert float(bbb["capex_capacity"].sel(year=2027)) == pytest.approx((1000.0 + 100.0) * PRICE, rel=1e-6)
    assert float(bbb["capex_capacity"].sel(year=2028)) == pytest.approx((100.0 + 100.0) * PRICE, rel=1e-6)
    # the RAN market counts the equipment part (0.5) of what is bought; the 5G build is unchanged
    assert float(bbb["ran_spending"].sel(year=2020)) == pytest.approx(0.5 * 100.0 * PRICE, rel=1e-6)
    before = simulate_rollout(params=small_world()).data
    np.testing.assert_array_equal(data["capex_new"].values, before["capex_new"].values)


def test_a_swap_out_crowds_out_densification_before_it_delays_coverage() -> None:
    # AAA's build is done by 2022; swapping y's 400 sites by 2025 takes the envelope the densification
    # would have had, while coverage is the baseline's
    params = small_world().with_values(densification_rate=0.1)
    ban = Ban("ban", ["AAA"], ["y"], start=date(2023, 1, 1), deadline=date(2025, 1, 1))
    baseline = simulate_rollout(params=params).data.sel(country="AAA")
    scenario = simulate_rollout([ban], params=params).data.sel(country="AAA")
    swap_years = [2023, 2024]
    assert float(scenario["capex_replacement"].sel(year=swap_years).sum()) > 0
    crowded = scenario["capex_capacity"].sel(year=swap_years) < baseline["capex_capacity"].sel(
        year=swap_years
    )
    assert bool(crowded.all())
    np.testing.assert_allclose(scenario["coverage"], baseline["coverage"], rtol=1e-12)


def test_a_ban_by_a_member_of_a_region_acts_on_its_share_only() -> None:
    # a member of AAA holding a quarter of it bans y (no markups, no learning, no binding budget): the ban
    # removes and replaces a quarter of y's 400 sites by the deadline and nothing after it (the rest of AAA
    # keeps buying from y), costs a quarter of the whole region's ban, and AAA's cost index is the
    # members' and the others' indices weighted by their shares
    params = small_world(envelope_a=1e9)
    whole = Ban("whole", ["AAA"], ["y"], start=date(2021, 1, 1), deadline=date(2023, 1, 1))
    member = replace(whole, name="member", weight=0.25)
    baseline = simulate_rollout(params=params).data.sel(country="AAA")
    full = simulate_rollout([whole], params=params).data.sel(country="AAA")
    part = simulate_rollout([member], params=params).data.sel(country="AAA")
    assert float(part["sites_removed"].sum()) == pytest.approx(0.25 * 400.0)
    assert float(part["sites_replacement"].sum()) == pytest.approx(0.25 * 400.0)
    assert float(part["capex_replacement"].sel(year=slice(2023, None)).sum()) == 0.0
    cost = lambda data: float((data["capex_new"] + data["capex_replacement"]).sum())  # noqa: E731
    assert cost(part) - cost(baseline) == pytest.approx(0.25 * (cost(full) - cost(baseline)), rel=1e-9)
    index = 0.75 * baseline["price_per_site"] + 0.25 * full["price_per_site"]
    np.testing.assert_allclose(part["price_per_site"], index, rtol=1e-12)
    np.testing.assert_allclose(part["vendor_share"].sum("vendor"), 1.0, rtol=1e-12)
    # the other country is untouched
    other = simulate_rollout([member], params=params).data.sel(country="BBB")
    np.testing.assert_allclose(
        other["capex_new"], simulate_rollout(params=params).data.sel(country="BBB")["capex_new"]
    )


def test_members_covering_more_than_their_region_are_refused() -> None:
    bans = [
        Ban(name, ["AAA"], ["y"], start=date(2021, 1, 1), weight=weight)
        for name, weight in (("one", 0.6), ("two", 0.5))
    ]
    with pytest.raises(InputError, match="more than the whole region"):
        simulate_rollout(bans, params=small_world())
