"""Vendor capacity under a chip shortage (``engine.vendor_capacity``): hand-worked, properties, the engine
holding a short vendor to its chips of that year and its rivals to their suppliers' headroom."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import numpy as np
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

from gotogether.engines.rollout import YEARS, simulate_rollout
from gotogether.engines.rollout.engine import vendor_capacity
from gotogether.engines.supply import Disruption, simulate_supply
from gotogether.pipeline.parameters import supply_parameters
from gotogether.pipeline.world import default_network, rollout_parameters

SPARE = 0.3
DELIVERED = np.array([[100.0, 70.0]])  # the vendor's baseline deliveries: its peak, then 70 % of it


def _capacity(feasible: float, headroom: float) -> float:
    return float(
        vendor_capacity(DELIVERED, np.array([[1.0, feasible]]), np.array([[1.0, headroom]]), SPARE)[0, 1]
    )


def test_capacity_by_hand() -> None:
    # factory 1.3 x 100 = 130; no shock: the factory, to the bit
    assert _capacity(1.0, 1.0) == 130.0
    # covered by stocks (F = 1) but no spare left at its suppliers: its baseline 70 of that year
    assert _capacity(1.0, 0.0) == 70.0
    # half the chips and no headroom: only the chips' 0.5 x 70 = 35
    assert _capacity(0.5, 0.0) == 35.0
    # 5 % short, a quarter of the suppliers' spare left: a quarter of the headroom over 0.95 x 70
    assert np.isclose(_capacity(0.95, 0.25), 130.0 - 0.75 * (130.0 - 66.5))


SHARES = st.floats(0.0, 1.0)


@settings(max_examples=50, deadline=None)
@given(
    deliveries=st.lists(st.floats(0.0, 1e6), min_size=1, max_size=6),
    low=st.tuples(SHARES, SHARES),
    high=st.tuples(SHARES, SHARES),
    spare=st.floats(0.0, 1.0),
)
def test_a_deeper_shortage_never_gives_more_capacity(
    deliveries: list[float], low: tuple[float, float], high: tuple[float, float], spare: float
) -> None:
    delivered = np.array([deliveries])
    f_low, f_high = sorted((low[0], high[0]))
    h_low, h_high = sorted((low[1], high[1]))
    deep = vendor_capacity(delivered, np.full_like(delivered, f_low), np.full_like(delivered, h_low), spare)
    mild = vendor_capacity(delivered, np.full_like(delivered, f_high), np.full_like(delivered, h_high), spare)
    full = vendor_capacity(delivered, np.ones_like(delivered), np.ones_like(delivered), spare)
    factory = (1.0 + spare) * np.maximum.accumulate(delivered, axis=1)
    tolerance = 1e-9 * (1.0 + factory)
    assert np.array_equal(full, factory)
    assert bool((deep <= mild + tolerance).all())
    # never below the chips of that year, never above the factory
    assert bool((deep >= f_low * delivered - tolerance).all())
    assert bool((mild <= factory + tolerance).all())


@settings(max_examples=30, deadline=None)
@given(deliveries=st.lists(st.floats(0.0, 1e6), min_size=1, max_size=6), gap=st.floats(0.0, 1e-6))
def test_capacity_is_continuous_as_the_shock_vanishes(deliveries: list[float], gap: float) -> None:
    delivered = np.array([deliveries])
    near = np.full_like(delivered, 1.0 - gap)
    shocked = vendor_capacity(delivered, near, near, SPARE)
    full = vendor_capacity(delivered, np.ones_like(delivered), np.ones_like(delivered), SPARE)
    # the capacity lost is at most gap of the factory and gap of the baseline
    assert bool((np.abs(full - shocked) <= (2.0 * gap + 1e-12) * (full + 1.0)).all())


def test_a_short_vendor_builds_no_more_than_its_chips_of_that_year() -> None:
    params = rollout_parameters()
    feasible = np.ones((len(params.vendors), YEARS.size))
    huawei, year = params.vendors.index("huawei"), int(np.flatnonzero(YEARS == 2025)[0])
    feasible[huawei, year] = 0.5
    supply = xr.Dataset(
        {
            "feasible_output": (("vendor", "year"), feasible),
            "unit_cost_multiplier": (("vendor", "year"), np.ones_like(feasible)),
        },
        coords={"vendor": params.vendors, "year": YEARS},
    )
    baseline = simulate_rollout(params=params).data.sel(vendor="huawei", year=2025)
    short = simulate_rollout(supply=supply, params=params).data
    built = short.sel(vendor="huawei", year=2025)
    delivered = float((baseline["sites_new"] + baseline["sites_replacement"]).sum())
    # 2025 is below Huawei's peak: half of the peak's factory would not have bound
    assert float((built["sites_new"] + built["sites_replacement"]).sum()) <= 0.5 * delivered * (1 + 1e-9)


def _supply(depth: float) -> xr.Dataset:
    fabs = Disruption(
        name="fabs",
        made_in=["TWN"],
        item_classes=["baseband_soc", "fpga", "rf_frontend_pa", "memory", "power"],
        share=depth,
        start=date(2025, 1, 1),
        end=date(2026, 1, 1),
    )
    return simulate_supply(default_network(), [], supply_parameters({}), disruptions=[fabs]).yearly()


def test_rivals_covered_by_stocks_from_the_same_fabs_build_no_more_than_their_baseline() -> None:
    # taiwan-disruption's 2025: Huawei builds at most 71 % of its sites, and its rivals, covered by their
    # stocks and other origins but without spare at the same fabs, cannot build them
    params = rollout_parameters()
    supply = _supply(0.9)
    baseline = simulate_rollout(params=params).data.sel(year=2025)
    shocked = simulate_rollout(supply=supply, params=params).data.sel(year=2025)
    delivered, built = ((d["sites_new"] + d["sites_replacement"]).sum("country") for d in (baseline, shocked))
    feasible = supply["feasible_output"].sel(year=2025)
    assert bool((built <= feasible * delivered * (1 + 1e-9)).all())
    assert float(built.sum()) < float(delivered.sum())
    assert float(shocked["coverage"].min()) >= 0.0
    assert bool((shocked["coverage"] <= baseline["coverage"] + 1e-12).all())
    assert float((baseline["coverage"] - shocked["coverage"]).max()) > 1e-3


def test_a_deeper_chip_shock_never_speeds_coverage() -> None:
    params = rollout_parameters()
    runs = [
        simulate_rollout(supply=_supply(depth), params=params).data for depth in (0.05, 0.3, 0.6, 0.9, 1.0)
    ]
    for mild, deep in pairwise(runs):
        assert bool((deep["coverage"] <= mild["coverage"] + 1e-12).all())
        assert bool((deep["sites"] <= mild["sites"] * (1 + 1e-12) + 1e-9).all())
