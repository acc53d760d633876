"""A listed foundry caps the target's substitution of the part of a class that needs its advanced nodes:
never more output, the cap binds at its value on that part only, and no cap (one that never applies, or
one whose scope is zero) leaves the result exactly as it was."""

from __future__ import annotations

from datetime import date
from functools import cache

import numpy as np
import pytest
import xarray as xr
from hypothesis import given, settings
from hypothesis import strategies as st

from gotogether.engines.supply import (
    ExportControl,
    SubstitutionCap,
    SupplyResult,
    ValueNetwork,
    make_periods,
    simulate_supply,
)
from gotogether.errors import InputError
from gotogether.pipeline.controls import foundry_sales
from gotogether.pipeline.parameters import supply_parameters
from gotogether.pipeline.world import default_network

PERIODS = make_periods("2019-01", "2035-12", freq="Q")
DAYS = ((PERIODS + 1).start_time - PERIODS.start_time).days.to_numpy()
LEADING_EDGE = ["baseband_soc", "fpga", "handset_processor"]
# the whole of each listed class (the parameters' defaults hold 0.1 of baseband SoCs, 0.8 of processors)
WHOLE = {
    "supply.foundry_listing_scope.baseband-soc": 1.0,
    "supply.foundry_listing_scope.handset-processor": 1.0,
}
NONE = {
    "supply.foundry_listing_scope.baseband-soc": 0.0,
    "supply.foundry_listing_scope.handset-processor": 0.0,
}
CONTROL = ExportControl(
    name="FDPR",
    issuers=["USA"],
    target_vendors=["huawei"],
    start=date(2020, 8, 17),
    reach=["coalition-made", "de-minimis", "foreign-direct-product"],
)


@cache
def network() -> ValueNetwork:
    return default_network()


def listing(
    ceiling: float | None, start: date = date(2020, 12, 18), classes: list[str] | None = None
) -> SubstitutionCap:
    return SubstitutionCap(
        name="SMIC",
        target_vendors=["huawei"],
        item_classes=LEADING_EDGE if classes is None else classes,
        start=start,
        ceiling=ceiling,
    )


@cache
def uncapped() -> SupplyResult:
    return simulate_supply(network(), [CONTROL], supply_parameters({}), PERIODS)


def need(d: xr.Dataset) -> xr.DataArray:
    """The vendor's need of each class in each period (USD per period, as the capacity)."""
    years = xr.DataArray(DAYS / 365.25, coords={"time": d["time"]})
    return d["need"] * d["class_index"] * years


def capped(cap: SubstitutionCap, values: dict[str, float] | None = None) -> SupplyResult:
    return simulate_supply(network(), [CONTROL], supply_parameters(values or {}), PERIODS, caps=[cap])


def test_a_cap_that_never_applies_leaves_the_result_exactly() -> None:
    after_the_horizon = capped(listing(0.0, start=date(2036, 1, 1)))
    xr.testing.assert_identical(after_the_horizon.data, uncapped().data)
    # a vendor that never substitutes (no control reaches Ericsson) is not changed by a cap on it either
    ericsson = SubstitutionCap(
        name="x", target_vendors=["ericsson"], item_classes=LEADING_EDGE, start=date(2019, 1, 1)
    )
    xr.testing.assert_identical(capped(ericsson).data, uncapped().data)


def test_the_cap_binds_at_its_value_from_its_date() -> None:
    result = capped(listing(None), {"supply.foundry_listing_ceiling": 0.075, **WHOLE}).data.sel(
        vendor="huawei"
    )
    before = uncapped().data.sel(vendor="huawei")
    share = (result["substitute_capacity"] / need(result)).sel(component_class=LEADING_EDGE)
    free = (before["substitute_capacity"] / need(result)).sel(component_class=LEADING_EDGE)
    # before the listing the capacity is as without it; long after it is 0.075 of the need of each class,
    # where without the listing it grows towards the class's ceiling (0.8 for baseband SoCs)
    xr.testing.assert_allclose(share.sel(time=slice(None, "2020-09")), free.sel(time=slice(None, "2020-09")))
    np.testing.assert_allclose(share.sel(time="2030-01-01").values, 0.075, rtol=1e-12)
    assert float(free.sel(component_class="baseband_soc", time="2030-01-01")) > 0.5
    # the classes it does not make are untouched
    other = ["memory", "rf_frontend_pa"]
    xr.testing.assert_identical(
        result["substitute_capacity"].sel(component_class=other),
        before["substitute_capacity"].sel(component_class=other),
    )


def test_the_measure_ceiling_overrides_the_parameter() -> None:
    own = capped(listing(0.2), {"supply.foundry_listing_ceiling": 0.075, **WHOLE}).data.sel(vendor="huawei")
    share = own["substitute_capacity"] / need(own)
    assert float(share.sel(component_class="baseband_soc", time="2030-01-01")) == pytest.approx(
        0.2, rel=1e-12
    )


@settings(max_examples=10, deadline=None)
@given(
    ceiling=st.floats(0.0, 1.0),
    year=st.integers(2019, 2034),
    classes=st.lists(st.sampled_from([*LEADING_EDGE, "memory", "rf_frontend_pa"]), min_size=1, unique=True),
    baseband=st.floats(0.0, 1.0),
    processors=st.floats(0.0, 1.0),
)
def test_a_listing_never_raises_the_targets_output(
    ceiling: float, year: int, classes: list[str], baseband: float, processors: float
) -> None:
    scope = {
        "supply.foundry_listing_scope.baseband-soc": baseband,
        "supply.foundry_listing_scope.handset-processor": processors,
    }
    with_it = capped(listing(ceiling, date(year, 6, 1), classes), scope).data.sel(vendor="huawei")
    without = uncapped().data.sel(vendor="huawei")
    assert (with_it["bill_output"] <= without["bill_output"] + 1e-12).all()
    # (1 - scope) x capacity + scope x capacity may round one ulp above the capacity
    assert (with_it["substitute_capacity"] <= without["substitute_capacity"] * (1 + 1e-12) + 1e-9).all()


