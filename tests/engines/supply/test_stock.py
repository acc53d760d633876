"""Stock per component class: a hand-worked case, the property "more stock never lowers output during the
shock" (hypothesis), and the handset processors' sourced stock in the library's us-huawei case."""

from __future__ import annotations

from datetime import date
from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engines.supply.small_network import small_network
from gotogether.data.parameters import parameter_table, sampled
from gotogether.engines.supply import ExportControl, ValueNetwork, make_periods, simulate_supply
from gotogether.pipeline.parameters import supply_parameters
from gotogether.pipeline.run import scenario_supply
from gotogether.pipeline.world import default_network, load_world
from gotogether.scenarios import load_scenario

PERIODS = make_periods("2019-01", "2021-12")
NONE = supply_parameters(
    {
        "supply.bom_share": 1.0,
        "supply.inventory_months": 12.0,
        "supply.spare_capacity": 0.0,
        "supply.substitution_ceiling": 0.0,
        "supply.alternative_premium": 0.0,
    }
)
PROCESSOR_STOCK = "supply.inventory_months.handset-processor"


def a_output(months: dict[str, float]) -> np.ndarray:
    """Vendor a's output on the small network (need 25 a year per class; the US control of 1 Jan 2020
    takes U's 60 % of the chips) with the per-class stock ``months``."""
    control = ExportControl.model_validate(
        {"name": "control", "issuers": ["USA"], "target_vendors": ["a"], "start": date(2020, 1, 1)}
    )
    params = NONE.model_copy(update={"class_inventory_months": months})
    result = simulate_supply(small_network(), [control], params, PERIODS)
    return result.data["feasible_output"].sel(vendor="a").to_numpy()


def test_a_class_stock_overrides_the_general_stock() -> None:
    # chip: 6 months, 12.5; the shortfall of 15 a year takes it in 274 days (Jan-Sep 2020) and part of
    # October; the box class's 12 months are never drawn (nothing blocks it).
    f = a_output({"chip": 6.0})
    assert f[12:21] == pytest.approx(1.0, abs=0)
    october = 31 / 365.25
    left = 12.5 - 15 * 274 / 365.25
    assert f[21] == pytest.approx((10 * october + left) / (25 * october), rel=1e-12)
    assert f[22:] == pytest.approx(0.4, rel=1e-12)
    # no chip stock: output falls to the unblocked 40 % at once, whatever the general stock
    assert a_output({"chip": 0.0})[12:] == pytest.approx(0.4, rel=1e-12)
    # the general 12 months for the chip: 25 of stock, 20 months of the shortfall: Jan 2020 - Jul 2021
    # (578 days) and part of August 2021
    f = a_output({})
    assert f[12:31] == pytest.approx(1.0, abs=0)
    august = 31 / 365.25
    assert f[31] == pytest.approx((10 * august + 25 - 15 * 578 / 365.25) / (25 * august), rel=1e-12)
    assert f[32:] == pytest.approx(0.4, rel=1e-12)


@cache
def network() -> ValueNetwork:
    return default_network()


@settings(max_examples=25, deadline=None)
@given(
    issuers=st.lists(st.sampled_from(["USA", "NLD", "JPN", "KOR", "TWN"]), min_size=1, unique=True),
    reach=st.lists(
        st.sampled_from(["coalition-made", "de-minimis", "foreign-direct-product"]), min_size=1, unique=True
    ),
    stockpile=st.booleans(),
    general=st.floats(0.0, 12.0),
    component=st.integers(0, 13),
    months=st.floats(0.0, 12.0),
    extra=st.floats(0.0, 12.0),
)
def test_more_stock_never_lowers_output_during_the_shock(
    issuers: list[str],
    reach: list[str],
    stockpile: bool,
    general: float,
    component: int,
    months: float,
    extra: float,
) -> None:
    """More stock of one class never lowers the target's cumulative output of any bill of materials, up to
    any period. Period by period it can: a bill built longer on one class's stock draws another class's
    stock faster, which then runs out sooner (found by hypothesis on this network)."""
    net = network()
    fields: dict[str, object] = {
        "name": "control",
        "issuers": issuers,
        "target_vendors": ["huawei"],
        "start": date(2020, 1, 1),
        "reach": reach,
    }
    if stockpile:
        fields["stockpile_from"] = date(2019, 7, 1)
    control = ExportControl.model_validate(fields)
    periods = make_periods("2019-01", "2024-12")
    name = net.classes[component % len(net.classes)]

    def built(stock: float) -> np.ndarray:
        params = supply_parameters({"supply.inventory_months": general}).model_copy(
            update={"class_inventory_months": {name: stock}}
        )
        d = simulate_supply(net, [control], params, periods).data.sel(vendor="huawei")
        cumulative: np.ndarray = np.cumsum((d["bill_output"] * d["period_years"]).values, axis=-1)
        return cumulative

    assert (built(months + extra) >= built(months) - 1e-9).all()


