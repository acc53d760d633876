"""Properties of the rollout on the default world (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

from engines.rollout.small_world import PRICE, small_world
from gotogether.engines.rollout import (
    YEARS,
    Ban,
    Members,
    RolloutParameters,
    RolloutResult,
    StandardsSplit,
    ban_costs,
    simulate_rollout,
)
from gotogether.pipeline.world import rollout_parameters

PARAMS = rollout_parameters()
COUNTRIES = st.lists(st.sampled_from(PARAMS.countries), min_size=1, max_size=6, unique=True)
BANNED = st.lists(
    st.sampled_from(["huawei", "zte", "nokia", "ericsson"]), min_size=1, max_size=2, unique=True
)
TIGHTNESS = st.floats(0.2, 1.5)  # capex envelopes scaled, so that budgets bind in some draws
TOLERANCE = 1e-9
"""Relative tolerance of the later-deadline property's swap-out spending (rounding)."""


def _scaled(tightness: float, learning_rate: float = PARAMS.learning_rate) -> RolloutParameters:
    country = PARAMS.country.assign(capex_per_capita=PARAMS.country["capex_per_capita"] * tightness)
    return replace(PARAMS, country=country, learning_rate=learning_rate)


@st.composite
def bans(draw: st.DrawFn) -> Ban:
    start = date(draw(st.integers(2019, 2026)), draw(st.integers(1, 12)), 1)
    years = draw(st.one_of(st.none(), st.integers(1, 8)))
    deadline = None if years is None else date(start.year + years, start.month, 1)
    equipment = draw(st.sampled_from([("radio",), ("core",), ("radio", "core")]))
    # 1: whole regions; below 1: members of each region holding that share of it (a sub-market)
    weight = draw(st.sampled_from([1.0, 1.0, 0.3, 0.005]))
    return Ban("drawn", draw(COUNTRIES), draw(BANNED), start, deadline, equipment, weight=weight)


@settings(max_examples=25, deadline=None)
@given(ban=bans(), tightness=TIGHTNESS)
def test_a_ban_raises_cost_and_never_speeds_coverage(ban: Ban, tightness: float) -> None:
    params = _scaled(tightness)
    baseline, scenario = simulate_rollout(params=params), simulate_rollout([ban], params=params)
    banning = list(ban.countries)
    late = scenario.data["coverage"].sel(country=banning)
    assert bool((late <= baseline.data["coverage"].sel(country=banning) + 1e-12).all())
    # the cost index (the logit's inclusive value, what a site costs) never falls (fewer bidders, and a
    # slower build leaves less learning), and replacing banned kit costs money; cumulative spending itself
    # can fall when the ban pushes the build into cheaper years
    index = scenario.data["price_per_site"].sel(country=banning)
    assert bool((index >= baseline.data["price_per_site"].sel(country=banning) * (1 - 1e-12)).all())
    removed = scenario.data["sites_removed"].sel(country=banning).sum(["vendor", "year"])
    replacement = scenario.data["capex_replacement"].sel(country=banning).sum("year")
    assert bool((replacement > 0).where(removed > 1.0, True).all())


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
    spent = data["capex_new"] + data["capex_replacement"] + data["capex_capacity"]
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
        simulate_rollout(split=StandardsSplit(vendor_blocs={}, start=date(2021, 1, 1)), params=PARAMS).data,
        simulate_rollout([Ban("late", ["GBR"], ["huawei"], start=date(2040, 1, 1))], params=PARAMS).data,
    ):
        xr.testing.assert_identical(scenario, baseline)
    # a member's ban that never starts runs its sub-market beside the region's rest: the same to rounding
    late = Ban("late", ["ROW"], ["huawei"], start=date(2040, 1, 1), weight=0.005)
    merged = simulate_rollout([late], params=PARAMS).data
    for name in baseline.data_vars:
        np.testing.assert_allclose(merged[name], baseline[name], rtol=1e-11, atol=1e-6, err_msg=str(name))


