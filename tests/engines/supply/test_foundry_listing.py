"""A listed foundry caps the target's substitution: never more output, the cap binds at its value, and no
cap (or one that never applies) leaves the result exactly as it was."""

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
from gotogether.pipeline.parameters import supply_parameters
from gotogether.pipeline.world import default_network

PERIODS = make_periods("2019-01", "2035-12", freq="Q")
DAYS = ((PERIODS + 1).start_time - PERIODS.start_time).days.to_numpy()
LEADING_EDGE = ["baseband_soc", "fpga", "handset_processor"]
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
    return d["need"] * d["business_index"] * years


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
    result = capped(listing(None), {"supply.foundry_listing_ceiling": 0.075}).data.sel(vendor="huawei")
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
    own = capped(listing(0.2), {"supply.foundry_listing_ceiling": 0.075}).data.sel(vendor="huawei")
    share = own["substitute_capacity"] / need(own)
    assert float(share.sel(component_class="baseband_soc", time="2030-01-01")) == pytest.approx(
        0.2, rel=1e-12
    )


@settings(max_examples=10, deadline=None)
@given(
    ceiling=st.floats(0.0, 1.0),
    year=st.integers(2019, 2034),
    classes=st.lists(st.sampled_from([*LEADING_EDGE, "memory", "rf_frontend_pa"]), min_size=1, unique=True),
)
def test_a_listing_never_raises_the_targets_output(ceiling: float, year: int, classes: list[str]) -> None:
    with_it = capped(listing(ceiling, date(year, 6, 1), classes)).data.sel(vendor="huawei")
    without = uncapped().data.sel(vendor="huawei")
    assert (with_it["bill_output"] <= without["bill_output"] + 1e-12).all()
    assert (with_it["substitute_capacity"] <= without["substitute_capacity"] + 1e-9).all()


def test_an_unknown_class_is_named() -> None:
    with pytest.raises(InputError, match="baseband"):
        capped(listing(0.1, classes=["baseband"]))


def test_a_late_listing_keeps_the_capacity_already_built() -> None:
    late = capped(listing(0.075, start=date(2028, 1, 1))).data.sel(vendor="huawei")
    free = uncapped().data.sel(vendor="huawei")
    share = (late["substitute_capacity"] / need(late)).sel(component_class="baseband_soc")
    built = float(
        (free["substitute_capacity"] / need(free)).sel(component_class="baseband_soc", time="2027-10-01")
    )
    assert built > 0.075
    # from the listing the capacity stays at what was built the quarter before (growth stops, nothing is lost)
    np.testing.assert_allclose(share.sel(time=slice("2028-01", None)).values, built, rtol=1e-12)
