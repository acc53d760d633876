"""The measures' extra support and maintenance of the installed RAN (``engines.rollout.support``)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings

from engines.rollout.small_world import small_world
from engines.rollout.test_properties import PARAMS, TIGHTNESS, _scaled, bans
from gotogether.engines.rollout import Ban, RolloutResult, extra_opex, simulate_rollout
from gotogether.engines.rollout.support import stock_value


def test_a_stock_keeps_what_it_paid_and_removes_at_its_average_value() -> None:
    # 10 units from the start at 3; 4 bought at 5 (value 50); 7 of the 14 removed (half: 25 left), then
    # 2 bought at 10 (45)
    value = stock_value(
        bought=np.array([[4.0, 2.0]]),
        removed=np.array([[0.0, 7.0]]),
        price=np.array([[5.0, 10.0]]),
        start_units=np.array([10.0]),
        start_price=np.array([3.0]),
    )
    np.testing.assert_allclose(value, [[50.0, 45.0]], rtol=1e-15)


def _hand_result(price: list[float]) -> RolloutResult:
    """AAA builds 10 5G sites of vendor x in 2019 and in 2020 swaps vendor y's 4 4G sites (of the 2019
    grid's 6 x and 4 y) for x's; BBB does nothing; ``price`` is AAA's index in 2019 and 2020 (BBB's 100)."""
    zero = np.zeros((2, 2, 2))
    new, lte, lte_removed = zero.copy(), zero.copy(), zero.copy()
    new[0, 0, 0] = 10.0
    lte[0] = [[6.0, 10.0], [4.0, 0.0]]  # (vendor, year)
    lte[1] = [[6.0, 6.0], [4.0, 4.0]]
    lte_removed[0, 1, 1] = 4.0
    core = lte[[1, 1]]  # the 2019 grid's core, kept
    by_vendor = ("country", "vendor", "year")
    data = xr.Dataset(
        {
            "sites_new": (by_vendor, new),
            "sites_replacement": (by_vendor, zero),
            "sites_removed": (by_vendor, zero),
            "lte_installed": (by_vendor, lte),
            "lte_removed": (by_vendor, lte_removed),
            "core_installed": (by_vendor, core),
            "core_removed": (by_vendor, zero),
            "price_per_site": (("country", "year"), np.array([price, [100.0, 100.0]])),
        },
        coords={"country": ["AAA", "BBB"], "vendor": ["x", "y"], "year": [2019, 2020]},
    )
    return RolloutResult(data)


def test_the_extra_opex_of_a_hand_worked_ban() -> None:
    # a 4G grid of 10 sites per country (lte_site_ratio 0.01 of 1,000), split 0.6 / 0.4 in AAA
    params = small_world().with_values(
        lte_site_ratio=0.01,
        support_share=0.1,
        ran_equipment_share=0.5,
        core_share=0.2,
        swap_units_per_site=3.0,
    )
    assert params.lte_sites.sum(axis=1) == pytest.approx([10.0, 10.0])
    scenario, reference = _hand_result([120.0, 110.0]), _hand_result([100.0, 100.0])
    extra = extra_opex(scenario, reference, params)
    # the 5G radio: 10 sites 20 dearer (200) in both years; the 4G radio: 2020's 4 swapped sites 10 dearer
    # (40; the y kit they replace, bought before 2019, leaves its share of no gap); equipment 0.5 of the
    # site's cost, radio 0.8 of it, 3 radio units a 4G site: 0.4 x 200 = 80, 0.4 x (200 + 3 x 40) = 128;
    # support 0.1 of it
    np.testing.assert_allclose(extra.sel(country="AAA").values, [8.0, 12.8], rtol=1e-12)
    assert (extra.sel(country="BBB").values == 0.0).all()
    assert extra.attrs["units"] == "USD of 2020"


def test_no_measure_adds_exactly_no_opex() -> None:
    baseline, again = simulate_rollout(params=PARAMS), simulate_rollout([], params=PARAMS)
    assert (extra_opex(again, baseline, PARAMS).values == 0.0).all()


def test_the_uk_ban_adds_opex_in_the_uk() -> None:
    ban = Ban("uk", ["GBR"], ["huawei"], date(2021, 1, 1), date(2028, 1, 1), ("radio", "core"))
    baseline, scenario = simulate_rollout(params=PARAMS), simulate_rollout([ban], params=PARAMS)
    extra = extra_opex(scenario, baseline, PARAMS).sel(country="GBR")
    assert float(extra.sum()) > 1e7  # tens of millions of USD at least over 2019-2035
    assert float(extra.sel(year=2019)) == 0.0  # nothing bought at a dearer index before the ban


@settings(max_examples=10, deadline=None)
@given(ban=bans(), tightness=TIGHTNESS)
def test_a_ban_never_lowers_the_opex_of_the_countries_it_covers(ban: Ban, tightness: float) -> None:
    params = _scaled(tightness)
    baseline, scenario = simulate_rollout(params=params), simulate_rollout([ban], params=params)
    extra = extra_opex(scenario, baseline, params).sel(country=list(ban.countries))
    # the index never falls there (test_properties, to 1e-12 of itself): a thousandth of a dollar is rounding
    assert bool((extra >= -1e-3).all())