@settings(max_examples=8, deadline=None)
@given(
    share=st.floats(0.001, 0.3),
    richer=st.floats(1.0, 3.0),
    tightness=st.floats(1.0, 1.5),  # envelopes that the whole region's ban does not exhaust
)
def test_members_ban_costs_no_more_than_their_share_of_the_regions_envelope(
    share: float, richer: float, tightness: float
) -> None:
    # members of REU holding ``share`` of its people, ``richer`` times its envelope per person: their
    # ban costs no more than the whole region's ban times their share of its envelope. It holds where
    # the whole region's ban does not hold back its build (REU, with no delay, checked below); where it
    # does (ROW), the whole ban's new build waits past 2035 and its extra capex falls, so it may not.
    # Within 0.2 %: with learning by vendor the whole region's ban moves the vendors' shipments, and so
    # their prices, differently from the members' ban (0.09 % over the share in a drawn case, and still
    # 0.01 % with one world pool), which the members' share of the envelope does not scale.
    # Crews swap at any pace here (``swap_pace_years`` near 0): at the stated five years the whole region's
    # anchors hold its build back by hours to weeks, and the premise fails for a reason this test is not
    # about. So do the crews (``crew_slack`` 10): a swap takes 1.5 new-build visits of crew time
    # (``swap_crew_visits``), and at the default slack the whole region's swaps hold its build back.
    params = _scaled(tightness).with_values(swap_pace_years=1e-3, crew_slack=10.0)
    people = float(params.country["population"].sel(country="REU"))
    whole = Ban("whole", ["REU"], ["huawei", "zte"], start=date(2021, 1, 1), deadline=date(2025, 12, 31))
    members = Members(population=share * people, capex_ratio=min(richer, 0.95 / share))
    part = replace(whole, name="members", weight=min(0.99, share * richer), members={"REU": members})
    baseline = simulate_rollout(params=params)
    whole_costs = ban_costs(simulate_rollout([whole], params=params), baseline).sel(country="REU")
    part_costs = ban_costs(simulate_rollout([part], params=params), baseline).sel(country="REU")
    assert float(whole_costs["coverage_delay_months"].max()) == 0.0
    envelope_share = members.population * members.capex_ratio / people
    whole_extra = float(whole_costs["extra_capex"].sum())
    assert 0.0 < float(part_costs["extra_capex"].sum()) <= envelope_share * whole_extra * (1 + 2e-3)


def _vendor_ban(countries: list[str], vendors: list[str]) -> Ban:
    return Ban("ban", countries, vendors, start=date(2021, 1, 1), deadline=date(2025, 1, 1))


def _cost_per_site(result: RolloutResult, country: str) -> float:
    data = result.data.sel(country=country)
    sites = (data["sites_new"] + data["sites_replacement"]).sum()  # whole-site bans: one unit a site
    return _cumulative_cost(result, [country]) / float(sites)


def _cumulative_cost(result: RolloutResult, countries: list[str]) -> float:
    data = result.data.sel(country=countries)
    return float((data["capex_new"] + data["capex_replacement"]).sum())


