"""Properties of the rollout on the default world (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

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
    # Nor does the changeover (``changeover_years`` 0): it holds the whole region's build back a year.
    params = _scaled(tightness).with_values(swap_pace_years=1e-3, crew_slack=10.0, changeover_years=0.0)
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


AS_FOUND = {"crew_ramp": 0.0, "changeover_years": 0.0}
"""The worked examples below were found with crews sized on the 5G build alone and no vendor changeover
(before branch changeover): they keep those, so that each still holds the mechanism it was found on (the
drawn properties run at the defaults, programme crews and changeover included)."""
LEARNING = 1e-4
"""Relative excess of the later deadline's swap-out, and shortfall of its sites, the property allows: the
vendors' learning. The earlier deadline's extra replacement shipments (in every country its ban covers) add
to each vendor's experience (Wright's law), so its later years' bids are a little lower: 8e-6 of
Australia's swap-out below, 0 at a learning rate of 0. The drawn property takes a shortfall of sites only
where it vanishes at a learning rate of 0 (fresh examples at seeds 7 and 11, 400 each, found six, at most
2.4e-5: Taiwan 2022 under a ban of Turkey, Taiwan, the USA and the rest of the world; branch german13)."""


@settings(max_examples=15, deadline=None)
@given(
    ban=bans(),
    later=st.integers(1, 6),
    tightness=TIGHTNESS,
    slack=st.floats(0.0, 0.5),
    visits=st.floats(1.0, 2.0),  # rollout.swap_crew_visits, its sampled range
)
def test_a_later_deadline_never_costs_more_before_the_earlier_one_bites(
    ban: Ban, later: int, tightness: float, slack: float, visits: float
) -> None:
    # the same ban with a deadline ``later`` years on removes less kit each year, so up to the year before
    # the earlier deadline it never builds fewer sites and never spends more on the swap-out (so its
    # spending rises only by the new sites it adds), up to the vendors' learning (``LEARNING``). Crews swap
    # at any pace (``swap_pace_years`` near 0; at the stated pace an earlier deadline beyond the pace leaves
    # removed sites dark, which costs coverage rather than capex: tests/engines/rollout/test_anchors.py),
    # with slack 0-0.5 and a swap's crew time over its sampled range. Where the crews hold both deadlines'
    # swaps back both make the same visits; before branch swapdark the earlier deadline's removed 5G the
    # crews did not reach went dark and was rebuilt later as new build (only its 4G anchor waited for the
    # swap), so the later deadline's visits carried more radio and the property held only with crews that
    # never bind; now the dark 5G waits for its swap visit with its anchor (booked as swap-out, the explicit
    # Australian case below). Operators plan their swaps over the years they foresee (``latest_swaps``),
    # at what the swaps will bill and the visits they will take (``swap_per_site``: before, at a visit per
    # 4G site, they overran a binding envelope, more under the later deadline: the Finland and
    # southern-Europe cases below), and a banned vendor's densification radio goes with the 5G sites it
    # sits on (before, what it added in a ban's part year went whole the next year under either deadline,
    # so the later deadline's crew-bound visits carried more of it: the Canadian case below; issue 13).
    early = ban if ban.deadline is not None else replace(ban, deadline=date(ban.start.year + 2, 1, 1))
    assert early.deadline is not None
    late = replace(early, deadline=date(early.deadline.year + later, early.deadline.month, 1))
    banning, year = list(ban.countries), early.deadline.year

    def runs(learning_rate: float) -> tuple[RolloutResult, RolloutResult]:
        params = _scaled(tightness, learning_rate).with_values(
            crew_slack=slack, swap_pace_years=1e-3, swap_crew_visits=visits
        )
        return simulate_rollout([early], params=params), simulate_rollout([late], params=params)

    first, second = runs(PARAMS.learning_rate)
    _assert_no_dearer_swap_out(first, second, banning, year, sites=LEARNING)
    if _fewer_sites(first, second, banning, year, ROUNDING):
        # fewer sites, within the vendors' learning, must be the learning's: none where vendors do not learn
        _assert_no_dearer_swap_out(*runs(0.0), banning, year)


ROUNDING = 1e-9
"""Relative shortfall of the later deadline's sites the property allows where vendors do not learn: coverage
(a concave power of sites) turns rounding near zero sites into 1e-10."""


def _fewer_sites(
    first: RolloutResult, second: RolloutResult, banning: list[str], deadline: int, by: float
) -> bool:
    """Whether the later deadline's run ``second`` stands fewer sites than ``first`` (relatively more than
    ``by``, and more than 1e-6 of a site) in ``banning`` in a year before ``deadline``."""
    until = [year for year in YEARS if year < deadline]
    sites = second.data["sites"].sel(country=banning, year=until)
    return bool((sites < first.data["sites"].sel(country=banning, year=until) * (1 - by) - 1e-6).any())


def _assert_no_dearer_swap_out(
    first: RolloutResult,
    second: RolloutResult,
    banning: list[str],
    deadline: int,
    sites: float = ROUNDING,
) -> None:
    """The later deadline's run ``second`` spends no more on the swap-out than the earlier one's ``first``
    (up to ``LEARNING``) and builds no fewer sites in ``banning`` before the year ``deadline`` (up to
    ``sites``, relatively)."""
    until = [year for year in YEARS if year < deadline]

    def swap_out(result: RolloutResult) -> xr.DataArray:
        return result.data["capex_replacement"].sel(country=banning, year=until).sum("year")

    assert bool((swap_out(second) <= swap_out(first) * (1 + LEARNING) + 1e-6).all())
    assert not _fewer_sites(first, second, banning, deadline, sites)


def test_a_later_deadline_elsewhere_leaves_taiwan_s_vendors_learning_less_and_its_sites_fewer() -> None:
    # found by the property's fresh examples (seed 11, 400 drawn; branch german13 and the lead): Turkey,
    # Taiwan, the USA and the rest of the world ban Huawei radio and core from September 2019, out by
    # September 2023 or 2027, envelopes 0.26 of the default. Taiwan has no Huawei kit and swaps nothing, but
    # the earlier deadline's US replacement shipments teach the vendors left more, so Taiwan's 2022 index is
    # $56,389.69 against $56,391.50 and its bound envelope buys 0.43 sites more (2.4e-5): fewer sites under
    # the later deadline, within the vendors' learning (``LEARNING``), and none at a learning rate of 0,
    # where both build 16,228.24 (the property's rule for a shortfall of sites)
    ban = Ban(
        "drawn",
        ["TUR", "TWN", "USA", "ROW"],
        ["huawei"],
        date(2019, 9, 1),
        date(2023, 9, 1),
        ("radio", "core"),
    )
    found = {
        "crew_slack": 0.2615285039303375,
        "swap_pace_years": 1e-3,
        "swap_crew_visits": 1.1764547040666011,
    }
    sites, prices = [], []
    for rate in (PARAMS.learning_rate, 0.0):
        params = _scaled(0.2615285039303375, rate).with_values(**found)
        runs = [
            simulate_rollout([replace(ban, deadline=date(year, 9, 1))], params=params)
            for year in (2023, 2027)
        ]
        sites.append([float(run.data["sites"].sel(country="TWN", year=2022)) for run in runs])
        prices.append([float(run.data["price_per_site"].sel(country="TWN", year=2022)) for run in runs])
        assert float(runs[1].data["capex_replacement"].sel(country="TWN").sum()) == 0.0
        _assert_no_dearer_swap_out(*runs, ["TWN"], 2023, sites=LEARNING if rate > 0 else ROUNDING)
    np.testing.assert_allclose(prices[0], [56389.69, 56391.50], atol=0.01)
    np.testing.assert_allclose(sites[0], [17688.311, 17687.879], atol=1e-3)
    assert prices[1][0] == prices[1][1]
    np.testing.assert_allclose(sites[1], [16228.243] * 2, atol=1e-3)


def test_where_crews_hold_both_deadlines_back_the_dark_5g_waits_for_its_swap() -> None:
    # the later-deadline property's counterexample at any crew time before branch swapdark: 30 % of
    # Australia, Brazil and the USA ban Huawei and ZTE radio from 2020, out by 2022 or 2023, crews without
    # slack, a swap 1.5 visits of crew time (the default). Both deadlines' crews make the same 498 and 626
    # swap visits in Australia in 2020 and 2021. The earlier deadline's removed 5G that they did not reach
    # went dark and was rebuilt later as new build, so in 2021 its visits replaced 34.9 5G sites against
    # the later one's 39.2 and the later deadline spent 0.08 % more ($322.99M against $322.73M). Now the
    # dark 5G waits for its swap visit with its 4G anchor: both replace 69.4 and 87.1 5G sites (45.5 and
    # 57.1 before Australia's smaller 4G grid was sourced, branch density13) and spend the same at a
    # learning rate of 0; with learning the later deadline's fewer replacement shipments (in Brazil and the
    # USA) leave the vendors' 2021 bids a hair higher: $2,606 (8e-6) more, within LEARNING
    ban = Ban(
        "members",
        ["AUS", "BRA", "USA"],
        ["huawei", "zte"],
        date(2020, 1, 1),
        date(2022, 1, 1),
        ("radio",),
        weight=0.3,
    )
    for rate in (0.0, PARAMS.learning_rate):
        params = _scaled(1.0, rate).with_values(crew_slack=0.0, swap_pace_years=1e-3, **AS_FOUND)
        first = simulate_rollout([ban], params=params)
        second = simulate_rollout([replace(ban, deadline=date(2023, 1, 1))], params=params)
        _assert_no_dearer_swap_out(first, second, ["AUS"], 2022)
        early, late = (run.data.sel(country="AUS", year=[2020, 2021]) for run in (first, second))
        np.testing.assert_allclose(late["swap_visits"], early["swap_visits"], rtol=1e-12)
        np.testing.assert_allclose(early["swap_visits"], [498.431, 625.656], atol=1e-3)
        replaced = [run["sites_replacement"].sum("vendor") for run in (early, late)]
        np.testing.assert_allclose(replaced, [[69.413, 87.131]] * 2, atol=1e-3)
        spent = [float(run["capex_replacement"].sum()) for run in (early, late)]
        if rate == 0.0:
            assert spent[1] <= spent[0] * (1 + 1e-12)
        else:
            np.testing.assert_allclose(spent, [327.841262e6, 327.843868e6], rtol=1e-6)


def test_a_later_deadline_in_finland_with_roomy_crews_spends_no_more_before_the_earlier_one() -> None:
    # the later-deadline property's example found by ``make explore`` on branch crewprop (issue 13), with
    # roomy crews and a swap of one visit: Finland bans ZTE and Nokia radio and core from October 2020, out
    # by October 2022 or 2023, envelopes binding in 2020 and 2021. The later deadline's law removes less
    # core in 2020, so its foreseen swaps have more of 2020's envelope; they were planned at a visit per 4G
    # site while the bill pays a visit per 5G site where a vendor has more 5G than 4G, so they overran the
    # envelope: $4,929 (1.3e-5) more swap-out by 2021 and 0.07 of Finland's 1,813 sites fewer in 2020. Now
    # they are planned at what they bill (``swap_per_site``): both spend the whole envelope left after the
    # planned build in 2020, the same to rounding, and build the same sites (in 2021 the later deadline
    # spends $34.3M less)
    ban = Ban("drawn", ["FIN"], ["zte", "nokia"], date(2020, 10, 1), date(2022, 10, 1), ("radio", "core"))
    params = _scaled(1.0).with_values(crew_slack=10.0, swap_pace_years=1e-3, swap_crew_visits=1.0, **AS_FOUND)
    first = simulate_rollout([ban], params=params)
    second = simulate_rollout([replace(ban, deadline=date(2023, 10, 1))], params=params)
    _assert_no_dearer_swap_out(first, second, ["FIN"], 2022)
    early, late = (run.data.sel(country="FIN", year=[2020, 2021]) for run in (first, second))
    np.testing.assert_allclose(early["capex_replacement"], [154.624457e6, 220.812560e6], rtol=1e-8)
    np.testing.assert_allclose(late["capex_replacement"], [154.624457e6, 186.507367e6], rtol=1e-8)
    np.testing.assert_allclose(late["sites"].sel(year=2020), early["sites"].sel(year=2020), rtol=1e-12)


def test_a_later_deadline_in_southern_europe_s_members_ban_of_december_2026_spends_no_more() -> None:
    # found by ``make explore`` on branch swapdark (and failing on main the same way): 30 % of Italy,
    # Spain, Korea and the Netherlands ban Huawei radio and core from December 2026, out by January 2028
    # or 2029, envelopes a fifth of the default, crews without slack, a swap of one visit. In 2026 the
    # earlier deadline's law removes twice the core (paid without visits), so the later deadline's foreseen
    # swaps have more of the binding envelope. They were planned at a visit per 4G site, but the members
    # have more Huawei 5G than 4G sites and the bill pays a visit per 5G site: the swaps overran the
    # envelope left after the planned build (Italy's 2026 swap-out $144.7M against $142.4M, 1.2 % more by
    # 2027, and 50 sites fewer; Spain 54, the Netherlands 20). Planned at what they bill
    # (``swap_per_site``), both deadlines spend the envelope left after the planned build: the same
    # swap-out ($139.69M and $144.71M in Italy) and the same 362.8 new sites in 2026
    ban = Ban(
        "drawn", ["ITA", "ESP", "KOR", "NLD"], ["huawei"], date(2026, 12, 1), date(2028, 1, 1), weight=0.3
    )
    params = _scaled(0.2).with_values(crew_slack=0.0, swap_pace_years=1e-3, swap_crew_visits=1.0, **AS_FOUND)
    first = simulate_rollout([ban], params=params)
    second = simulate_rollout([replace(ban, deadline=date(2029, 1, 1))], params=params)
    _assert_no_dearer_swap_out(first, second, list(ban.countries), 2028)
    early, late = (run.data.sel(country="ITA", year=[2026, 2027]) for run in (first, second))
    np.testing.assert_allclose(late["capex_replacement"], early["capex_replacement"], rtol=1e-12)
    np.testing.assert_allclose(early["capex_replacement"], [139.69277e6, 144.71375e6], rtol=1e-7)
    built = [float(run["sites_new"].sel(year=2026).sum()) for run in (early, late)]
    np.testing.assert_allclose(built, [362.8468] * 2, atol=1e-4)


def test_a_later_deadline_in_canada_s_ban_of_ericsson_and_nokia_spends_no_more() -> None:
    # found by ``make explore`` on branch swapdark: Canada, India, Turkey, Indonesia, China and France ban
    # Ericsson and Nokia radio from June 2022, out by January 2024 or 2025, crews without slack, a swap of
    # 1.66 visits. Both deadlines' crews make the same 2,769 visits a year in Canada and replace the same
    # 345.1 5G sites, and a visit also swaps the densification radio on its sites. That radio fell on a
    # straight line of its own, from its peak before the ban: what the banned vendors added in the ban's
    # part year (densification bought at 2022's shares) stood above the line and went whole in 2023 under
    # either deadline, so the later deadline's smaller queue held more of it per visit: $0.44M (2.1e-4)
    # more swap-out by 2023 (none without densification). Now it goes with the 5G sites it sits on (the
    # share of the vendor's 5G the law removes): the later deadline spends $0.37M less in 2023, at a
    # learning rate of 0 as well, and the same without densification
    countries = ["CAN", "IND", "TUR", "IDN", "CHN", "FRA"]
    ban = Ban("drawn", countries, ["ericsson", "nokia"], date(2022, 6, 1), date(2024, 1, 1), ("radio",))
    params = _scaled(1.0846529885781953).with_values(
        crew_slack=0.0, swap_pace_years=1e-3, swap_crew_visits=1.6628952783676971, **AS_FOUND
    )
    for rate, densification in ((PARAMS.learning_rate, None), (0.0, None), (PARAMS.learning_rate, 0.0)):
        varied = params.with_values(learning_rate=rate)
        if densification is not None:
            varied = varied.with_values(densification_rate=densification)
        first = simulate_rollout([ban], params=varied)
        second = simulate_rollout([replace(ban, deadline=date(2025, 1, 1))], params=varied)
        _assert_no_dearer_swap_out(first, second, countries, 2024)
        early, late = (run.data.sel(country="CAN", year=[2022, 2023]) for run in (first, second))
        np.testing.assert_allclose(late["swap_visits"], early["swap_visits"], rtol=1e-12)
        np.testing.assert_allclose(early["swap_visits"], [2768.558] * 2, atol=1e-3)
        spent = [run["capex_replacement"].sel(year=2023) for run in (early, late)]
        if densification is None:
            assert float(spent[0] - spent[1]) > 0.3e6
        else:
            np.testing.assert_allclose(spent[1], spent[0], rtol=1e-12)


def test_a_later_deadline_in_germany_s_ban_of_huawei_and_nokia_spends_no_more() -> None:
    # found on branch crewprop by the property's fresh examples (300 drawn): Germany bans Huawei and Nokia
    # radio from February 2024, out by January 2026 or 2027, crews without slack, a swap of 2 visits (the
    # property's deadline for a ban drawn without one). Both deadlines' crews make the same 9,323 visits
    # in 2024 and 2025; Huawei has more 5G than 4G sites (a visit per 5G site), Nokia fewer (a visit per
    # 4G site), so the queue's mix of the two sets the 5G a visit swaps. The swaps of 2024 bought their
    # replacements at the year's shares, the banned vendors' part-year share included: kit above the
    # law's line, removed whole in 2025 under either deadline, a larger part of the later deadline's
    # smaller queue (0.9751 5G sites a visit against 0.9729, 1.9e-4 more swap-out by 2025; 4.9e-3 before
    # ``swap_per_site``). A swap now replaces the banned kit with the other vendors' (``replacing``): both
    # swap 0.9691 5G sites a visit, 9,035.2 a year, and the later deadline spends $10.0M less in 2025
    ban = Ban("drawn", ["DEU"], ["huawei", "nokia"], date(2024, 2, 1), date(2026, 1, 1), ("radio",))
    params = _scaled(1.0).with_values(crew_slack=0.0, swap_pace_years=1e-3, swap_crew_visits=2.0, **AS_FOUND)
    first = simulate_rollout([ban], params=params)
    second = simulate_rollout([replace(ban, deadline=date(2027, 1, 1))], params=params)
    _assert_no_dearer_swap_out(first, second, ["DEU"], 2026)
    early, late = (run.data.sel(country="DEU", year=[2024, 2025]) for run in (first, second))
    np.testing.assert_allclose(late["swap_visits"], early["swap_visits"], rtol=1e-12)
    replaced = [run["sites_replacement"].sum("vendor") for run in (early, late)]
    np.testing.assert_allclose(replaced, [[9035.227, 9035.227]] * 2, atol=1e-3)
    # the swaps bought nothing from the banned vendors in the ban's part year
    assert float(early["sites_replacement"].sel(vendor=["huawei", "nokia"], year=2024).sum()) == 0.0
    spent = [float(run["capex_replacement"].sel(year=2025)) for run in (early, late)]
    np.testing.assert_allclose(spent[0] - spent[1], 10.005e6, rtol=1e-3)


def test_a_later_deadline_in_australia_s_ban_of_november_2019_spends_no_more() -> None:
    # found on branch crewprop by the property's fresh examples (300 drawn), on main as well (5.6e-4):
    # Australia bans Huawei and Nokia radio from November 2019 (the property's deadline for a ban drawn
    # without one, January 2021, or a year later), crew slack 0.5, a swap of 1.5 visits. Both make the
    # same 2,788 and 3,584 swap visits in 2019 and 2020. The 2019 visits swap 4G alone (swaps ahead: the two
    # vendors' 5G is first built later that year, at the part year's share), so in 2020 their 5G is behind
    # its line and the later deadline's removal carries more 5G per 4G site: a share of it swapped 0.0467
    # 5G sites a visit against 0.0378, $1,706.7M against $1,702.3M of swap-out in 2020, 1.7e-3 more by 2020
    # (an expected failure, issue 13). Now the swaps of a vendor's 4G take its 5G as far down its own line
    # (``behind_the_line``): both swap 196.9 5G sites in 2020 and spend the same (to rounding), at a
    # learning rate of 0 as well. On Australia's sourced 4G grid since (branch density13: 7.89 sites per
    # 10,000 people, not the US's 12.05) the crews make 1,825 and 3,207 visits and both deadlines swap
    # 456.9 5G sites in 2020 for $1,568.6M (without ``behind_the_line``: $1,566.4M against $1,554.8M)
    ban = Ban("drawn", ["AUS"], ["huawei", "nokia"], date(2019, 11, 1), date(2021, 1, 1), ("radio",))
    for rate in (0.0, PARAMS.learning_rate):
        params = _scaled(1.0, rate).with_values(
            crew_slack=0.5, swap_pace_years=1e-3, swap_crew_visits=1.5, **AS_FOUND
        )
        first = simulate_rollout([ban], params=params)
        second = simulate_rollout([replace(ban, deadline=date(2022, 1, 1))], params=params)
        _assert_no_dearer_swap_out(first, second, ["AUS"], 2021)
        early, late = (run.data.sel(country="AUS", year=[2019, 2020]) for run in (first, second))
        np.testing.assert_allclose(late["swap_visits"], early["swap_visits"], rtol=1e-12)
        np.testing.assert_allclose(early["swap_visits"], [1825.390, 3206.885], atol=1e-3)
        replaced = [run["sites_replacement"].sum("vendor") for run in (early, late)]
        np.testing.assert_allclose(replaced, [[0.0, 456.944]] * 2, atol=1e-3)
        np.testing.assert_allclose(late["capex_replacement"], early["capex_replacement"], rtol=1e-12)


def test_a_later_deadline_in_sweden_s_members_ban_of_zte_and_ericsson_builds_no_fewer_sites() -> None:
    # found on branch xfail13 by the property's fresh examples (300 drawn, seed 13), the same on main: 30 %
    # of Russia, Turkey, Sweden and Indonesia ban ZTE and Ericsson radio from October 2020, out by October
    # 2025 or 2031, envelopes 0.75 of the default, crew slack 0.099, a swap of 1.5 visits (changeover and
    # crew ramp at their defaults). The swap-out holds (the later deadline spends 2.3 % less in Sweden by
    # 2024), the sites do not: the later deadline builds more in 2022 and 2023 and fewer in 2024, 7,506.0
    # against 7,524.9 (0.25 %), when it makes 178.2 swap visits against 169.1 (an expected failure, issue 13).
    # The members' envelope bound, not the crews: in 2021 the changeover held 27 % of their new build, and
    # the operators' foresight kept the envelope for the whole of this year's planned build, so the later
    # deadline left $11.0M of it unspent (and $4.1M to densification), swapped nothing ahead for the
    # coming years' anchors and swapped them in 2024 instead of building. Now this year's planned build is
    # what the changeover lets it build: both deadlines spend the members' whole envelope in 2021 ($51.4M
    # of swap-out, 144.5 and 147.9 visits) and the later one builds no fewer sites in any year, 7,720.1
    # against 7,646.0 by 2024
    ban = Ban(
        "drawn",
        ["RUS", "TUR", "SWE", "IDN"],
        ["zte", "ericsson"],
        date(2020, 10, 1),
        date(2025, 10, 1),
        ("radio",),
        weight=0.3,
    )
    params = _scaled(0.7514942111211786).with_values(
        crew_slack=0.09912759397605611, swap_pace_years=1e-3, swap_crew_visits=1.5
    )
    first = simulate_rollout([ban], params=params)
    second = simulate_rollout([replace(ban, deadline=date(2031, 10, 1))], params=params)
    _assert_no_dearer_swap_out(first, second, list(ban.countries), 2025)
    early, late = (run.data.sel(country="SWE", year=[2021, 2024]) for run in (first, second))
    # the same 2021 spending under either deadline (the members' whole envelope; the rest of Sweden's alike)
    spent = [run["capex_replacement"] + run["capex_new"] + run["capex_capacity"] for run in (early, late)]
    np.testing.assert_allclose(spent[1].sel(year=2021), spent[0].sel(year=2021), rtol=1e-12)
    np.testing.assert_allclose(early["capex_replacement"].sel(year=2021), 51.4206e6, rtol=1e-5)
    np.testing.assert_allclose(early["swap_visits"].sel(year=2021), 144.532, atol=1e-3)
    np.testing.assert_allclose(late["swap_visits"].sel(year=2021), 147.928, atol=1e-3)
    sites = [float(run["sites"].sel(year=2024)) for run in (early, late)]
    np.testing.assert_allclose(sites, [7645.95, 7720.13], atol=0.01)


def test_a_later_deadline_in_sweden_s_members_ban_of_huawei_radio_and_core_builds_no_fewer_sites() -> None:
    # found on branch sweden13 by the property's fresh examples (400 drawn, seed 7): 30 % of six countries
    # ban Huawei radio and core from October 2026, out by October 2033 or 2034, envelopes 0.2 of the
    # default, crew slack 0.2, a swap of 2 visits. The ban's first whole year raises the Swedish members'
    # index from $46,953 to $65,334. Operators foresaw the coming years at 2026's prices: 2027 could make
    # 99.2 swap visits beside its build where it made 75.9, so the later deadline swapped 37.8 visits in
    # 2026 (the earlier one 126.8) and in 2027 its swaps took the whole envelope: 65.0 sites fewer (0.73 %).
    # Now they foresee each coming year's prices under the bans in force at this year's costs
    # (``_foreseen_prices``): $67,150 a site in 2027 (its learning brings $65,334), room for 73.3 swap
    # visits beside its build, so both deadlines swap ahead in 2026 (126.8 and 127.1 visits), stand as
    # many sites in 2027 and the later one more from 2028. It also holds the look-ahead's core line (branch
    # german13): with the 5G line foreseen but not the core the line removes each coming year (paid from
    # the envelope without visits), the later deadline counted on 2029's envelope for swaps its core took,
    # and France's members stood 22 sites fewer in 2029; with ``core_line`` both stand as many
    ban = Ban(
        "drawn",
        ["GBR", "MEX", "IDN", "SWE", "BRA", "FRA"],
        ["huawei"],
        date(2026, 10, 1),
        date(2033, 10, 1),
        ("radio", "core"),
        weight=0.3,
    )
    params = _scaled(0.2).with_values(crew_slack=0.2, swap_pace_years=1e-3, swap_crew_visits=2.0)
    first = simulate_rollout([ban], params=params)
    second = simulate_rollout([replace(ban, deadline=date(2034, 10, 1))], params=params)
    _assert_no_dearer_swap_out(first, second, list(ban.countries), 2033)
    early, late = (run.data.sel(country="SWE", year=[2026, 2027, 2028]) for run in (first, second))
    np.testing.assert_allclose(early["swap_visits"], [126.82, 105.01, 105.41], atol=0.01)
    np.testing.assert_allclose(late["swap_visits"], [127.05, 105.99, 101.20], atol=0.01)
    np.testing.assert_allclose(early["sites"], [8845.69, 8907.93, 8886.51], atol=0.01)
    np.testing.assert_allclose(late["sites"], [8845.69, 8907.93, 8934.91], atol=0.01)


def test_a_later_deadline_in_germany_s_members_ban_of_october_2023_builds_no_fewer_sites() -> None:
    # found on branch ahead13 by the property's fresh examples (400 drawn, seed 7): 30 % of Germany and the
    # Reunion region ban ZTE and Huawei radio and core from October 2023, out by October 2031 or 2032,
    # envelopes 0.42 of the default, crew slack 0.1, a swap of 1.69 visits. In 2023 (the ban's part year)
    # the German members still buy 1,194 Huawei 5G sites after their swaps, so by the year's end their
    # Huawei 5G (11,397 sites under the later deadline) outnumbers its 4G (9,660) and the law's 5G line asks
    # more than its 4G line: in 2024 it removes 1,667.8 5G sites against 796.2 4G. The operators' 2023
    # look-ahead counts the coming years' swaps on the 4G line and the anchors (``foreseen_swaps``: 1,189.3
    # by 2024 against 955.8 that 2024 can make beside its build), from the radio standing before the
    # year's build, so the later deadline swaps 743.8 visits in 2023 (the earlier 1,511.1, its line asking
    # more) and spends $81.9M on capacity; in 2024 its law's swaps cost $393.9M against $368.5M and 333.6
    # fewer German sites stand (0.48 %, an expected failure). Foreseeing the 5G line from the radio the
    # part year leaves (tried on branch ahead13) swapped 917.1 visits and left 0.43 %: a swap ahead in the
    # part year does not lower the next year's line by a site, because the year's build still buys from
    # the banned vendors after it and the line's peak rises with what stands at the year's end (the
    # members' Huawei 5G stood at 11,232 in 2024, its new peak, against 10,909). Now the look-ahead
    # foresees the 5G line with that peak (``line_swaps``: below the peak a swap lowers the line by a
    # site, above it by 1 - A of one): both deadlines spend the members' whole 2023 envelope on swaps
    # (1,511.1 and 1,512.9 German visits, $325.8M), their Huawei 5G ends 2023 below its peak (10,668.5 and
    # 10,666.9 against 10,908.9), and in 2024 the later deadline's swaps cost $307.7M against $368.5M and
    # it stands 263.9 more German sites
    ban = Ban(
        "drawn",
        ["REU", "DEU"],
        ["zte", "huawei"],
        date(2023, 10, 1),
        date(2031, 10, 1),
        ("radio", "core"),
        weight=0.3,
    )
    params = _scaled(0.4225765687511591).with_values(
        crew_slack=0.1, swap_pace_years=1e-3, swap_crew_visits=1.6948238916854135
    )
    first = simulate_rollout([ban], params=params)
    second = simulate_rollout([replace(ban, deadline=date(2032, 10, 1))], params=params)
    _assert_no_dearer_swap_out(first, second, list(ban.countries), 2031)
    early, late = (run.data.sel(country="DEU", year=[2023, 2024]) for run in (first, second))
    np.testing.assert_allclose(early["swap_visits"], [1511.10, 1879.50], atol=0.01)
    np.testing.assert_allclose(late["swap_visits"], [1512.87, 1691.95], atol=0.01)
    np.testing.assert_allclose(late["capex_replacement"].sel(year=2023), 325.7854e6, rtol=1e-6)
    np.testing.assert_allclose(early["capex_replacement"].sel(year=2023), 325.7854e6, rtol=1e-6)
    np.testing.assert_allclose(early["capex_replacement"].sel(year=2024), 368.4568e6, rtol=1e-6)
    np.testing.assert_allclose(late["capex_replacement"].sel(year=2024), 307.7242e6, rtol=1e-6)
    np.testing.assert_allclose(early["sites"], [66506.8, 69560.7], atol=0.1)
    np.testing.assert_allclose(late["sites"], [66506.8, 69824.6], atol=0.1)


def test_a_later_deadline_in_four_countries_ban_of_ericsson_spends_no_more() -> None:
    # found on branch crewprop by the property's fresh examples (300 drawn), on main as well: Australia,
    # Brazil, Canada and China ban Ericsson radio from 1 January 2025, out by January 2028 or 2029, crews
    # without slack, a swap of one visit. Both deadlines make the same visits and replace the same 1,047
    # 5G sites a year in Australia, but in 2027 the earlier deadline's extra replacement shipments (most
    # in China) have taught the vendors left more: Australia's cost index is $53,560 against $53,589
    # (5.3e-4 lower), so the later deadline spends 1.5e-4 more by 2027 (Canada 1.45e-4, Brazil 1.7e-4 at
    # a swap of 1.5 visits), above the vendors' learning the property allows (``LEARNING``, 1e-4). At a
    # learning rate of 0 it holds (below): a real effect of learning across countries, not of the swaps.
    # With the 2019 4G grids sourced since for Brazil and China (branch ltedensity) the same case is 4.7e-5
    # (Canada 4.2e-5), within the allowance; learning across countries may still exceed it elsewhere
    countries = ["AUS", "BRA", "CAN", "CHN"]
    ban = Ban("drawn", countries, ["ericsson"], date(2025, 1, 1), date(2028, 1, 1), ("radio",))
    for rate in (0.0, PARAMS.learning_rate):
        params = _scaled(1.0, rate).with_values(
            crew_slack=0.0, swap_pace_years=1e-3, swap_crew_visits=1.0, **AS_FOUND
        )
        first = simulate_rollout([ban], params=params)
        second = simulate_rollout([replace(ban, deadline=date(2029, 1, 1))], params=params)
        _assert_no_dearer_swap_out(first, second, countries, 2028)


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


@settings(max_examples=15, deadline=None)
@given(
    ban=bans(),
    notice=st.integers(0, 540),  # days between the decision and the start
    cap=st.sampled_from([0.0, 0.0, 0.35]),
    leads=st.tuples(st.floats(0.0, 2.0), st.floats(0.0, 2.0)),
    ramp=st.floats(0.0, 1.0),
    tightness=TIGHTNESS,
)
def test_a_longer_changeover_never_costs_less_coverage(
    ban: Ban, notice: int, cap: float, leads: tuple[float, float], ramp: float, tightness: float
) -> None:
    shorter, longer = sorted(leads)
    drawn = replace(ban, announced=ban.start - timedelta(days=notice), cap=cap)
    if cap > 0:
        drawn = replace(drawn, deadline=None)

    def sites(lead: float) -> xr.DataArray:
        params = _scaled(tightness).with_values(changeover_years=lead, crew_ramp=ramp)
        return simulate_rollout([drawn], params=params).data["sites"].sel(country=list(ban.countries))

    # on the sites, which coverage follows (a power of them): to their rounding, 1e-12 of a country's
    # full-coverage sites (China's few sites under a Huawei ban of 2019 differ by 1e-10 coverage, its
    # sites, about 4e-10 of its 3.6 million, from one lead to the next: coverage's power magnifies them)
    rounding = 1e-12 * PARAMS.full_sites.sel(country=list(ban.countries))
    assert bool((sites(longer) <= sites(shorter) + rounding).all())
