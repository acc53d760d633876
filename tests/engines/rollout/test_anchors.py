"""Non-standalone anchors and the swap pace (branch ukdelay): hand-worked cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
import xarray as xr

from engines.rollout.small_world import PRICE, small_world
from gotogether.engines.rollout import Ban, ban_costs, simulate_rollout
from gotogether.engines.rollout.swaps import (
    Anchors,
    anchor_lag,
    anchor_visits,
    behind_the_line,
    core_line,
    foreseen_swaps,
    latest_swaps,
    line_swaps,
    replacing,
    swap_ahead,
    swap_pace,
    swap_per_site,
)
from gotogether.pipeline.world import rollout_parameters

FULL = np.array([100.0])
FOOTPRINT = np.array([[60.0, 40.0]])  # the 2019 4G grid: x 60 sites, y 40
X_ONLY = np.array([[1.0, 0.0]])  # allowed: x only (y banned)


def test_the_plan_waits_for_the_anchors_not_yet_swapped_by_hand() -> None:
    # h = 0.4 of the grid is y's; 30 of its 40 sites still carry y's 4G (b = 0.3): of the plan's 50 sites,
    # 50 x 0.4 = 20 lie on y's footprint and (0.4 - 0.3) x 100 = 10 of them are swapped: 10 wait
    lte = np.array([[60.0, 30.0]])
    none = np.zeros((1, 2))
    plan = Anchors(FULL, np.array([50.0]), none, lte, none, FOOTPRINT, X_ONLY)
    assert anchor_lag(plan) == pytest.approx([10.0])
    # 4 of y's sites dark after their removal (waiting for crews) count as not swapped: 14 wait
    dark = np.array([[0.0, 4.0]])
    assert anchor_lag(plan._replace(lte=np.array([[60.0, 26.0]]), waiting=dark)) == pytest.approx([10.0])
    assert anchor_lag(plan._replace(waiting=dark)) == pytest.approx([14.0])
    # y's own 5G still standing on 6 of its sites is built already: 4 wait
    standing = np.array([[0.0, 6.0]])
    assert anchor_lag(plan._replace(installed=standing)) == pytest.approx([4.0])
    # without a ban nothing waits
    assert anchor_lag(plan._replace(allowed=np.ones((1, 2)))) == pytest.approx([0.0])


def test_operators_swap_ahead_within_pace_crews_and_envelope_by_hand() -> None:
    # 10 plan sites wait (above), 10 of y's 4G sites (grid 100 = full): the share of y's 30 remaining sites
    # swapped ahead is 10 / 30, or the room's 4 / 30, or the envelope's 2 / 30; x's kit never goes
    lte, none = np.array([[60.0, 30.0]]), np.zeros((1, 2))
    wanted = anchor_visits(Anchors(FULL, np.array([50.0]), none, lte, none, FOOTPRINT, X_ONLY))
    np.testing.assert_allclose(wanted, [10.0])
    args = (wanted, lte, X_ONLY)
    wide = np.array([np.inf])
    np.testing.assert_allclose(swap_ahead(*args, room=wide, budget=wide), [[0.0, 10 / 30]])
    np.testing.assert_allclose(swap_ahead(*args, room=np.array([4.0]), budget=wide), [[0.0, 4 / 30]])
    np.testing.assert_allclose(swap_ahead(*args, room=wide, budget=np.array([2.0])), [[0.0, 2 / 30]])
    np.testing.assert_allclose(swap_ahead(*args, room=np.array([-5.0]), budget=wide), [[0.0, 0.0]])


def test_a_swap_ahead_is_planned_at_what_it_bills_per_banned_4g_site_by_hand() -> None:
    # x (allowed) has 50 4G sites; banned y has 10 4G sites, 4 5G sites and 2 sites' worth of densification
    # radio, banned entrant z 3 5G sites on no 4G of its own. A radio unit costs 2, a visit's work 5, a 4G
    # site has 3 units: visits max(4, 10) + max(3, 0) = 13, radio 4 + 3 + 3 x 10 + 2 = 39, the bill
    # 2 x 39 + 5 x 13 = 143 over y's and z's 10 4G sites: 14.3 and 1.3 visits a 4G site's swap (z's 5G
    # takes visits of its own); with no banned 4G standing, a 4G site's visit: 2 x 3 + 5 = 11, one visit
    radio, lte, dense = (
        np.array([[9.0, 4.0, 3.0]]),
        np.array([[50.0, 10.0, 0.0]]),
        np.array([[1.0, 2.0, 0.0]]),
    )
    allowed, prices = np.array([[1.0, 0.0, 0.0]]), (np.array([2.0]), 3.0, np.array([5.0]))
    each, taken = swap_per_site(radio, lte, dense, allowed, prices)
    np.testing.assert_allclose([each, taken], [[14.3], [1.3]], rtol=1e-15)
    each, taken = swap_per_site(radio, lte * [[1.0, 0.0, 0.0]], dense, allowed, prices)
    np.testing.assert_allclose([each, taken], [[11.0], [1.0]], rtol=1e-15)


def test_a_swap_buys_from_the_vendors_no_ban_covers_by_hand() -> None:
    # shares 0.5, 0.3, 0.2; a ban from October covers the second (allowed 0.25: it keeps its share of the
    # year's new kit): the swaps buy 0.5 / 0.7 and 0.2 / 0.7. A ban from 1 January (share 0) or a ban
    # covering every vendor leaves the year's shares, the very values
    shares = np.array([[0.5, 0.3, 0.2], [0.6, 0.0, 0.4], [0.5, 0.5, 0.0]])
    allowed = np.array([[1.0, 0.25, 1.0], [1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    swapping = replacing(shares, allowed)
    np.testing.assert_allclose(swapping[0], [0.5 / 0.7, 0.0, 0.2 / 0.7], rtol=1e-15)
    assert (swapping[1:] == shares[1:]).all()


def test_the_swaps_of_a_vendor_s_4g_take_its_5g_behind_its_line_as_far_down_its_own_by_hand() -> None:
    # banned y: 4G peak 100, 20 swapped before, 50 due and 30 standing; 5G peak 20, none swapped: 12 due and
    # 8 standing (behind: all of it left against 80 % of the 4G). The visits swap 0.4 of the 4G due (20),
    # which leaves 60 of y's 4G, 0.6 of its peak: the 5G goes to 0.6 x 20 = 12, so 8 of its 12 due go, 3.2
    # beyond the share (0.4 x 12), and 6 x 3.2 / 12 = 1.6 of its densification radio; at a radio price of
    # 2 that costs 9.6, so an envelope left of 4.8 pays half. Allowed x has nothing due
    radio, lte, dense = np.array([[0.0, 12.0]]), np.array([[0.0, 50.0]]), np.array([[0.0, 6.0]])
    standing, peaks = (
        (np.array([[5.0, 8.0]]), np.array([[40.0, 30.0]])),
        (np.array([[5.0, 20.0]]), np.array([[40.0, 100.0]])),
    )
    fits, price = np.array([0.4]), np.array([2.0])

    def beyond(room: float, **changed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        due = (changed.get("radio", radio), lte, dense)
        return behind_the_line(due, changed.get("standing", standing), peaks, fits, np.array([room]), price)

    np.testing.assert_allclose(beyond(100.0), [[[0.0, 3.2]], [[0.0, 1.6]]], rtol=1e-12)
    np.testing.assert_allclose(beyond(4.8), [[[0.0, 1.6]], [[0.0, 0.8]]], rtol=1e-12)
    # in step (16 of the 5G's 20 left, 0.8 as the 4G: 10 due, 6 standing): the share of the due, nothing
    # more; ahead of its line (12 left: 8 due, 4 standing): nothing more either
    for due, left in ((10.0, 6.0), (8.0, 4.0)):
        five = {"radio": np.array([[0.0, due]]), "standing": (np.array([[5.0, left]]), standing[1])}
        assert not np.any(beyond(100.0, **five))
    # every visit made (fits 1): the whole due, which is the share
    whole = behind_the_line((radio, lte, dense), standing, peaks, np.array([1.0]), np.array([100.0]), price)
    assert not np.any(whole)


def test_the_latest_feasible_schedule_swaps_now_only_what_the_coming_years_cannot_by_hand() -> None:
    # cumulative needs 10, 30, 45 by the end of the next three years, spare 10, 15, 30 a year beside their
    # build: 10 - 10 = 0, 30 - 25 = 5, 45 - 55 < 0, so 5 now (year two would have to crowd out 5 of its
    # build otherwise); with spare enough every year nothing is swapped early
    required = np.array([[10.0, 30.0, 45.0], [10.0, 30.0, 45.0]])
    spare = np.array([[10.0, 15.0, 30.0], [10.0, 20.0, 30.0]])
    np.testing.assert_allclose(latest_swaps(required, spare), [5.0, 0.0])
    np.testing.assert_allclose(latest_swaps(required, np.full((2, 3), np.inf)), [0.0, 0.0])


def test_swaps_ahead_of_the_5g_line_count_the_peak_the_part_year_raises_by_hand() -> None:
    # y's 100 5G sites stand at their peak and the year's build buys 20 more from y (a ban's part year):
    # the next year's line leaves 0.8 of the peak, the year after 0.6, and the coming years can make 10
    # then 25 visits in all beside their build. A share s swapped leaves 120 - 100 s: above the peak
    # (s <= 0.2) the peak rises with it and the line asks 0.2 (120 - 100 s), 20 at s = 0.2, so a swap
    # lowers it by 0.2 of a site; below, 120 - 100 s - 80 <= 10 and 120 - 100 s - 60 <= 25: s = 0.35
    # (0.3 for the first year alone). Without the part year's 20 the line asks 20 - 100 s <= 10 and
    # 40 - 100 s <= 25: 0.15. A vendor the bans do not reach (x) asks nothing; enough room, nothing
    line = (np.array([[50.0, 100.0]]), np.array([[50.0, 100.0]]), np.array([[0.0, 1.0]]))
    bought = np.array([[30.0, 20.0]])
    allowance = np.array([[[1.0, 1.0], [0.8, 0.6]]])
    limit = np.array([[10.0, 25.0]])
    np.testing.assert_allclose(line_swaps(line, bought, allowance, limit), [0.35], atol=1e-12)
    np.testing.assert_allclose(line_swaps(line, bought, allowance[:, :, :1], limit[:, :1]), [0.3], atol=1e-12)
    np.testing.assert_allclose(line_swaps(line, bought * [[1.0, 0.0]], allowance, limit), [0.15], atol=1e-12)
    assert line_swaps(line, bought, allowance, limit + 100.0)[0] == 0.0
    # a line no share can meet (a limit of none and the whole peak due): every banned site
    assert line_swaps(line, bought, allowance * 0.0, limit * 0.0)[0] == 1.0


def test_the_core_the_law_removes_in_each_coming_year_by_hand() -> None:
    # 50 of a banned vendor's core stands (peak 60); its line leaves 0.75, 0.5 and none of the peak by the
    # end of the next three years: 5, then 15 more, then the last 30; the vendor left alone keeps its 40
    core, peak = np.array([[40.0, 50.0]]), np.array([[40.0, 60.0]])
    allowance = np.array([[[1.0, 1.0, 1.0], [0.75, 0.5, 0.0]]])
    np.testing.assert_allclose(core_line(core, peak, allowance), [[5.0, 15.0, 30.0]])


def test_the_coming_years_need_the_plans_anchors_or_the_laws_line_by_hand() -> None:
    # y's 30 remaining 4G sites (peak 40), a 4G grid of 100 = full: the plan of 50 then 80 sites waits for
    # 50 x 0.4 - (0.4 - 0.3) x 100 = 10 then 80 x 0.4 - 10 = 22 visits; the law's straight line keeps
    # 40 x 0.5 = 20 then none of y's 4G: 10 then 30 visits; each year the more of the two
    lte, none = np.array([[60.0, 30.0]]), np.zeros((1, 2))
    allowed = np.repeat(X_ONLY[:, :, None], 2, axis=2)
    allowance = np.array([[[1.0, 1.0], [0.5, 0.0]]])
    peak = np.array([[60.0, 40.0]])
    desired = np.array([[50.0, 80.0]])
    required = foreseen_swaps(Anchors(FULL, desired, none, lte, none, FOOTPRINT, allowed), peak, allowance)
    np.testing.assert_allclose(required, [[10.0, 30.0]])


def test_the_swap_pace_is_the_banned_footprint_over_the_stated_years_by_hand() -> None:
    # y's 40 sites over 5 years: 8 visits a year; nothing banned, no visits
    np.testing.assert_allclose(swap_pace(FOOTPRINT, 1.0 - X_ONLY, 5.0), [8.0])
    np.testing.assert_allclose(swap_pace(FOOTPRINT, np.zeros((1, 2)), 5.0), [0.0])


def test_a_deadline_faster_than_the_crews_leaves_sites_dark_by_hand() -> None:
    # BBB's 1,000 sites, y's 500 (4G and 5G) out straight-line over 2021-2022 (250 a year); crews swap at
    # most 500 / 4 = 125 a year, so half of 2021's removed sites wait and BBB's sites fall to 875
    params = small_world().with_values(lte_site_ratio=1.0, swap_pace_years=4.0)
    ban = Ban("y out of BBB", ["BBB"], ["y"], start=date(2021, 1, 1), deadline=date(2023, 1, 1))
    data = simulate_rollout([ban], params=params).data.sel(country="BBB")
    np.testing.assert_allclose(data["swap_visits"].sel(year=2021), 125.0)
    np.testing.assert_allclose(data["sites_replacement"].sel(vendor="x", year=2021), 125.0)
    np.testing.assert_allclose(data["sites"].sel(year=2021), 875.0)
    np.testing.assert_allclose(data["lte_installed"].sel(vendor="y", year=2021), 250.0)
    # crews at any pace keep every site lit
    fast = simulate_rollout([ban], params=small_world().with_values(lte_site_ratio=1.0)).data
    np.testing.assert_allclose(fast["sites"].sel(country="BBB"), 1000.0, rtol=1e-9)


def test_a_ban_on_new_kit_swaps_the_anchors_at_the_pace_to_build_by_hand() -> None:
    # BBB launches in 2021 (all 1,000 sites wanted at once) under a ban on y's new kit, without removal:
    # the 500 sites on y's 4G can take x's 5G only once swapped, 500 / 4 = 125 a year; each year's swaps
    # open as many sites: 625, 750, 875, then all 1,000 (one radio unit a 4G site at the index over x)
    base = small_world().with_values(lte_site_ratio=1.0, swap_pace_years=4.0)
    params = replace(base, country=base.country.assign(launch_year=("country", np.array([2019.0, 2021.0]))))
    ban = Ban("no new y in BBB", ["BBB"], ["y"], start=date(2021, 1, 1))
    data = simulate_rollout([ban], params=params).data.sel(country="BBB")
    np.testing.assert_allclose(data["sites"].sel(year=[2021, 2022, 2023, 2024]), [625, 750, 875, 1000])
    np.testing.assert_allclose(data["swap_visits"].sel(year=[2021, 2022, 2023, 2024, 2025]), [125] * 4 + [0])
    index = PRICE * 0.5 ** (-1 / 2)
    np.testing.assert_allclose(data["capex_replacement"].sel(year=2021), 125 * index, rtol=1e-9)
    baseline = simulate_rollout(params=params).data.sel(country="BBB")
    np.testing.assert_allclose(baseline["sites"].sel(year=2021), 1000.0, rtol=1e-9)


def test_the_uk_ban_is_late_where_its_swaps_take_the_crews_and_later_with_an_earlier_deadline() -> None:
    # the default world: the UK path fitted to Ofcom's end-2020 count builds 2021-2026; a swap visit takes
    # 1.5 new-build visits of crew time (rollout.swap_crew_visits) and spares only its own site's upgrade,
    # so swapping Huawei's 40 % of the 4G grid at the stated pace crowds out new build: 6.7 months late to
    # 80 % coverage with the 2027 deadline (0 when a swap spared a whole upgrade visit), 10.4 with the
    # rebels' end-2023 (6.1 and 9.6 on Germany's 4G density before the UK's grid was sourced, branch
    # density13) (10.3 when the removed 5G the crews did not reach went dark and was rebuilt as new
    # build, issue 13: it now waits for its swap visit with its 4G anchor); with swaps as quick as a new
    # site (1 visit) the delay is under a month. Crews sized on the 5G build alone and no changeover (what
    # this test is about; test_changeover has the UK with crews that scale to the programme)
    params = rollout_parameters().with_values(crew_ramp=0.0, changeover_years=0.0)

    def late(deadline: date, weight: float = 1.5) -> xr.DataArray:
        ban = Ban("UK", ["GBR"], ["huawei"], start=date(2021, 1, 1), deadline=deadline)
        chosen = params.with_values(swap_crew_visits=weight)
        costs = ban_costs(simulate_rollout([ban], params=chosen), simulate_rollout(params=chosen))
        return costs["coverage_delay_months"].sel(country="GBR")

    law, rebels = late(date(2027, 12, 31)), late(date(2023, 12, 31))
    assert bool((law >= 0).all())
    assert bool((rebels >= law).all())
    np.testing.assert_allclose(float(law.sel(level=0.8)), 6.72, atol=0.05)
    np.testing.assert_allclose(float(rebels.sel(level=0.8)), 10.41, atol=0.05)
    assert float(late(date(2027, 12, 31), weight=1.0).max()) < 1.0


def test_a_uk_ban_of_5g_radio_only_swaps_the_4g_anchors_as_the_plan_reaches_them() -> None:
    # the UK's ban removing Huawei's 5G radio only by 2027: the 4G anchor of each removed 5G site goes with
    # it and new 5G on Huawei's 4G waits for its anchor, so as the plan reaches the whole grid (58,146 sites
    # by 2035 against Huawei's 20,799 4G sites) every Huawei 4G site is swapped all the same, later: 1,584
    # in 2021 against the straight line's 2,972 (342 after the deadline); the swap-out falls from $4.36bn
    # to $4.28bn and the delay to 80 % coverage from 6.7 to 5.5 months (crews sized on the 5G build alone
    # and no changeover, as above)
    params = rollout_parameters().with_values(crew_ramp=0.0, changeover_years=0.0)
    ban = Ban("UK", ["GBR"], ["huawei"], start=date(2021, 1, 1), deadline=date(2027, 12, 31))
    baseline = simulate_rollout(params=params)
    runs = [simulate_rollout([choice], params=params) for choice in (ban, replace(ban, removes_4g=False))]
    both, five = (run.data.sel(country="GBR") for run in runs)
    removed = [run["lte_removed"].sum("vendor") for run in (both, five)]
    np.testing.assert_allclose([float(lte.sum()) for lte in removed], [20798.9, 20798.8], atol=0.1)
    np.testing.assert_allclose([float(lte.sel(year=2021)) for lte in removed], [2972.43, 1583.78], atol=0.01)
    swap_out = [float(run["capex_replacement"].sum()) / 1e9 for run in (both, five)]
    np.testing.assert_allclose(swap_out, [4.364, 4.278], atol=1e-3)
    late = [
        float(ban_costs(run, baseline)["coverage_delay_months"].sel(country="GBR", level=0.8)) for run in runs
    ]
    np.testing.assert_allclose(late, [6.72, 5.52], atol=0.01)