def test_a_listing_of_zero_scope_is_no_listing_exactly() -> None:
    nothing_advanced = capped(listing(0.0, classes=["baseband_soc", "handset_processor"]), NONE)
    xr.testing.assert_identical(nothing_advanced.data, uncapped().data)


def test_the_listing_holds_only_the_advanced_part_of_a_class() -> None:
    """Hand-worked: processors' free capacity in 2030 is 0.8 of the need (the class ceiling, the S-curve
    done); the listing holds the advanced 0.8 of the class at 0.097 of the whole need, the rest grows:
    0.2 x 0.8 + min(0.8 x 0.8, 0.097) = 0.257. Baseband SoCs: 0.9 x 0.8 + min(0.1 x 0.8, 0.097) = 0.8, the
    advanced tenth (0.08) within SMIC's output, so not held at all."""
    values = {
        "supply.foundry_listing_ceiling": 0.097,
        "supply.foundry_listing_scope.baseband-soc": 0.1,
        "supply.foundry_listing_scope.handset-processor": 0.8,
    }
    result = capped(listing(None, classes=["baseband_soc", "handset_processor"]), values).data
    share = (result["substitute_capacity"] / need(result)).sel(vendor="huawei", time="2030-01-01")
    free = (uncapped().data["substitute_capacity"] / need(result)).sel(vendor="huawei", time="2030-01-01")
    processors = float(free.sel(component_class="handset_processor"))
    assert processors == pytest.approx(0.8, abs=1e-3)
    held = float(share.sel(component_class="handset_processor"))
    assert held == pytest.approx(0.2 * processors + 0.097, rel=1e-12)
    assert held == pytest.approx(0.257, abs=1e-3)
    assert float(share.sel(component_class="baseband_soc")) == float(free.sel(component_class="baseband_soc"))
    # the consumer business is short of its processors only: its output is their cover
    consumer = result["bill_output"].sel(vendor="huawei", bill="consumer", time="2030-01-01")
    assert float(consumer) == pytest.approx(held, rel=1e-9)


def test_an_unknown_scope_class_is_named() -> None:
    params = supply_parameters({}).model_copy(update={"foundry_listing_scope": {"basebnd_soc": 0.5}})
    with pytest.raises(InputError, match="basebnd_soc"):
        simulate_supply(network(), [CONTROL], params, PERIODS, caps=[listing(0.1)])


def test_an_unknown_class_is_named() -> None:
    with pytest.raises(InputError, match="baseband"):
        capped(listing(0.1, classes=["baseband"]))


def test_a_late_listing_keeps_the_capacity_already_built() -> None:
    late = capped(listing(0.075, start=date(2028, 1, 1)), WHOLE).data.sel(vendor="huawei")
    free = uncapped().data.sel(vendor="huawei")
    share = (late["substitute_capacity"] / need(late)).sel(component_class="baseband_soc")
    built = float(
        (free["substitute_capacity"] / need(free)).sel(component_class="baseband_soc", time="2027-10-01")
    )
    assert built > 0.075
    # from the listing the capacity stays at what was built the quarter before (growth stops, nothing is lost)
    np.testing.assert_allclose(share.sel(time=slice("2028-01", None)).values, built, rtol=1e-12)


def test_the_listed_foundry_sells_the_substitutes_of_its_classes() -> None:
    """SMIC makes Huawei's substitutes of the classes it is listed for, beside its own line (HiSilicon's
    mature-node chips, cut by the controls); the listing costs it the advanced part of processors it can no
    longer make: in 2030 (0.8 - 0.257) x the processors' need, about $1.9B."""
    classes = ["baseband_soc", "handset_processor"]
    cap = listing(None, classes=classes).model_copy(update={"foundry": "SMIC"})
    result = capped(cap)
    sales = foundry_sales([cap], result, uncapped()).sel(foundry="SMIC")
    d = result.data.sel(vendor="huawei", component_class=classes)
    by_hand = (d["substitute_sales"] + d["substitute_exports"]).sum("component_class").groupby("year").sum()
    line = result.data.sel(vendor="huawei")
    own = line["firm"] == "SMIC"
    by_hand = by_hand + line["sales"].where(own, 0.0).sum("supplier").groupby("year").sum()
    np.testing.assert_allclose(sales["with"].values, by_hand.values, rtol=1e-12)
    assert (sales["with"] <= sales["without_listing"] * (1 + 1e-12)).all()
    # without any measure: its line's baseline sales, Huawei's 20% of its 2020 revenue ($3.89B) a year
    assert float(sales["without"].sel(year=2021)) == pytest.approx(0.2 * 3.8895e9 * 365 / 365.25, rel=1e-9)
    processors = float((d["need"] * d["class_index"]).sel(component_class="handset_processor").isel(time=0))
    lost = float((sales["without_listing"] - sales["with"]).sel(year=2030))
    assert lost == pytest.approx((0.8 - (0.2 * 0.8 + 0.097)) * processors, rel=2e-3)
    assert lost == pytest.approx(1.9e9, rel=0.01)
    # a listing of zero scope costs the foundry nothing
    nothing = foundry_sales([cap], capped(cap, NONE), uncapped())
    np.testing.assert_array_equal(nothing["with"].values, nothing["without_listing"].values)
