"""The target's purchases grow with its reported business; its substitutes export once they are cheaper."""

from __future__ import annotations

from datetime import date
from functools import cache

import numpy as np
import pytest
import xarray as xr

from gotogether.engines.supply import ExportControl, ValueNetwork, make_periods, simulate_supply
from gotogether.engines.supply.result import SupplyResult
from gotogether.pipeline.parameters import supply_parameters
from gotogether.pipeline.world import default_network

PERIODS = make_periods("2019-01", "2035-12", freq="Q")
HUAWEI_2019_OVER_2018 = 858_833 / 721_202
"""Huawei's revenue, CNY million: 2019 annual report and 2018 annual report [A]."""


@cache
def network() -> ValueNetwork:
    return default_network()


def control() -> ExportControl:
    return ExportControl.model_validate(
        {
            "name": "control",
            "issuers": ["USA"],
            "target_vendors": ["huawei"],
            "start": date(2019, 5, 16),
            "reach": ["coalition-made", "de-minimis", "foreign-direct-product"],
        }
    )


ZTE_2019_OVER_2018 = 90.74 / 85.513
"""ZTE's revenue, CNY billion: 2019 results (Mobile World Live) and 2018 annual report [A/B]."""
HUAWEI_BILLS_2019_OVER_2018 = {
    "carrier": (296.7 + 89.7) / (294.012 + 74.409),  # carrier and enterprise buy the base station's bill
    "consumer": 467.3 / 348.852,
}
"""Huawei's businesses, CNY billion: 2019 (CGTN) over 2018 (annual report) [A]: each bill's need follows
the revenue of the businesses that buy it."""


def test_the_targets_grow_at_their_reported_rates_and_the_others_stay() -> None:
    net = network()
    assert net.business_index[("huawei", 2019)] == pytest.approx(HUAWEI_2019_OVER_2018, rel=1e-4)
    growth = net.growth(np.array([2019, 2020, 2035]))
    huawei, zte = net.vendors.index("huawei"), net.vendors.index("zte")
    np.testing.assert_allclose(growth[huawei], HUAWEI_2019_OVER_2018, rtol=1e-4)  # held after 2019
    np.testing.assert_allclose(growth[zte], ZTE_2019_OVER_2018, rtol=1e-4)
    others = np.delete(growth, [huawei, zte], axis=0)
    assert (others == 1.0).all()


def test_each_business_need_follows_its_own_revenue() -> None:
    net = network()
    index = net.class_growth(np.array([2018, 2019, 2030]))
    huawei = net.vendors.index("huawei")
    bills = np.array(net.class_businesses)
    for bill, expected in HUAWEI_BILLS_2019_OVER_2018.items():
        np.testing.assert_allclose(index[huawei, bills == bill, 0], 1.0)
        np.testing.assert_allclose(index[huawei, bills == bill, 1:], expected, rtol=1e-4)
    zte = net.vendors.index("zte")  # its handsets fell in 2019 (CNY 19.21B -> 15.0B), its networks rose
    np.testing.assert_allclose(index[zte, bills == "consumer", 1], 15.0 / 19.21, rtol=1e-4)
    np.testing.assert_allclose(index[zte, bills == "carrier", 1], (66.58 + 9.15) / (57.07 + 9.23), rtol=1e-4)
    others = np.delete(index, [huawei, zte], axis=0)
    assert (others == 1.0).all()


def test_without_measures_huawei_buys_its_grown_purchases() -> None:
    d = simulate_supply(network(), [], supply_parameters({}), PERIODS).data
    assert bool((d["sales"] == d["baseline_sales"]).all())
    net = network()
    need = supply_parameters({}).bom_share * net.revenue[:, None] * net.ran_cost_share
    sized = net.whole_business(need)[1][net.vendors.index("huawei")]  # 2018, $70B in all (CNN/WSJ)
    bought = d["baseline_sales"].sel(vendor="huawei").where(d["firm"] != "Huawei in-house", 0.0)
    years = float(d["period_years"].where(d["year"] == 2019, 0.0).sum())
    for bill, expected in HUAWEI_BILLS_2019_OVER_2018.items():
        lines = np.array([net.class_businesses[c] == bill for c in net.line_class])
        of_bill = xr.DataArray(lines, dims="supplier")
        in_2019 = float(bought.where((d["year"] == 2019) & of_bill, 0.0).sum()) / years  # USD per year
        in_2018 = float(sized[lines & (np.array(net.firm) != "Huawei in-house")].sum())
        assert in_2019 == pytest.approx(in_2018 * expected, rel=1e-4)