@settings(max_examples=15, deadline=None)
@given(
    base_x=st.floats(0.2, 0.8),
    discount=st.floats(0.05, 0.5),
    beta=st.floats(0.5, 8.0),
    envelope=st.floats(50, 1e4),
)
def test_banning_a_cheaper_vendor_costs_more_than_banning_a_dearer_one_of_the_same_share(
    base_x: float, discount: float, beta: float, envelope: float
) -> None:
    # AAA's incumbency split between x and y; y bids 1 - discount of x's price. Give y the same incumbency
    # as x by swapping the base shares: the ban on the cheaper vendor (y) raises the index more
    base = xr.DataArray(
        [[0.5, 0.5], [base_x, 1 - base_x]],
        dims=("country", "vendor"),
        coords={"country": ["AAA", "BBB"], "vendor": ["x", "y"]},
    )
    params = replace(
        small_world(envelope_a=envelope * PRICE, discount=discount), base_shares=base, price_sensitivity=beta
    )
    cheap = simulate_rollout([_vendor_ban(["AAA"], ["y"])], params=params)
    dear = simulate_rollout([_vendor_ban(["AAA"], ["x"])], params=params)
    index_cheap = cheap.data["price_per_site"].sel(country="AAA", year=2022)
    index_dear = dear.data["price_per_site"].sel(country="AAA", year=2022)
    assert float(index_cheap) > float(index_dear)
    # spending itself can fall: when the dearer vendor's capacity binds, fewer sites are bought (the coverage
    # check below); each site bought costs more
    assert _cost_per_site(cheap, "AAA") >= _cost_per_site(dear, "AAA") * (1 - 1e-9)
    late = cheap.data["coverage"].sel(country="AAA") <= dear.data["coverage"].sel(country="AAA") + 1e-12
    assert bool(late.all())


def test_with_equal_prices_a_ban_costs_the_swap_out_and_the_lost_bidder_only() -> None:
    # equal bids: a site costs the inclusive value, which loses only the banned vendor's incumbency,
    # (1 - s)^(-1/beta) with s = 0.5 (fewer bidders); BBB built every site in 2019, so the ban's whole
    # extra cost is the swap-out of y's 500 sites at that index
    ban = _vendor_ban(["BBB"], ["y"])
    for beta in (2.0, 400.0):
        params = replace(small_world(), price_sensitivity=beta)
        baseline = simulate_rollout(params=params).data.sel(country="BBB")
        scenario = simulate_rollout([ban], params=params).data.sel(country="BBB")
        bidders = 0.5 ** (-1 / beta)
        assert float(scenario["price_per_site"].sel(year=2022)) == pytest.approx(PRICE * bidders, rel=1e-9)
        assert float(scenario["sites_replacement"].sum()) == pytest.approx(500.0)
        extra = float((scenario["capex_new"] + scenario["capex_replacement"] - baseline["capex_new"]).sum())
        assert extra == pytest.approx(500.0 * PRICE * bidders, rel=1e-9)
    # as beta grows (bids compared on price alone) the lost bidder costs nothing: only the swap-out is left
    assert extra == pytest.approx(500.0 * PRICE, rel=2e-3)


def test_with_unlimited_crews_and_equal_prices_a_ban_costs_the_whole_swap_out() -> None:
    # with a 4G grid (y's 500 sites in BBB, 3 radio units each) and a visit's work (0.4 of a site), the ban's
    # extra cost is y's 500 5G and 1,500 4G radio units at the index (the lost bidder) and 500 visits
    ban = _vendor_ban(["BBB"], ["y"])
    for beta in (2.0, 400.0):
        params = replace(small_world(), price_sensitivity=beta).with_values(
            lte_site_ratio=1.0, swap_units_per_site=3.0, swap_work_share=0.4
        )
        baseline = simulate_rollout(params=params).data.sel(country="BBB")
        scenario = simulate_rollout([ban], params=params).data.sel(country="BBB")
        index = PRICE * 0.5 ** (-1 / beta)
        extra = float((scenario["capex_new"] + scenario["capex_replacement"] - baseline["capex_new"]).sum())
        assert extra == pytest.approx(500.0 * (1 + 3) * index + 500.0 * 0.4 * PRICE, rel=1e-9)
        assert float(scenario["coverage"].sel(year=2035)) == pytest.approx(1.0)


ROOMY_CREWS = 10.0
"""Crew slack at which crews never hold back a swap a deadline asks (the spending property's premise)."""


