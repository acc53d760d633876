"""Hand-worked cases of the supply engine on the small network of ``small_network.py``.

Baseline need per vendor and class: revenue 50 * bom_share 1 * cost share 0.5 = 25 USD a year.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pytest

from engines.supply.small_network import small_network
from gotogether.engines.supply import (
    CoalitionJoin,
    Disruption,
    ExportControl,
    Licence,
    SupplyParameters,
    make_periods,
    simulate_supply,
)
from gotogether.errors import InputError
from gotogether.pipeline.parameters import supply_parameters

PERIODS = make_periods("2019-01", "2021-12")
NONE = supply_parameters(
    {
        "supply.bom_share": 1.0,
        "supply.inventory_months": 0.0,
        "supply.spare_capacity": 0.0,
        "supply.substitution_ceiling": 0.0,
        "supply.alternative_premium": 0.0,
    }
)


def us_control(**changes: object) -> ExportControl:
    fields: dict[str, object] = {
        "name": "control",
        "issuers": ["USA"],
        "target_vendors": ["a"],
        "start": date(2020, 1, 1),
    }
    return ExportControl.model_validate(fields | changes)


def feasible(
    measures: list[ExportControl],
    params: SupplyParameters = NONE,
    *,
    t_affiliate: str = "",
    t_country: str = "TWN",
) -> np.ndarray:
    network = small_network(t_affiliate=t_affiliate, t_country=t_country)
    result = simulate_supply(network, measures, params, PERIODS)
    return result.data["feasible_output"].sel(vendor="a").to_numpy()


def test_coalition_made_leaves_the_non_coalition_share() -> None:
    f = feasible([us_control()])
    assert f[:12] == pytest.approx(1.0, abs=0)
    assert f[12:] == pytest.approx(0.4, rel=1e-12)


def test_measure_starting_mid_month_blocks_the_covered_days() -> None:
    f = feasible([us_control(start=date(2020, 1, 16))])
    # 16 of January's 31 days blocked: chip supply 1 - 0.6 * 16/31.
    assert f[12] == pytest.approx(1.0 - 0.6 * 16 / 31, rel=1e-12)


def test_other_vendor_is_untouched() -> None:
    result = simulate_supply(small_network(), [us_control()], NONE, PERIODS)
    assert (result.data["feasible_output"].sel(vendor="b") == 1.0).all()


@pytest.mark.parametrize(("threshold", "expected"), [(0.25, 0.0), (0.30, 0.4)])
def test_de_minimis_catches_taiwanese_chip_above_threshold(threshold: float, expected: float) -> None:
    # T's US content: 0.3 (EDA content) * 0.9 (US share of EDA) = 0.27.
    control = us_control(reach=["coalition-made", "de-minimis"], de_minimis_threshold=threshold)
    assert feasible([control])[12:] == pytest.approx(expected, abs=1e-12)


def test_foreign_direct_product_rule_scopes() -> None:
    fdpr_all = us_control(reach=["foreign-direct-product"])
    assert feasible([fdpr_all])[12:] == pytest.approx(0.0, abs=1e-12)  # both chips use US EDA
    designed = us_control(reach=["foreign-direct-product"], fdpr_scope="target-designed")
    assert feasible([designed])[12:] == pytest.approx(1.0, abs=0)
    assert feasible([designed], t_affiliate="a")[12:] == pytest.approx(0.6, rel=1e-12)


def test_ally_joining_later_widens_the_reach() -> None:
    control = us_control(joins=[CoalitionJoin(country="TWN", date=date(2020, 7, 1))])
    f = feasible([control])
    assert f[12:18] == pytest.approx(0.4, rel=1e-12)
    assert f[18:] == pytest.approx(0.0, abs=1e-12)


def test_licence_lets_its_share_through_until_it_ends() -> None:
    licence = Licence(name="half of U", firms=["U"], share=0.5, end=date(2021, 1, 1))
    f = feasible([us_control(licences=[licence])])
    assert f[12:24] == pytest.approx(0.4 + 0.6 * 0.5, rel=1e-12)
    assert f[24:] == pytest.approx(0.4, rel=1e-12)


def test_plants_abroad_of_coalition_firms_ship_unless_reached() -> None:
    # T is a US firm's plant in Taiwan with 27% US content: caught as a coalition firm's item, or not at
    # all when the control spares plants abroad and its de-minimis level is 30%.
    assert feasible([us_control()], t_country="USA")[12:] == pytest.approx(0.0, abs=1e-12)
    spared = us_control(plants_abroad=False)
    assert feasible([spared], t_country="USA")[12:] == pytest.approx(0.4, rel=1e-12)
    above = us_control(plants_abroad=False, reach=["coalition-made", "de-minimis"], de_minimis_threshold=0.25)
    assert feasible([above], t_country="USA")[12:] == pytest.approx(0.0, abs=1e-12)


def test_stock_bought_ahead_of_a_control_it_sees_coming() -> None:
    # Six months of stock, none of it working stock, on the supply at risk (U's 60% of the chip class:
    # 15 a year): 7.5 bought from U evenly over 1 Jul - 31 Dec 2019, then drawn for six months.
    params = NONE.model_copy(update={"inventory_months": 6.0, "working_stock_months": 0.0})
    control = us_control(stockpile_from=date(2019, 7, 1))
    d = simulate_supply(small_network(), [control], params, PERIODS).data.sel(vendor="a")
    bought = d["stockpile_bought"].sel(component_class="chip")
    assert float(bought.sum()) == pytest.approx(7.5, rel=1e-12)
    assert bought.values[:6] == pytest.approx(0.0, abs=0)
    july = 31 / 184 * 7.5
    assert bought.values[6] == pytest.approx(july, rel=1e-12)
    u = d["sales"].isel(supplier=int(np.flatnonzero(d["firm"].values == "U")[0]))
    assert float(u.values[6]) == pytest.approx(15 * d["period_years"].values[6] + july, rel=1e-12)
    f = d["feasible_output"].values
    assert f[12:17] == pytest.approx(1.0, abs=0)  # Jan-May 2020 covered (182 days of stock)
    assert f[19:] == pytest.approx(0.4, rel=1e-12)
    # The box class is never at risk: only its working stock (none), nothing bought.
    assert float(d["stockpile_bought"].sel(component_class="box").sum()) == 0.0


def test_spare_capacity_of_allowed_supplier_and_its_premium() -> None:
    # T makes 0.4 * 25 for each of A and B: 20 a year; a quarter of it spare = 5 for A's shortfall of 15.
    params = NONE.model_copy(update={"spare_capacity": 0.25, "alternative_premium": 0.1})
    result = simulate_supply(small_network(), [us_control()], params, PERIODS)
    a = result.data.sel(vendor="a")
    assert a["feasible_output"].values[12:] == pytest.approx(0.6, rel=1e-12)
    # chip class: 10 incumbent + 5 alternative at +10%; box class at baseline cost; bom_share 1.
    assert a["unit_cost_multiplier"].values[12:] == pytest.approx(1 + 0.5 * 0.1 * 5 / 15, rel=1e-12)


def test_inventory_covers_the_shortfall_until_it_runs_out() -> None:
    params = NONE.model_copy(update={"inventory_months": 6.0})
    f = feasible([us_control()], params)
    # Stock 25 * 6/12 = 12.5; shortfall 15 a year, drawn daily: lasts Jan-Sep 2020 (274 days) and part of
    # October: (flow 10 + the 12.5 - 15 * 274/365.25 left) over October's need.
    assert f[12:21] == pytest.approx(1.0, abs=0)
    october = 31 / 365.25
    left = 12.5 - 15 * 274 / 365.25
    assert f[21] == pytest.approx((10 * october + left) / (25 * october), rel=1e-12)
    assert f[22:] == pytest.approx(0.4, rel=1e-12)


def test_substitution_follows_the_s_curve() -> None:
    params = NONE.model_copy(update={"substitution_ceiling": 0.8, "substitution_steepness": 2.0})
    result = simulate_supply(small_network(), [us_control()], params, PERIODS)
    a = result.data.sel(vendor="a")
    starts = PERIODS.start_time[12:]
    months = ((starts - starts[0]).days / 365.25).to_numpy()  # years since the first block
    k, mid = 2.0, 2.0  # the chip's midpoint is 2 years
    s0 = 1 / (1 + np.exp(k * mid))
    capacity = 0.8 * 25 * (1 / (1 + np.exp(-k * (months - mid))) - s0) / (1 - s0)
    assert a["feasible_output"].values[12:] == pytest.approx(np.minimum(1.0, (10 + capacity) / 25), rel=1e-12)
    dt = a["period_years"].values[12:]
    chip = a["substitute_capacity"].sel(component_class="chip").values[12:]
    assert chip == pytest.approx(capacity * dt, rel=1e-12)


@pytest.mark.parametrize("floor", [1.0, 0.9])
def test_substitute_premium_falls_with_cumulative_output(floor: float) -> None:
    params = NONE.model_copy(
        update={"substitution_ceiling": 1.0, "learning_rate": 0.2, "substitute_cost_floor": floor}
    )
    result = simulate_supply(small_network(), [us_control()], params, PERIODS)
    a = result.data.sel(vendor="a")
    used = a["substitute_sales"].sel(component_class="chip").values
    before = np.cumsum(used) - used
    x0 = 25 / 12
    # The cost over the incumbent's falls from 1 + 0.5 towards the floor (Wright's law, 20% a doubling).
    premium = floor - 1 + (1.5 - floor) * (np.maximum(before, x0) / x0) ** np.log2(0.8)
    share = used / (a["feasible_output"].values * 25 * a["period_years"].values)
    expected = 1 + 0.5 * premium * share
    assert a["unit_cost_multiplier"].values[13:] == pytest.approx(expected[13:], rel=1e-12)
    assert premium[12] == pytest.approx(0.5, rel=1e-12)
    assert premium[-1] < 0.5 * 0.8
    # The premium is the target's cost, per period: premium x substitutes used.
    cost = a["substitute_premium_cost"].values
    assert cost == pytest.approx(premium * used, rel=1e-12, abs=1e-12)


def test_class_ceiling_caps_substitution_of_the_class() -> None:
    params = NONE.model_copy(update={"substitution_ceiling": 1.0, "substitution_steepness": 2.0})
    network = small_network()
    capped = dataclasses.replace(network, class_ceiling=np.array([0.5, 1.0]))  # chip, box
    result = simulate_supply(capped, [us_control()], params, PERIODS)
    capacity = result.data["substitute_capacity"].sel(vendor="a", component_class="chip")
    per_year = capacity / result.data["period_years"]
    assert float(per_year.max()) <= 0.5 * 25 + 1e-9
    assert float(result.data["feasible_output"].sel(vendor="a").max()) <= 1.0
    full = simulate_supply(network, [us_control()], params, PERIODS).data["substitute_capacity"]
    assert float(full.sel(vendor="a", component_class="chip").sum()) == pytest.approx(
        2 * float(capacity.sum()), rel=1e-12
    )


def test_unknown_names_suggest_close_matches() -> None:
    with pytest.raises(InputError, match=r"unknown 'aa'.*did you mean 'a'"):
        simulate_supply(small_network(), [us_control(target_vendors=["aa"])], NONE, PERIODS)
    with pytest.raises(InputError, match=r"item_classes.*unknown 'chips'.*'chip'"):
        simulate_supply(small_network(), [us_control(item_classes=["chips"])], NONE, PERIODS)
    with pytest.raises(InputError, match=r"issuers.*unknown 'US'"):
        simulate_supply(small_network(), [us_control(issuers=["US"])], NONE, PERIODS)


def test_measure_needs_a_target() -> None:
    with pytest.raises(ValueError, match="names no target"):
        us_control(target_vendors=[])


def test_a_disruption_removes_its_share_of_the_lines_made_there_by_hand() -> None:
    # Half of the Taiwanese chip line (0.4 of chips) lost through 2020: chips 0.6 + 0.4 x 0.5 = 0.8.
    taiwan = Disruption(
        name="fabs",
        made_in=["TWN"],
        item_classes=["chip"],
        share=0.5,
        start=date(2020, 1, 1),
        end=date(2021, 1, 1),
    )
    result = simulate_supply(small_network(), [], NONE, PERIODS, disruptions=[taiwan])
    for vendor in ("a", "b"):
        f = result.data["feasible_output"].sel(vendor=vendor).to_numpy()
        assert f[:12] == pytest.approx(1.0, abs=0)
        assert f[12:24] == pytest.approx(0.8, rel=1e-12)
        assert f[24:] == pytest.approx(1.0, abs=0)


def test_a_disruption_naming_an_unknown_place_is_refused() -> None:
    with pytest.raises(InputError, match="made_in"):
        simulate_supply(
            small_network(),
            [],
            NONE,
            PERIODS,
            disruptions=[Disruption(name="x", made_in=["TWX"], share=0.5, start=date(2020, 1, 1))],
        )


def test_stock_covers_the_gap_a_ceiling_leaves_then_output_drops_to_it() -> None:
    """Issue 14's cliff in a hand-worked case: substitution at once (steep, fast S-curve) up to a chip
    ceiling of 0.5 leaves a permanent gap of 25 - 10 - 12.5 = 2.5 a year, which six months of stock
    (12.5) cover for years; when the stock runs out, output falls to the flow's cover 22.5 / 25 at once."""
    params = NONE.model_copy(
        update={
            "inventory_months": 6.0,
            "substitution_ceiling": 1.0,
            "substitution_steepness": 20.0,
            "investment_scale": 100.0,
        }
    )
    network = dataclasses.replace(small_network(), class_ceiling=np.array([0.5, 1.0]))  # chip, box
    periods = make_periods("2019-01", "2026-12")
    result = simulate_supply(network, [us_control()], params, periods)
    f = result.data["feasible_output"].sel(vendor="a").to_numpy()
    # January 2020: no substitute yet (tau = 0), gap 15 a year; from February the gap is 2.5 a year.
    left = 12.5 - 15 * 31 / 365.25
    july_2024 = list(periods.strftime("%Y-%m")).index("2024-07")
    left -= 2.5 * (date(2024, 7, 1) - date(2020, 2, 1)).days / 365.25
    assert f[:july_2024] == pytest.approx(1.0, abs=0)
    july = 31 / 365.25
    assert f[july_2024] == pytest.approx((22.5 * july + left) / (25 * july), rel=1e-9)
    assert f[july_2024 + 1 :] == pytest.approx(0.9, rel=1e-9)