def test_the_processor_stock_is_a_sourced_sampled_parameter() -> None:
    row = parameter_table()[PROCESSOR_STOCK]
    assert row.default == pytest.approx(4.3)
    assert PROCESSOR_STOCK in sampled()
    assert "Nikkei" in row.source
    assert supply_parameters({}).class_inventory_months == {"handset_processor": 4.3}
    # the other classes keep the general stock (the library case's 9 months)
    assert supply_parameters({"supply.inventory_months": 9.0}).inventory_months == 9.0


def test_huaweis_processor_stock_runs_from_the_cutoff_into_2021() -> None:
    d = scenario_supply(load_world(), load_scenario("us-huawei-2019-2020")).data.sel(vendor="huawei")
    drawn = d["inventory_drawn"].sel(component_class="handset_processor")
    # HiSilicon's in-production chips ship until 14 Sep 2020: nothing is drawn before September 2020
    assert float(drawn.sel(time=slice("2019-01", "2020-08")).sum()) == 0.0
    # Huawei stockpiles from Dec 2018: working stock (1.1 months) and the months above it on the part of
    # the class at risk (all of it: HiSilicon's chips are TSMC's), 4.3 months of the 2019 need in all,
    # every bit of it drawn
    need_2019 = float((d["need"] * d["class_index"].isel(time=0)).sel(component_class="handset_processor"))
    assert float(drawn.sum()) == pytest.approx(4.3 / 12 * need_2019, rel=1e-6)
    consumer = d["bill_output"].sel(bill="consumer")
    # full output until the stock runs out in March 2021, then the licensed 4G chips (on their ramp to May
    # 2021) and the substitutes
    assert consumer.sel(time=slice("2020-09", "2021-02")).values == pytest.approx(1.0, abs=0)
    assert float(consumer.sel(time="2021-03").squeeze()) < 0.35
    assert float(consumer.sel(time="2021-05").squeeze()) < 0.45


def test_a_denial_order_denies_the_issuers_part_of_the_stock_by_hand() -> None:
    # chip: 6 months of stock, 12.5, of which U's 60 % (7.5) is US items; the order (1 Jan - 1 Jul 2020)
    # blocks U. Denied, the 5.0 of T's chips cover the shortfall of 15 a year for 121.75 days: January-April
    # (121 days) whole, May in part, June at T's 40 %; from July, the order lifted, nothing is short. Usable,
    # the 12.5 outlast the order (304 days).
    def output(denied: bool) -> np.ndarray:
        order = ExportControl.model_validate(
            {
                "name": "denial order",
                "issuers": ["USA"],
                "target_vendors": ["a"],
                "start": date(2020, 1, 1),
                "end": date(2020, 7, 1),
                "stock_denied": denied,
            }
        )
        params = NONE.model_copy(update={"class_inventory_months": {"chip": 6.0}})
        result = simulate_supply(small_network(), [order], params, PERIODS)
        return result.data["feasible_output"].sel(vendor="a").to_numpy()

    f = output(True)
    assert f[:16] == pytest.approx(1.0, abs=0)
    may = 31 / 365.25
    left = 5.0 - 15 * 121 / 365.25
    assert f[16] == pytest.approx((10 * may + left) / (25 * may), rel=1e-12)
    assert f[17] == pytest.approx(0.4, rel=1e-12)
    assert f[18:] == pytest.approx(1.0, abs=0)
    assert output(False) == pytest.approx(1.0, abs=0)