def run(**values: float) -> SupplyResult:
    defaults = {"supply.learning_rate": 0.25, "supply.investment_scale": 2.0}
    return simulate_supply(network(), [control()], supply_parameters({**defaults, **values}), PERIODS)


def test_a_cheaper_substitute_exports_what_the_target_leaves_and_the_incumbents_lose_it() -> None:
    result = run(**{"supply.substitute_cost_floor": 0.7, "supply.substitute_export_share": 0.3})
    d = result.data
    exports = d["substitute_exports"].sum("component_class")
    assert float(exports.sel(vendor="huawei").sum()) > 1e9  # billions of dollars over the horizon
    assert float(exports.drop_sel(vendor="huawei").sum()) == 0.0  # only the target substitutes
    bought = d["substitute_bought"].sum(["component_class", "vendor"])
    np.testing.assert_allclose(bought.values, exports.sum("vendor").values, rtol=1e-9, atol=1e-3)
    assert float(d["substitute_bought"].sel(vendor="huawei").sum()) == 0.0
    # the rivals' incumbents lose exactly what they buy from the substitute; no rival's output changes
    rivals = [v for v in d["vendor"].values if v != "huawei"]
    lost = (d["sales"] - d["baseline_sales"]).sel(vendor=rivals).sum(["supplier", "vendor"])
    np.testing.assert_allclose(lost.values, -bought.values, rtol=1e-9, atol=1e-3)
    assert float(d["feasible_output"].sel(vendor=rivals).min()) == 1.0
    # ... and their unit cost falls with the substitute's discount
    assert float(d["unit_cost_multiplier"].sel(vendor=rivals).min()) < 1.0
    # at most the share of the rivals' incumbent use, and at most the capacity Huawei leaves unused
    spare = d["substitute_capacity"] - d["substitute_sales"]
    assert bool((d["substitute_exports"].sel(vendor="huawei") <= spare.sel(vendor="huawei") + 1e-3).all())
    # the substitute's country gains the sales (China, less its own firms' sales to the rivals it
    # displaces, e.g. to ZTE), the incumbents' countries lose them
    change = result.sales_change("country").sum("year")
    without = run(**{"supply.substitute_cost_floor": 0.7, "supply.substitute_export_share": 0.0})
    baseline = without.sales_change("country").sum("year")
    gained = (change - baseline.reindex_like(change, fill_value=0.0)).to_series()
    assert gained.sum() == pytest.approx(0.0, abs=1e-6 * float(exports.sum()))
    assert 0.5 * float(exports.sum()) < gained["CHN"] <= float(exports.sum())
    assert gained.drop("CHN").max() <= 1e-3


def test_no_exports_while_the_substitute_is_dearer_or_the_share_is_zero() -> None:
    dearer = run(**{"supply.substitute_cost_floor": 1.05, "supply.substitute_export_share": 0.3}).data
    assert float(dearer["substitute_exports"].sum()) == 0.0
    closed = run(**{"supply.substitute_cost_floor": 0.7, "supply.substitute_export_share": 0.0}).data
    assert float(closed["substitute_exports"].sum()) == 0.0


def test_each_bill_of_materials_is_short_of_its_own_classes_only() -> None:
    """A control on handset processors alone leaves the base station's bill whole (feasible output 1, the
    rollout's and the telecom-equipment sector's) and cuts the handset's; no measure leaves both at 1."""
    handsets = ExportControl.model_validate(
        {
            "name": "handsets",
            "issuers": ["USA"],
            "target_vendors": ["huawei"],
            "item_classes": ["handset_processor"],
            "start": date(2019, 5, 16),
            "reach": ["coalition-made", "de-minimis", "foreign-direct-product"],
        }
    )
    d = simulate_supply(network(), [handsets], supply_parameters({}), PERIODS).data
    bills = d["bill_output"].sel(vendor="huawei")
    assert (d["feasible_output"] == 1.0).all()
    assert (bills.sel(bill="carrier") == 1.0).all()
    assert float(bills.sel(bill="consumer").min()) < 0.5
    baseline = simulate_supply(network(), [], supply_parameters({}), PERIODS).data
    assert (baseline["bill_output"] == 1.0).all()
    assert (baseline["bill_cost_multiplier"] == 1.0).all()