@settings(max_examples=15, deadline=None)
@given(
    ban=bans(),
    later=st.integers(1, 6),
    tightness=TIGHTNESS,
    slack=st.one_of(st.floats(0.0, 0.5), st.just(ROOMY_CREWS)),
    visits=st.floats(1.0, 2.0),  # rollout.swap_crew_visits, its sampled range
)
def test_a_later_deadline_never_costs_more_before_the_earlier_one_bites(
    ban: Ban, later: int, tightness: float, slack: float, visits: float
) -> None:
    # the same ban with a deadline ``later`` years on removes less kit each year, so up to the year before
    # the earlier deadline it never builds fewer sites and, where crews can swap what the deadline asks,
    # never spends more on the swap-out (so its spending rises only by the new sites it adds). Crews can
    # swap what it asks where they swap at any pace (``swap_pace_years`` near 0; at the stated pace an
    # earlier deadline beyond the pace leaves removed sites dark, which costs coverage rather than capex:
    # tests/engines/rollout/test_anchors.py) and have room (``ROOMY_CREWS``). Where the crews hold both
    # deadlines' swaps back the premise fails whatever a swap's crew time (``swap_crew_visits`` 1 to 2):
    # both make the same visits, the earlier deadline's removed 5G the crews do not reach goes dark (it
    # is rebuilt later as new build; only its 4G anchor waits for the swap), while the later deadline's
    # visits swap this year's 5G with the anchor, so they carry more radio (the explicit case below, and
    # docs/rollout.md). Operators plan their swaps over the years they foresee (``latest_swaps``): the
    # later deadline's swaps fall, as the earlier one's forced swaps do, in the years whose envelope and
    # crews have room, and never crowd out a year's build that an earlier swap could have spared (before,
    # it swapped just in time and built less in the first year the envelope bound: Spain 2021, 7,068 new
    # sites against 7,926). On 300 fresh examples (``make explore``) one still failed: a members' ban
    # starting in November with the envelope binding built 3.1 of Australia's 11,571 sites fewer in its
    # first, partial year (issue 13). ``make explore`` still finds that case with roomy crews and a swap
    # of one visit: Finland bans ZTE and Nokia radio from October 2020, by 2022 or 2023, envelopes bind in
    # 2021; the later deadline swaps ahead 0.03 visits more in 2020, spends $8,700 (6e-5) more and builds
    # 0.12 sites fewer there (the same with crew slack 1e6: the envelope's foresight, not the crews).
    early = ban if ban.deadline is not None else replace(ban, deadline=date(ban.start.year + 2, 1, 1))
    assert early.deadline is not None
    late = replace(early, deadline=date(early.deadline.year + later, early.deadline.month, 1))
    params = _scaled(tightness).with_values(crew_slack=slack, swap_pace_years=1e-3, swap_crew_visits=visits)
    first, second = simulate_rollout([early], params=params), simulate_rollout([late], params=params)
    until = [year for year in YEARS if year < early.deadline.year]
    banning = list(ban.countries)

    def swap_out(result: RolloutResult) -> xr.DataArray:
        return result.data["capex_replacement"].sel(country=banning, year=until).sum("year")

    if slack == ROOMY_CREWS:
        assert bool((swap_out(second) <= swap_out(first) * (1 + TOLERANCE) + 1e-6).all())
    # in sites: coverage (a concave power of sites) turns rounding near zero sites into 1e-10
    sites = second.data["sites"].sel(country=banning, year=until)
    assert bool((sites >= first.data["sites"].sel(country=banning, year=until) * (1 - 1e-9) - 1e-6).all())


