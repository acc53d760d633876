"""Learning by vendor (engines/rollout/learning.py): Wright's law on each vendor's own shipments with a
spillover from the others', by hand and as properties of the rollout."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engines.rollout.small_world import PRICE, small_world
from engines.rollout.test_properties import PARAMS, TIGHTNESS, _scaled, bans
from gotogether.engines.rollout import Ban, StandardsSplit, simulate_rollout
from gotogether.engines.rollout.learning import (
    experience_normaliser,
    shipment_mix,
    spillover_matrix,
    vendor_experience,
    wright_factor,
)

VENDORS = ["a", "b", "c"]


def test_wright_law_by_hand() -> None:
    # 20% learning: each doubling of (prior + volume) costs 0.8 times as much
    volume = np.array([100.0, 300.0, 700.0])
    factor = wright_factor(volume, prior=100.0, reference=100.0, rate=0.2)
    np.testing.assert_allclose(factor, [1.0, 0.8, 0.64], rtol=1e-12)


def test_experience_by_hand() -> None:
    # first shipments 50/30/20 (w = 0.5, 0.3, 0.2), spillover 0.5: the normaliser is w + 0.5 (1 - w)
    mix = shipment_mix(np.array([[0.0, 50.0], [0.0, 30.0], [0.0, 20.0]]))
    assert mix is not None
    np.testing.assert_allclose(mix, [0.5, 0.3, 0.2], rtol=1e-12)
    spill = spillover_matrix(VENDORS, 0.5)
    normaliser = experience_normaliser(mix, spill)
    np.testing.assert_allclose(normaliser, [0.75, 0.65, 0.6], rtol=1e-12)
    # shipping in proportion to w: every vendor has the world's 100 sites (one world pool)
    shipped = np.array([50.0, 30.0, 20.0])
    np.testing.assert_allclose(vendor_experience(shipped, shipped, spill, normaliser), 100.0, rtol=1e-12)
    # 10 replacement sites from a: a's own experience (50 + 10 + 0.5 x 50) / 0.75 = 113.33; nothing spills
    # over to b and c
    with_swaps = vendor_experience(np.array([60.0, 30.0, 20.0]), shipped, spill, normaliser)
    np.testing.assert_allclose(with_swaps, [85.0 / 0.75, 100.0, 100.0], rtol=1e-12)
    # a and b in different blocs stop learning from each other; c (no bloc) still learns from both
    apart = spillover_matrix(VENDORS, 0.5, {"a": "east", "b": "west"})
    np.testing.assert_allclose(apart, [[0.0, 0.0, 0.5], [0.0, 0.0, 0.5], [0.5, 0.5, 0.0]])
    np.testing.assert_allclose(
        vendor_experience(shipped, shipped, apart, normaliser),
        [(50.0 + 10.0) / 0.75, (30.0 + 10.0) / 0.65, 100.0],
        rtol=1e-12,
    )
    # no first shipments and no spillover: the vendor follows the world's new sites
    alone = vendor_experience(shipped, shipped, spillover_matrix(VENDORS, 0.0), np.array([1.0, 0.0, 0.0]))
    np.testing.assert_allclose(alone, [50.0, 100.0, 100.0], rtol=1e-12)
    assert shipment_mix(np.zeros((3, 2))) is None


def test_with_zero_spillover_and_equal_vendors_wright_law_by_hand() -> None:
    # x and y split both countries 50/50 at equal cost (bids at cost, beta 2); experience 1,000 sites before
    # 2019 and 2020's cost at 1,000 (so 2019's factor is 2^0.322 = 1.25), 20% learning, no spillover.
    # 2019: AAA pays 300 x 100 for 240 sites at 125, BBB builds its 1,000: x and y deliver 620 each, w = 1/2.
    # AAA bans y from 2020: AAA's 2020 sites all come from x.
    shares = small_world().base_shares.copy(data=[[0.5, 0.5], [0.5, 0.5]])
    params = replace(small_world(), base_shares=shares).with_values(
        prior_experience_sites=1000.0,
        reference_volume_sites=1000.0,
        learning_rate=0.2,
        learning_spillover=0.0,
    )
    ban = Ban("y out of AAA", ["AAA"], ["y"], start=date(2020, 1, 1))
    data = simulate_rollout([ban], params=params).data
    baseline = simulate_rollout(params=params).data
    b = np.log2(0.8)
    learned = data["vendor_learning"].sel(country="BBB")
    assert float(data["price_per_site"].sel(country="AAA", year=2019)) == pytest.approx(125.0, rel=1e-12)
    np.testing.assert_allclose(data["sites_new"].sel(year=2019).sum("country"), [620.0, 620.0], rtol=1e-12)
    # 2020: experience 1,000 + 620 / 0.5 = 2,240 for both, factor 1.12^b = 0.964174
    factor_2020 = 1.12**b
    assert factor_2020 == pytest.approx(0.964174, rel=1e-6)
    np.testing.assert_allclose(learned.sel(year=2020), factor_2020, rtol=1e-12)
    # AAA buys from x alone at the inclusive value 100 x 0.964174 x 0.5^(-1/2) = 136.357: 30,000 / 136.357
    # = 220.01 sites; 2021: x's experience 1,000 + (620 + 220.01) / 0.5 = 2,680.02, factor 0.910080; y's
    # stays 0.964174 (it sold nothing in 2020), its bid in BBB 96.4174
    sites_2020 = 300.0 * PRICE / (PRICE * factor_2020 * np.sqrt(2.0))
    assert float(data["sites_new"].sel(country="AAA", vendor="x", year=2020)) == pytest.approx(sites_2020)
    assert sites_2020 == pytest.approx(220.01, abs=0.01)
    factor_x = ((1000.0 + (620.0 + sites_2020) / 0.5) / 2000.0) ** b
    assert factor_x == pytest.approx(0.910080, rel=1e-5)
    np.testing.assert_allclose(learned.sel(year=2021), [factor_x, factor_2020], rtol=1e-12)
    price_y = data["vendor_price"].sel(country="BBB", vendor="y", year=2021)
    assert float(price_y) == pytest.approx(96.4174, rel=1e-5)
    # in the baseline each sells half of AAA's 2020 sites, 30,000 / 96.4174 / 2 = 155.57; both learn alike:
    # 1,000 + (620 + 155.57) / 0.5 = 2,551.15, factor 0.924635
    half = 300.0 * PRICE / (PRICE * factor_2020) / 2.0
    factor_both = ((1000.0 + (620.0 + half) / 0.5) / 2000.0) ** b
    assert factor_both == pytest.approx(0.924635, rel=1e-5)
    base_learned = baseline["vendor_learning"].sel(country="BBB", year=2021)
    np.testing.assert_allclose(base_learned, [factor_both, factor_both], rtol=1e-12)
    # the vendor that lost AAA learns less than in the baseline, the one that won it more
    assert factor_x < factor_both < factor_2020


def test_full_spillover_is_one_world_pool() -> None:
    # a unit of any vendor's new sites counts as one's own: every vendor follows the sector's curve
    data = simulate_rollout(params=PARAMS.with_values(learning_spillover=1.0)).data
    sector = data["learning"].broadcast_like(data["vendor_learning"])
    np.testing.assert_allclose(data["vendor_learning"], sector, rtol=1e-12)
    # with a third of a unit, the vendors that sell into the fastest builds (China's) learn fastest
    learned = simulate_rollout(params=PARAMS).data["vendor_learning"].sel(country="CHN", year=2025)
    assert float(learned.sel(vendor="huawei")) < float(learned.sel(vendor="ericsson"))
    assert float(learned.sel(vendor="ericsson")) < float(learned.sel(vendor="samsung"))


@settings(max_examples=20, deadline=None)
@given(ban=bans(), tightness=TIGHTNESS, spillover=st.floats(0.0, 1.0))
def test_a_vendor_losing_a_market_never_gets_cheaper(ban: Ban, tightness: float, spillover: float) -> None:
    # one vendor (of two banned together, one can win from the other's loss elsewhere more than it loses in a
    # market where it sold little: ZTE when Australia bans ZTE and Nokia), bans of the radio (what the
    # vendors learn on; a core-only ban moves their radio sales only through the
    # timing of the build), from 1 January: in the year a ban starts within, the banned vendors keep the
    # share of the year before it, and that year's replacements follow the year's shares, so they replace a
    # little of their own removed kit (an artefact of the annual step, docs/rollout.md Limits)
    start = date(ban.start.year, 1, 1)
    deadline = None if ban.deadline is None else date(ban.deadline.year, 1, 1)
    equipment = ("radio", *(item for item in ban.equipment if item != "radio"))
    ban = replace(ban, vendors=ban.vendors[:1], start=start, deadline=deadline, equipment=equipment)
    params = _scaled(tightness).with_values(learning_spillover=spillover)
    baseline, scenario = simulate_rollout(params=params), simulate_rollout([ban], params=params)
    banned = list(ban.vendors)
    before = baseline.data["vendor_learning"].isel(country=0).sel(vendor=banned)
    after = scenario.data["vendor_learning"].isel(country=0).sel(vendor=banned)
    assert bool((after >= before * (1 - 1e-12)).all()), (ban, tightness, spillover, (after / before).min())


@settings(max_examples=15, deadline=None)
@given(
    blocs=st.dictionaries(st.sampled_from(PARAMS.vendors), st.sampled_from(["east", "west"]), min_size=1),
    year=st.integers(2020, 2030),
    tightness=TIGHTNESS,
)
def test_cutting_the_spillover_between_blocs_costs_the_vendors_cut_off(
    blocs: dict[str, str], year: int, tightness: float
) -> None:
    # nothing changes before the split; in its first year every vendor of a bloc that loses the spillover
    # of another bloc's vendors is dearer, the others as dear. Later the vendors the cut spares (and those
    # it spares most) win shares and can learn more than in the open world, so no later year is asserted
    params = _scaled(tightness)
    split = StandardsSplit(vendor_blocs=blocs, start=date(year, 1, 1))
    open_world = simulate_rollout(params=params).data["vendor_learning"].isel(country=0)
    apart = simulate_rollout(split=split, params=params).data["vendor_learning"].isel(country=0)
    before = [y for y in open_world["year"].values if y < year]
    np.testing.assert_array_equal(apart.sel(year=before), open_world.sel(year=before))
    cut = [v for v in PARAMS.vendors if v in blocs and set(blocs.values()) - {blocs[v]}]
    first = apart.sel(year=year) / open_world.sel(year=year)
    assert bool((first.sel(vendor=cut) > 1.0).all())
    np.testing.assert_array_equal(first.drop_sel(vendor=cut), 1.0)


def test_a_split_of_learning_between_the_chinese_and_other_vendors() -> None:
    # Huawei and ZTE against Ericsson, Nokia and Samsung from 2021: every vendor loses the other bloc's
    # spillover; Ericsson, Nokia and Samsung lose the larger volume (China's build) and end dearer
    blocs = {"huawei": "china", "zte": "china", "ericsson": "west", "nokia": "west", "samsung": "west"}
    split = StandardsSplit(vendor_blocs=blocs, start=date(2021, 1, 1))
    open_world = simulate_rollout(params=PARAMS).data
    apart = simulate_rollout(split=split, params=PARAMS).data
    ratio = (apart["vendor_learning"] / open_world["vendor_learning"]).sel(country="USA", year=2030)
    assert bool((ratio > 1.0).all())
    assert float(ratio.sel(vendor="ericsson")) > float(ratio.sel(vendor="huawei"))
    index = apart["price_per_site"] / open_world["price_per_site"]
    assert bool((index.sel(year=2030) > 1.0).all())
