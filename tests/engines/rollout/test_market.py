"""The RAN market beyond new build and swap-out, and bans by members of aggregate regions (by hand)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from engines.rollout.small_world import PRICE, small_world
from gotogether.engines.rollout import Ban, Members, simulate_rollout
from gotogether.engines.rollout.market import (
    densification_units,
    lte_learning,
    refresh_units,
    submarkets,
    upkeep_units,
)
from gotogether.errors import InputError


def test_upkeep_densification_and_refresh_by_hand() -> None:
    assert upkeep_units(np.array([100.0]), 0.02, 3.0) == pytest.approx([6.0])
    assert densification_units(np.array([1000.0, 0.0]), 0.1) == pytest.approx([100.0, 0.0])
    bought = np.arange(20.0).reshape(2, 10)
    assert refresh_units(bought, 8, 8.0) == pytest.approx([0.0, 10.0])
    assert refresh_units(bought, 9, 8.0) == pytest.approx([1.0, 11.0])
    assert refresh_units(bought, 7, 8.0) == pytest.approx([0.0, 0.0])


def test_the_upkeep_learns_on_the_4g_grid_by_hand() -> None:
    # Wright's law at 15 %: experience 2,000 sites in 2019; 400 bought since make it 2,400
    assert lte_learning(0.0, 2000.0, 0.15) == pytest.approx(1.0)
    assert lte_learning(400.0, 2000.0, 0.15) == pytest.approx(1.2 ** np.log2(0.85))
    assert lte_learning(2000.0, 2000.0, 0.15) == pytest.approx(0.85)
    assert lte_learning(0.0, 0.0, 0.15) == 1.0


def test_the_upkeep_is_priced_on_the_4g_grids_own_curve_not_the_5g_sectors() -> None:
    # AAA and BBB have 1,000 4G sites each (the world's 2019 grid, 2,000) and buy a tenth of it a year
    # as upkeep: 200 sites' worth a year, so 2,000 + 200 t of experience in year 2019 + t. BBB builds its
    # 1,000 5G sites in 2019 and buys nothing else; its market after is the equipment part (0.5) of its
    # upkeep, 100 sites at PRICE x (1 + 0.1 t) ** log2(0.85). With the 5G sites' learning switched on (a
    # prior of 100 sites: the 5G sector's factor is below a half by 2021) the upkeep keeps the 4G factor
    # in place of the sector's: the site's index over the sector's factor (the vendors' learning apart
    # from the sector's stays in the index) times the 4G factor
    params = small_world().with_values(lte_site_ratio=1.0, lte_upkeep_share=0.1)
    bbb = simulate_rollout(params=params).data.sel(country="BBB")
    learned = replace(params, prior_experience_sites=100.0, reference_volume_sites=0.0)
    bbb_learned = simulate_rollout(params=learned).data.sel(country="BBB")
    for t in (1, 2, 6):
        year = 2019 + t
        four_g = (1.0 + 0.1 * t) ** np.log2(0.85)
        upkeep = 0.5 * 100.0 * PRICE * four_g
        assert float(bbb["ran_spending"].sel(year=year)) == pytest.approx(upkeep, rel=1e-9)
        index = float(bbb_learned["price_per_site"].sel(year=year) / bbb_learned["learning"].sel(year=year))
        assert index == pytest.approx(PRICE, rel=1e-2)
        assert float(bbb_learned["ran_spending"].sel(year=year)) == pytest.approx(
            0.5 * 100.0 * index * four_g, rel=1e-9
        )
    assert float(bbb_learned["learning"].sel(year=2021)) < 0.5


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


def test_members_have_their_own_population_envelope_and_grid_by_hand() -> None:
    # AAA: 1M people, envelope 300 sites' worth (30,000, i.e. 0.03 a person), 4G grid 10 per 10,000
    # (1,000 sites). Members of 200,000 people with 2.5 times the region's envelope per person (0.075:
    # 15,000, half the region's) and 5 4G sites per 10,000 (100 sites); the rest of AAA keeps 800,000
    # people, the other 15,000 (0.01875 a person) and 900 4G sites (11.25 per 10,000)
    params = small_world()
    members = Members(population=2e5, capex_ratio=2.5, lte_site_density=5.0)
    ban = Ban("member", ["AAA"], ["y"], start=date(2021, 1, 1), weight=0.1, members={"AAA": members})
    rows = submarkets(params, [ban])
    country = rows.params.country
    assert rows.params.countries == ["AAA", "BBB", "AAA:1"]
    np.testing.assert_allclose(country["population"], [8e5, 1e6, 2e5])
    np.testing.assert_allclose(country["capex_per_capita"], [0.01875, 0.03 * 1e9 / 300 / PRICE, 0.075])
    np.testing.assert_allclose(country["lte_site_density"], [11.25, 10.0, 5.0])
    np.testing.assert_allclose(rows.weight, [0.8, 1.0, 0.2])
    assert [list(moved.countries) for moved in rows.bans] == [["AAA:1"]]
    envelope = (country["population"] * country["capex_per_capita"]).values
    assert envelope[[0, 2]].sum() == pytest.approx(300.0 * PRICE)


def test_a_members_sub_market_is_sized_by_their_own_population() -> None:
    # the members hold a quarter of AAA's GDP but a tenth of its people: they remove and replace a tenth
    # of y's 400 sites (40), not a quarter
    params = small_world(envelope_a=1e9)
    own = Members(population=1e5)
    ban = Ban("member", ["AAA"], ["y"], start=date(2021, 1, 1), deadline=date(2023, 1, 1), weight=0.25)
    part = simulate_rollout([replace(ban, members={"AAA": own})], params=params).data.sel(country="AAA")
    assert float(part["sites_removed"].sum()) == pytest.approx(0.1 * 400.0)
    assert float(part["sites_replacement"].sum()) == pytest.approx(0.1 * 400.0)
    by_weight = simulate_rollout([ban], params=params).data.sel(country="AAA")
    assert float(by_weight["sites_removed"].sum()) == pytest.approx(0.25 * 400.0)


def test_members_taking_more_than_their_regions_envelope_are_refused() -> None:
    rich = Members(population=5e5, capex_ratio=2.5)  # 1.25 times the region's envelope
    ban = Ban("member", ["AAA"], ["y"], start=date(2021, 1, 1), weight=0.5, members={"AAA": rich})
    with pytest.raises(InputError, match="more than the whole region"):
        simulate_rollout([ban], params=small_world())
    with pytest.raises(InputError, match="members"):
        simulate_rollout([replace(ban, weight=1.0)], params=small_world())


def test_a_swap_out_removes_the_banned_vendors_densification_radio_by_hand() -> None:
    # BBB builds its 1000 sites in 2019, 500 from each vendor; 2020's densification adds 10% of them,
    # 50 sites' worth from y; y is out by 2023: each year to the deadline half of y's 500 sites and half
    # of its 50 of densification radio are replaced at the index over x alone, 100 sqrt(2), in the same
    # visits
    params = small_world().with_values(densification_rate=0.1)
    ban = Ban("y out of BBB", ["BBB"], ["y"], start=date(2021, 1, 1), deadline=date(2023, 1, 1))
    data = simulate_rollout([ban], params=params).data.sel(country="BBB")
    index = PRICE * 0.5 ** (-1 / 2)
    np.testing.assert_allclose(
        data["capex_replacement"].sel(year=[2021, 2022, 2023]), [275 * index, 275 * index, 0], rtol=1e-9
    )
    np.testing.assert_allclose(data["swap_visits"].sel(year=[2021, 2022]), [250, 250], rtol=1e-9)
    # x sells the replaced densification radio: 25 sites' worth a year on top of 250 sites
    baseline = simulate_rollout(params=params).data.sel(country="BBB", year=2020)
    assert float(baseline["capex_capacity"]) == pytest.approx(100 * PRICE, rel=1e-9)
    # without densification the swap-out is the sites' alone
    plain = simulate_rollout([ban], params=small_world()).data.sel(country="BBB")
    np.testing.assert_allclose(plain["capex_replacement"].sel(year=2021), 250 * index, rtol=1e-9)
