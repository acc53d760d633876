"""Vendor capacity under a chip shortage (``engine.vendor_capacity``): hand-worked, properties, and the
engine holding a short vendor to its chips of that year."""

from __future__ import annotations

import numpy as np
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

from gotogether.engines.rollout import YEARS, simulate_rollout
from gotogether.engines.rollout.engine import vendor_capacity
from gotogether.pipeline.world import rollout_parameters

SPARE, SUPPLIER_SPARE = 0.3, 0.1
DELIVERED = np.array([[100.0, 70.0]])  # the vendor's baseline deliveries: its peak, then 70 % of it


def _capacity(feasible: float) -> float:
    return float(vendor_capacity(DELIVERED, np.array([[1.0, feasible]]), SPARE, SUPPLIER_SPARE)[0, 1])


def test_capacity_by_hand() -> None:
    # factory 1.3 x 100 = 130; no shortage: the factory, to the bit
    assert _capacity(1.0) == 130.0
    # half the chips: the shortfall 0.5 uses up the suppliers' spare 0.1, so only the chips' 0.5 x 70 = 35
    assert _capacity(0.5) == 35.0
    # 5 % short: half the suppliers' spare is used, half the factory's headroom over 0.95 x 70 is kept
    assert np.isclose(_capacity(0.95), 130.0 - 0.5 * (130.0 - 66.5))
    # no suppliers' spare: any shortage leaves the chips' limit alone
    assert float(vendor_capacity(DELIVERED, np.array([[1.0, 0.99]]), SPARE, 0.0)[0, 1]) == 0.99 * 70.0


SHARES = st.floats(0.0, 1.0)


@settings(max_examples=50, deadline=None)
@given(
    deliveries=st.lists(st.floats(0.0, 1e6), min_size=1, max_size=6),
    low=SHARES,
    high=SHARES,
    spare=st.floats(0.0, 1.0),
    supplier_spare=st.floats(0.0, 0.5),
)
def test_a_deeper_shortage_never_gives_more_capacity(
    deliveries: list[float], low: float, high: float, spare: float, supplier_spare: float
) -> None:
    delivered = np.array([deliveries])
    low, high = min(low, high), max(low, high)
    deep = vendor_capacity(delivered, np.full_like(delivered, low), spare, supplier_spare)
    mild = vendor_capacity(delivered, np.full_like(delivered, high), spare, supplier_spare)
    full = vendor_capacity(delivered, np.ones_like(delivered), spare, supplier_spare)
    factory = (1.0 + spare) * np.maximum.accumulate(delivered, axis=1)
    tolerance = 1e-9 * (1.0 + factory)
    assert np.array_equal(full, factory)
    assert bool((deep <= mild + tolerance).all())
    # never below the chips of that year, never above the factory
    assert bool((deep >= low * delivered - tolerance).all())
    assert bool((mild <= factory + tolerance).all())


@settings(max_examples=30, deadline=None)
@given(deliveries=st.lists(st.floats(0.0, 1e6), min_size=1, max_size=6), gap=st.floats(0.0, 1e-6))
def test_capacity_is_continuous_as_the_shortage_vanishes(deliveries: list[float], gap: float) -> None:
    delivered = np.array([deliveries])
    near = vendor_capacity(delivered, np.full_like(delivered, 1.0 - gap), SPARE, SUPPLIER_SPARE)
    full = vendor_capacity(delivered, np.ones_like(delivered), SPARE, SUPPLIER_SPARE)
    # the headroom lost is at most gap / supplier_spare of the factory
    assert bool((np.abs(full - near) <= (gap / SUPPLIER_SPARE + 1e-12) * (full + 1.0)).all())


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
    short = simulate_rollout(supply=supply, supplier_spare=SUPPLIER_SPARE, params=params).data
    built = short.sel(vendor="huawei", year=2025)
    delivered = float((baseline["sites_new"] + baseline["sites_replacement"]).sum())
    # 2025 is below Huawei's peak: half of the peak's factory would not have bound
    assert float((built["sites_new"] + built["sites_replacement"]).sum()) <= 0.5 * delivered * (1 + 1e-9)
