"""Export controls into the trade engine: hand-worked formulas, the Huawei case's effects, and properties
(no control = no effect; a control never raises the target's output in its first year; a wider coalition
never lowers the issuer's suppliers' losses; with no substitution the target never catches up)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache

import numpy as np
import pytest

from engines.supply.small_network import small_network
from gotogether.data import registry
from gotogether.engines.supply import ExportControl, SupplyResult, make_periods, simulate_supply
from gotogether.engines.supply.economy import (
    controlled_share,
    export_productivity,
    sector_productivity,
    trade_cost_equivalent,
)
from gotogether.pipeline import controls
from gotogether.pipeline.controls import ControlEffects, control_effects, target_business_revenue
from gotogether.pipeline.parameters import supply_parameters
from gotogether.pipeline.run import TRADE_YEARS, run_scenario, scenario_supply, scenario_world
from gotogether.pipeline.who_pays import who_pays
from gotogether.pipeline.world import World, load_world
from gotogether.scenarios import load_scenario
from gotogether.scenarios.translate import translate

PERIODS = make_periods("2019-01", "2026-12", freq="M")


def test_trade_cost_equivalent_by_hand() -> None:
    # Half the varieties blocked at theta 4: kappa_hat = 2^(1/4); none: 1; all: prohibitive.
    kappa = trade_cost_equivalent(np.array([0.0, 0.5, 1.0]), np.array(4.0))
    assert kappa[0] == 1.0
    assert kappa[1] == pytest.approx(2.0**0.25, rel=1e-12)
    assert np.isinf(kappa[2])
    # The trade share falls by (1 - s) at given prices: kappa^(-theta) = 1 - s.
    assert kappa[1] ** -4.0 == pytest.approx(0.5, rel=1e-12)


def test_controlled_share_and_design_out_by_hand() -> None:
    # sigma 0.3 of the country's purchases, 80% blocked: 0.24; with design-out 0.5 for an issuer:
    # 0.24 + 0.5 * 0.8 * (1 - 0.24) = 0.544; a non-issuer gets no design-out.
    assert controlled_share(np.array(0.3), np.array(0.8), 0.0, np.array(True)) == pytest.approx(0.24)
    assert controlled_share(np.array(0.3), np.array(0.8), 0.5, np.array(True)) == pytest.approx(0.544)
    assert controlled_share(np.array(0.3), np.array(0.8), 0.5, np.array(False)) == pytest.approx(0.24)


def test_sector_productivity_by_hand() -> None:
    # A vendor with half the sector building 60% of its output at a 20% higher unit cost:
    # 1 - 0.5 * (1 - 0.6 / 1.2) = 0.75; at full output and baseline cost nothing changes.
    assert sector_productivity(np.array(0.6), np.array(1.2), np.array(0.5)) == pytest.approx(0.75)
    assert sector_productivity(np.array(1.0), np.array(1.0), np.array(0.7)) == 1.0


def test_export_productivity_by_hand() -> None:
    # Substitutes selling 10 a year, 2 below what the displaced items cost (c = 0.8), in a sector of
    # output 100 (omega 0.1): 1 - 0.1 * (1 - 1 / 0.8) = 1.025; nothing sold: no change.
    gain = export_productivity(np.array([10.0, 0.0]), np.array([2.0, 0.0]), 100.0)
    assert gain[0] == pytest.approx(1.025, rel=1e-12)
    assert gain[1] == 1.0


@cache
def huawei() -> tuple[World, SupplyResult, ControlEffects, tuple[str, ...]]:
    scenario = load_scenario("us-huawei-2019-2020")
    world = scenario_world(load_world(), scenario)
    supply = scenario_supply(load_world(), scenario)
    notes: list[str] = []
    inputs = translate(scenario, world.model)
    effects = control_effects(world, inputs.supply_controls, supply, TRADE_YEARS, notes)
    assert effects is not None
    return world, supply, effects, tuple(notes)


def test_huawei_case_raises_costs_on_flows_into_china_only() -> None:
    world, _, effects, notes = huawei()
    regions, sectors = world.trade.countries, world.trade.sectors
    china, usa = regions.index("CHN"), regions.index("USA")
    assert (effects.trade_cost >= 1.0).all()
    assert (np.delete(effects.productivity, china, axis=1) == 1.0).all()
    others = np.delete(effects.trade_cost, china, axis=1)
    assert (others == 1.0).all()  # no importer but China faces a change
    semi = sectors.index("SEMI")
    year = TRADE_YEARS.index(2021)
    # sigma = Huawei's SEMI purchases (sized on $70B, $11B from US firms) / China's SEMI purchases;
    # the US-made lines are blocked from May 2019 but for the quarter licensed from 20 November 2019, and
    # Honor (sold 17 Nov 2020) buys 0.22 of the consumer business's US lines unblocked: in 2021
    # s = 0.75 sigma (1 - 0.22 h), h the handsets' part of Huawei's US-made SEMI purchases, and
    # kappa = (1 - s)^(-1/theta).
    d = huawei()[1].data.sel(vendor="huawei")
    semi_lines = d["baseline_sales"].where(d["trade_sector"] == "SEMI", 0.0)
    purchases = float((semi_lines / d["period_years"]).isel(time=0).sum())  # USD per year
    us_semi = semi_lines.where(d["made_in"] == "USA", 0.0).isel(time=0)
    handsets = us_semi.where(d["supplier_class"].str.startswith("handset"), 0.0)
    h = float(handsets.sum() / us_semi.sum())
    trade = world.trade
    bought = (
        float(
            (
                trade["expenditure"].sel(country="CHN", sector="SEMI")
                * (
                    trade["trade_share"].sel(importer="CHN", sector="SEMI")
                    / (1 + trade["tariff"].sel(importer="CHN", sector="SEMI"))
                )
            ).sum()
        )
        * 1e6
    )
    sigma = purchases / bought
    theta = float(trade["theta"].sel(sector="SEMI"))
    expected = (1 - 0.75 * sigma * (1 - 0.22 * h)) ** (-1 / theta)
    assert effects.trade_cost[year, china, usa, semi] == pytest.approx(expected, rel=1e-9)
    assert 0.2 < sigma < 0.5
    assert any("each business's own bill of materials" in note for note in notes)


def test_huawei_case_shocks_chinas_telecom_equipment_while_output_is_short() -> None:
    world, supply, effects, _ = huawei()
    china, teleq = world.trade.countries.index("CHN"), world.trade.sectors.index("TELEQ")
    path = effects.productivity[:, china, teleq]
    yearly = supply.yearly().sel(vendor="huawei")
    lowest = TRADE_YEARS.index(int(yearly["feasible_output"].sel(year=slice(2020, 2035)).idxmin()))
    assert path[lowest] == path.min() < 0.9
    assert (np.delete(effects.productivity, china, axis=1) == 1.0).all()


def test_no_control_no_trade_effect() -> None:
    world = load_world()
    supply = simulate_supply(world.network, [], world.supply_parameters, PERIODS)
    assert control_effects(world, [], supply, TRADE_YEARS, []) is None
    d = supply.data
    assert float(abs(d["blocked_sales"]).max()) == 0.0
    assert bool((d["sales"] == d["baseline_sales"]).all())


def control(issuers: list[str], start: date = date(2020, 1, 1)) -> ExportControl:
    return ExportControl(
        name="control", issuers=issuers, target_vendors=["huawei"], start=start, reach=["coalition-made"]
    )


def test_a_control_never_raises_the_targets_output_in_its_first_year() -> None:
    world = load_world()
    for issuers in (["USA"], ["USA", "JPN"], ["NLD"], ["KOR", "TWN"]):
        d = simulate_supply(world.network, [control(issuers)], world.supply_parameters, PERIODS).data
        first = d["feasible_output"].sel(vendor="huawei", time=slice("2020-01", "2020-12"))
        assert (first <= 1.0).all()


@pytest.mark.parametrize(("narrow", "wide"), [(["USA"], ["USA", "JPN"]), (["USA"], ["USA", "NLD", "KOR"])])
def test_a_wider_coalition_never_lowers_the_issuers_suppliers_losses(
    narrow: list[str], wide: list[str]
) -> None:
    world = load_world()
    changes = [
        simulate_supply(world.network, [control(issuers)], world.supply_parameters, PERIODS)
        .sales_change("country")
        .sel(country="USA")
        for issuers in (narrow, wide)
    ]
    assert (changes[1] <= changes[0] + 1e-6).all()
    assert float(changes[0].sum()) < -1e9  # US firms lose billions once Huawei is sized on its purchases


def test_with_no_substitution_the_target_never_catches_up() -> None:
    world = load_world()
    params = supply_parameters({"supply.substitution_ceiling": 0.0})
    d = simulate_supply(world.network, [control(["USA"])], params, PERIODS).data
    output = d["feasible_output"].sel(vendor="huawei")
    short = output.where(output < 1.0 - 1e-9, drop=True)
    assert short.size > 0
    after = output.sel(time=slice(short["time"].values[0], None))
    assert (after < 1.0 - 1e-9).all()


def test_whole_business_by_hand() -> None:
    """Vendor a of the small network buys chip U 15 (USA), chip T 10 and box K 25 a year on its RAN need.
    Reported: 30 from US firms, 100 in all; T's revenue from a is 30. US lines x2 (U 30); the rest x2
    (T 20, K 50); then T is set to 30 and K rescaled to keep the rest at 70 (K 40)."""
    network = replace(
        small_network(),
        purchases={("a", "USA"): 30.0, ("a", "WLD"): 100.0},
        firm_purchases={("a", "T"): 30.0},
    )
    need, base = network.whole_business(np.full((2, 2), 25.0))
    np.testing.assert_allclose(base[0], [30.0, 30.0, 40.0])
    np.testing.assert_allclose(need[0], [60.0, 40.0])
    np.testing.assert_allclose(base[1], [15.0, 10.0, 25.0])  # b reports nothing: its RAN need


def test_net_sales_change_counts_the_rivals_gains() -> None:
    world = load_world()
    outcome = run_scenario(world, load_scenario("us-huawei-2019-2020"))
    region_of = registry.region_of_country(world.trade.countries)
    engine = outcome.supply.sales_change(by="country").sum("year").to_series() / 1e9
    gross = (
        engine.groupby(lambda code: region_of.get(str(code), str(code)))
        .sum()
        .reindex(world.trade.countries, fill_value=0.0)
    )
    net = who_pays(outcome)["supplier_sales_change"]
    # Ericsson's and Nokia's home suppliers (in-house software) gain only through their vendors' share.
    assert gross["SWE"] == 0.0
    assert net["SWE"] > 0.0
    assert net["FIN"] > 0.0
    # US firms sell to every vendor: net losses are smaller than gross, but still tens of billions.
    assert gross["USA"] < net["USA"] < -50.0
    baseline = who_pays(run_scenario(world, load_scenario("coordinated")))
    assert (baseline["supplier_sales_change"] == 0.0).all()


def test_design_out_raises_only_the_issuers_flows() -> None:
    world, supply, effects, _ = huawei()
    designed = scenario_world(world, load_scenario("us-huawei-2019-2020"), {"supply.design_out": 0.3})
    inputs = translate(load_scenario("us-huawei-2019-2020"), designed.model)
    more = control_effects(designed, inputs.supply_controls, supply, TRADE_YEARS, [])
    assert more is not None
    regions = world.trade.countries
    usa = regions.index("USA")
    assert (more.trade_cost >= effects.trade_cost - 1e-12).all()
    assert (more.trade_cost[:, :, usa] > effects.trade_cost[:, :, usa]).any()
    others = [i for i in range(len(regions)) if i != usa]
    np.testing.assert_array_equal(more.trade_cost[:, :, others], effects.trade_cost[:, :, others])
    np.testing.assert_array_equal(more.productivity, effects.productivity)


def test_consumer_business_shocks_other_electronics_and_business_revenue_follows_output() -> None:
    world, supply, effects, notes = huawei()
    china = world.trade.countries.index("CHN")
    oelec = world.trade.sectors.index("OELEC")
    yearly = supply.yearly().sel(vendor="huawei")
    # omega = Huawei's consumer revenue 2019 (CNY 467.3B, about $66.9B) over China's OELEC output, of which
    # it keeps 0.78 from the sale of Honor (17 Nov 2020), whose part no measure reaches.
    consumer = world.network.business_revenue[("huawei", "consumer")]
    assert consumer == pytest.approx(467.3 * 122.9 / 858.8 * 1e9, rel=1e-9)
    omega = consumer / (float(world.sector_gross_output.sel(country="CHN", sector="OELEC")) * 1e9)
    k = TRADE_YEARS.index(2022)
    f, c = (
        float(yearly["bill_output"].sel(bill="consumer", year=2022)),
        float(yearly["bill_cost_multiplier"].sel(bill="consumer", year=2022)),
    )
    assert effects.productivity[k, china, oelec] == pytest.approx(1 - 0.78 * omega * (1 - f / c), rel=1e-9)
    assert any("OELEC by that business's share" in note for note in notes)
    revenue = target_business_revenue(world.network, supply)
    assert float(revenue["without"].sel(vendor="huawei", business="carrier", year=2022)) == pytest.approx(
        296.7 * 122.9 / 858.8 * 1e9, rel=1e-9
    )
    ratio = revenue["with"] / revenue["without"]
    # the enterprise business buys the base station's bill (the carrier business's), the consumer
    # business the handset's
    np.testing.assert_allclose(
        ratio.sel(vendor="huawei", business="enterprise").values, yearly["feasible_output"].values
    )
    # times the part Huawei keeps: all of it to 17 Nov 2020, 0.78 from then (2020: 0.78 for 45 of 366 days)
    kept = np.where(ratio["year"].values < 2020, 1.0, 0.78)
    kept[ratio["year"].values == 2020] = 1.0 - 0.22 * 45 / 366
    np.testing.assert_allclose(
        ratio.sel(vendor="huawei", business="consumer").values,
        yearly["bill_output"].sel(bill="consumer").values * kept,
        rtol=1e-9,
    )


FAST_CHEAP = {
    "supply.substitute_cost_floor": 0.7,
    "supply.learning_rate": 0.25,
    "supply.investment_scale": 2.0,
}


def export_effects(share: float) -> tuple[World, SupplyResult, ControlEffects, tuple[str, ...]]:
    scenario = load_scenario("us-huawei-2019-2020")
    values = {**FAST_CHEAP, "supply.substitute_export_share": share}
    world = scenario_world(load_world(), scenario, values)
    supply = scenario_supply(load_world(), scenario, values=values)
    notes: list[str] = []
    inputs = translate(scenario, world.model)
    effects = control_effects(world, inputs.supply_controls, supply, TRADE_YEARS, notes)
    assert effects is not None
    return world, supply, effects, tuple(notes)


def test_substitutes_sold_abroad_raise_chinas_chip_sector_tfp() -> None:
    world, supply, effects, notes = export_effects(0.3)
    china, semi = world.trade.countries.index("CHN"), world.trade.sectors.index("SEMI")
    d = supply.data.sel(vendor="huawei")
    chips = d["component_class"].isin(
        [c for c, s in zip(world.network.classes, world.network.class_sector, strict=True) if s == "SEMI"]
    )
    sold = d["substitute_exports"].where(chips, 0.0).sum("component_class").groupby("year").sum()
    saved = (-d["substitute_premium"] * d["substitute_exports"]).where(chips, 0.0)
    saved = saved.sum("component_class").groupby("year").sum()
    output = float(world.sector_gross_output.sel(country="CHN", sector="SEMI")) * 1e9
    k = TRADE_YEARS.index(2030)
    exports, saving = float(sold.sel(year=2030)), float(saved.sel(year=2030))
    assert exports > 1e8  # cheaper substitutes sell hundreds of millions a year
    assert saving > 0.0
    expected = 1.0 - exports / output * (1.0 - 1.0 / (1.0 - saving / exports))
    assert effects.productivity[k, china, semi] == pytest.approx(expected, rel=1e-9)
    assert effects.productivity[k, china, semi] > 1.0
    assert any("substitutes sold to the other vendors" in note for note in notes)
    assert not any("supply layer only" in note for note in notes)
    # without exports China's chip sector is not shocked at all (the controls shock only its vendor's)
    _, _, without, _ = export_effects(0.0)
    assert (without.productivity[:, china, semi] == 1.0).all()


def test_control_effects_yearly_sums_are_xarrays_group_by_sums_to_the_bit() -> None:
    # the sums over each year's periods are made on NumPy, in the order xarray's group-bys add them
    _, supply, _, _ = huawei()
    d = supply.data.sel(vendor="huawei")
    blocked, base, annual = controls._sales_by_year(supply, "huawei", TRADE_YEARS)
    for name, sums in (("blocked_sales", blocked), ("baseline_sales", base)):
        labelled = d[name].groupby("year").sum().sel(year=list(TRADE_YEARS))
        np.testing.assert_array_equal(sums, labelled.transpose("supplier", "year").values)
    np.testing.assert_array_equal(annual, (d["baseline_sales"] / d["period_years"]).isel(time=0).values)
    assert blocked[:, TRADE_YEARS.index(2021)].sum() > 0.0
