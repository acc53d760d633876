"""Properties of the supply engine on the default value network (hypothesis)."""

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
    SupplyParameters,
    ValueNetwork,
    make_periods,
    simulate_supply,
)
from gotogether.pipeline.parameters import supply_parameters
from gotogether.pipeline.world import default_network

DEFAULTS = supply_parameters({})
SAMPLED = (
    "supply.inventory_months",
    "supply.qualification_months",
    "supply.spare_capacity",
    "supply.substitution_ceiling",
    "supply.investment_scale",
)
PERIODS = make_periods("2019-01", "2023-12", freq="M")
SHORT_RUN = 12  # periods after the start of the measures: "short run"
START = date(2020, 1, 1)


@cache
def network() -> ValueNetwork:
    return default_network()


COUNTRIES = st.lists(
    st.sampled_from(["USA", "NLD", "JPN", "KOR", "TWN", "DEU", "GBR"]), min_size=1, unique=True
)
REACH = st.lists(
    st.sampled_from(["coalition-made", "de-minimis", "foreign-direct-product"]), min_size=1, unique=True
)
PARAMS = st.builds(
    lambda *values: supply_parameters(dict(zip(SAMPLED, values, strict=True))),
    st.floats(0.0, 12.0),
    st.floats(0.0, 18.0),
    st.floats(0.0, 0.3),
    st.floats(0.0, 1.0),
    st.floats(0.5, 2.0),
)


def control(issuers: list[str], reach: list[str], threshold: float = 0.25) -> ExportControl:
    return ExportControl.model_validate(
        {
            "name": "control",
            "issuers": issuers,
            "target_vendors": ["huawei"],
            "start": START,
            "reach": reach,
            "de_minimis_threshold": threshold,
        }
    )


def short_run_output(measure: ExportControl, params: SupplyParameters) -> np.ndarray:
    result = simulate_supply(network(), [measure], params, PERIODS)
    start = 12
    values: np.ndarray = result.data["feasible_output"].sel(vendor="huawei").values[start : start + SHORT_RUN]
    return values


def test_no_measure_gives_the_baseline_exactly() -> None:
    result = simulate_supply(network(), [], DEFAULTS, PERIODS)
    d = result.data
    assert (d["feasible_output"] == 1.0).all()
    assert (d["unit_cost_multiplier"] == 1.0).all()
    assert (d["sales"] == d["baseline_sales"]).all()
    assert (d["substitute_sales"] == 0.0).all()
    assert (d["inventory_drawn"] == 0.0).all()


@settings(max_examples=30, deadline=None)
@given(narrow=COUNTRIES, extra=COUNTRIES, reach=REACH, params=PARAMS)
def test_wider_coalition_never_raises_short_run_output(
    narrow: list[str], extra: list[str], reach: list[str], params: SupplyParameters
) -> None:
    wide = sorted(set(narrow) | set(extra))
    narrow_output = short_run_output(control(narrow, reach), params)
    wide_output = short_run_output(control(wide, reach), params)
    assert (wide_output <= narrow_output + 1e-12).all()


@settings(max_examples=30, deadline=None)
@given(issuers=COUNTRIES, low=st.floats(0.0, 0.5), gap=st.floats(0.0, 0.5), params=PARAMS)
def test_lower_de_minimis_threshold_never_raises_short_run_output(
    issuers: list[str], low: float, gap: float, params: SupplyParameters
) -> None:
    reach = ["coalition-made", "de-minimis"]
    strict = short_run_output(control(issuers, reach, low), params)
    lenient = short_run_output(control(issuers, reach, min(low + gap, 1.0)), params)
    assert (strict <= lenient + 1e-12).all()


@settings(max_examples=30, deadline=None)
@given(issuers=COUNTRIES, reach=REACH, params=PARAMS)
def test_substitution_and_alternatives_stay_within_capacity(
    issuers: list[str], reach: list[str], params: SupplyParameters
) -> None:
    d = simulate_supply(network(), [control(issuers, reach)], params, PERIODS).data
    assert (d["substitute_sales"] <= d["substitute_capacity"] * (1 + 1e-12) + 1e-9).all()
    line_sales = d["sales"].sum("vendor")
    line_capacity = d["baseline_sales"].sum("vendor") * (1.0 + params.spare_capacity)
    assert (line_sales <= line_capacity * (1 + 1e-12) + 1e-9).all()
    assert ((d["feasible_output"] >= 0.0) & (d["feasible_output"] <= 1.0)).all()


@settings(max_examples=30, deadline=None)
@given(issuers=COUNTRIES, reach=REACH, params=PARAMS)
def test_sales_lost_and_gained_add_up(issuers: list[str], reach: list[str], params: SupplyParameters) -> None:
    """Per vendor and period, at baseline prices: change in supplier-line sales + substitute sales +
    inventory drawn + substitutes bought from other vendors - stock bought ahead = sum over classes of
    (feasible output of the class's bill of materials - 1) * baseline need * class index * period
    length (need: bom_share * revenue of the RAN business, or
    the whole business sized on reported purchases, which grows with the vendor's reported revenue)."""
    measure = control(issuers, reach).model_copy(update={"stockpile_from": date(2019, 7, 1)})
    d = simulate_supply(network(), [measure], params, PERIODS).data
    lhs = (
        (d["sales"] - d["baseline_sales"]).sum("supplier")
        + d["substitute_sales"].sum("component_class")
        + d["inventory_drawn"].sum("component_class")
        + d["substitute_bought"].sum("component_class")
        - d["stockpile_bought"].sum("component_class")
    )
    bill = xr.DataArray(network().class_bill, dims="component_class")
    short = d["bill_output"].isel(bill=bill) - 1.0  # (vendor, class, time): each class's bill
    rhs = (short * d["need"] * d["class_index"]).sum("component_class") * d["period_years"]
    np.testing.assert_allclose(lhs.values, rhs.values, rtol=1e-9, atol=1e-3)


def test_the_issuers_own_firms_lose_sales() -> None:
    result = simulate_supply(network(), [control(["USA"], ["coalition-made"])], DEFAULTS, PERIODS)
    by_country = result.sales_change("country").sel(year=2021)
    by_firm = result.sales_change("firm").sel(year=2021)
    assert float(by_country.sel(country="USA")) < 0
    assert float(by_firm.sel(firm="Xilinx")) < 0
    assert float(by_firm.sel(firm="huawei substitute")) > 0
    assert float(by_country.sum()) == pytest.approx(float(by_firm.sum()), rel=1e-12)


@pytest.mark.parametrize("freq", ["M", "Q"])
def test_monthly_and_quarterly_agree_on_the_long_run(freq: str) -> None:
    periods = make_periods("2019-01", "2035-12", freq=freq)
    measure = control(["USA"], ["coalition-made"])
    yearly = simulate_supply(network(), [measure], DEFAULTS, periods).yearly()
    # All of Huawei's FPGAs are US firms': the class's substitution ceiling (0.9) caps output for good.
    assert float(yearly["feasible_output"].sel(vendor="huawei", year=2035)) == pytest.approx(0.9, abs=1e-3)
    assert float(yearly["feasible_output"].sel(vendor="huawei", year=2019)) == pytest.approx(1.0, abs=0)