def test_where_crews_hold_both_deadlines_back_the_later_one_swaps_more_radio_per_visit() -> None:
    # the later-deadline property's premise failing (found at swap_crew_visits 2 on branch crewprop, and
    # failing at 1 as well): 30 % of Australia, Brazil and the USA ban Huawei and ZTE radio from 2020, out
    # by 2022 or 2023, crews without slack, a swap 1.5 visits of crew time (the default). Both deadlines'
    # crews make the same 498 and 626 swap visits in Australia in 2020 and 2021; the earlier deadline's
    # removed 5G that they do not reach goes dark, so in 2021 its visits replace 34.9 5G sites against the
    # later one's 39.2, and the later deadline spends 0.08 % more on the swap-out by 2021 ($322.99M
    # against $322.73M) while it keeps 1.4 % more sites standing
    ban = Ban(
        "members",
        ["AUS", "BRA", "USA"],
        ["huawei", "zte"],
        date(2020, 1, 1),
        date(2022, 1, 1),
        ("radio",),
        weight=0.3,
    )
    params = _scaled(1.0).with_values(crew_slack=0.0, swap_pace_years=1e-3)
    first = simulate_rollout([ban], params=params).data.sel(country="AUS", year=[2020, 2021])
    second = simulate_rollout([replace(ban, deadline=date(2023, 1, 1))], params=params).data.sel(
        country="AUS", year=[2020, 2021]
    )
    np.testing.assert_allclose(second["swap_visits"], first["swap_visits"], rtol=1e-12)
    np.testing.assert_allclose(first["swap_visits"], [498.431, 625.656], atol=1e-3)
    replaced = [float(run["sites_replacement"].sel(year=2021).sum()) for run in (first, second)]
    np.testing.assert_allclose(replaced, [34.907, 39.225], atol=1e-3)
    spent = [float(run["capex_replacement"].sum()) for run in (first, second)]
    np.testing.assert_allclose(spent, [322.728566e6, 322.999696e6], rtol=1e-6)
    assert bool((second["sites"] >= first["sites"]).all())


def test_a_later_deadline_in_australia_s_members_ban_of_november_2024_spends_no_more_before_2026() -> None:
    # the later-deadline property's example found by ``make explore`` on main at 67e38c9 (issue 13): a
    # members' ban (0.5 % of Australia) on Ericsson and Huawei radio from November 2024, out by January
    # 2026 or 2027, envelopes 1.36 times the default, crews without slack. There the later deadline's
    # foreseen swaps took the upgrade crews in the ban's first, part year, as the earlier deadline's law
    # did (27.1 visits each), then both were crew-bound in 2025 at 29.9 visits, and the later one's
    # visits carried more radio: $13.96M against $13.90M of swap-out by 2025. Now no swap takes the
    # upgrades' crews and the later deadline swaps 13.7 visits in 2024 against 16.2
    ban = Ban(
        "members",
        ["AUS"],
        ["ericsson", "huawei"],
        date(2024, 11, 1),
        date(2026, 1, 1),
        ("radio",),
        weight=0.005,
    )
    params = _scaled(1.3622987958765072).with_values(
        crew_slack=0.0, swap_pace_years=1e-3, swap_crew_visits=1.0
    )
    first = simulate_rollout([ban], params=params).data.sel(country="AUS", year=slice(2019, 2025))
    second = simulate_rollout([replace(ban, deadline=date(2027, 1, 1))], params=params).data.sel(
        country="AUS", year=slice(2019, 2025)
    )
    assert float(second["capex_replacement"].sum()) <= float(first["capex_replacement"].sum())
    assert bool((second["sites"] >= first["sites"] - 1e-6).all())
    np.testing.assert_allclose(second["swap_visits"].sel(year=2024), 13.652, atol=1e-3)


@settings(max_examples=10, deadline=None)
@given(ban=bans(), tightness=TIGHTNESS, discount=st.floats(0.0, 0.4))
def test_a_ban_never_lowers_the_cost_index_whatever_the_discount(
    ban: Ban, tightness: float, discount: float
) -> None:
    params = replace(_scaled(tightness), vendor_discount=discount)
    baseline, scenario = simulate_rollout(params=params), simulate_rollout([ban], params=params)
    banning = list(ban.countries)
    index = scenario.data["price_per_site"].sel(country=banning)
    assert bool((index >= baseline.data["price_per_site"].sel(country=banning) * (1 - 1e-12)).all())
    late = scenario.data["coverage"].sel(country=banning)
    assert bool((late <= baseline.data["coverage"].sel(country=banning) + 1e-12).all())
