"""Who pays in one currency: the channels sum to the total, roles follow the measures, firms beside
countries."""

from functools import cache

import numpy as np
import pytest
import xarray as xr

from gotogether.pipeline import load_world, run_scenario
from gotogether.pipeline.accounting import discount_factors, equivalent_variation, peak, present_value
from gotogether.pipeline.capital import CROWDING_OUT, PRICE_LEVEL_2020, extra_investment
from gotogether.pipeline.run import CAPEX_DISPLACED, References, ScenarioOutcome
from gotogether.pipeline.who_pays import (
    CHANNELS,
    YEARS,
    _by_region,
    accounts,
    firms,
    ledger,
    roles,
    totals_by_role,
    who_pays,
)
from gotogether.pipeline.world import World
from gotogether.scenarios import builtin_names, load_scenario, parse_scenario

LIBRARY = builtin_names()


@cache
def _world() -> tuple[World, References]:
    return load_world(), {}


@cache
def outcome(name: str) -> ScenarioOutcome:
    world, references = _world()
    return run_scenario(world, load_scenario(name), references=references)


def test_present_value_by_hand() -> None:
    flows = xr.DataArray(
        [[100.0, 110.0, 121.0]], dims=("country", "year"), coords={"year": [2019, 2020, 2021]}
    )
    # at 10 % each year is worth 100 in 2019
    np.testing.assert_allclose(present_value(flows, 0.10, 2019).values, [300.0], rtol=1e-12)
    np.testing.assert_allclose(present_value(flows, 0.0, 2019).values, [331.0], rtol=1e-12)
    factors = discount_factors(flows["year"], 0.035, 2019)
    np.testing.assert_allclose(factors.values, [1.0, 1 / 1.035, 1 / 1.035**2], rtol=1e-12)


def test_equivalent_variation_and_peak_by_hand() -> None:
    welfare = xr.DataArray([0.99, 1.0, 1.02], dims="year", coords={"year": [2020, 2021, 2022]})
    income = xr.DataArray([200.0, 210.0, 220.0], dims="year", coords={"year": [2020, 2021, 2022]})
    ev = equivalent_variation(welfare, income)
    np.testing.assert_allclose(ev.values, [-2.0, 0.0, 4.4], atol=1e-12)
    year, value = peak(ev.values, [2020, 2021, 2022])
    assert int(year) == 2022
    assert float(value) == pytest.approx(4.4)
    # by country: the first year on ties, and the first year when every flow is zero
    years, values = peak(np.array([[1.0, -3.0, 3.0], [0.0, 0.0, 0.0]]), [2020, 2021, 2022])
    np.testing.assert_array_equal(years, [2021, 2020])
    np.testing.assert_array_equal(values, [-3.0, 0.0])


def test_sums_onto_regions_by_hand_and_as_xarray_groups_them() -> None:
    """Countries summed onto the model's regions on arrays (issue 20): by hand, and exactly what xarray's
    group sum (the former code) gives on random numbers."""
    codes = ["FRA", "DEU", "ITA", "USA", "NLD"]
    region_of = {"FRA": "REU", "ITA": "REU", "NLD": "REU"}
    change = xr.DataArray(
        [[1.0, 2.0], [10.0, 20.0], [100.0, np.nan], [0.5, 0.25], [1e-3, 1e-3]],
        dims=("country", "year"),
        coords={"country": codes, "year": [2020, 2021]},
    )
    summed = _by_region(change.values, codes, region_of, ["CHN", "DEU", "REU", "USA"])
    np.testing.assert_array_equal(summed, [[0.0, 0.0], [10.0, 20.0], [101.001, 2.001], [0.5, 0.25]])
    random = change.copy(data=np.random.default_rng(7).normal(size=change.shape) * 1e3)
    labels = [region_of.get(code, code) for code in codes]
    by_xarray = (
        random.assign_coords(country=labels)
        .groupby("country")
        .sum()
        .reindex(country=["CHN", "DEU", "REU", "USA"], fill_value=0.0)
    )
    np.testing.assert_array_equal(
        _by_region(random.values, codes, region_of, list(by_xarray["country"].values)), by_xarray.values
    )


@pytest.mark.parametrize("name", LIBRARY)
def test_the_channels_sum_to_the_total_for_every_library_scenario(name: str) -> None:
    result = outcome(name)
    ledger = accounts(result)
    parts = sum(ledger[channel] for channel in CHANNELS)
    np.testing.assert_allclose(parts.values, ledger["equivalent_variation"].values, rtol=0, atol=1e-9)
    table = who_pays(result)
    channels = table[[f"{channel}_pv" for channel in CHANNELS]].sum(axis=1)
    np.testing.assert_allclose(channels.to_numpy(), table["ev_pv"].to_numpy(), rtol=0, atol=1e-9)
    by_role = totals_by_role(table)
    np.testing.assert_allclose(
        by_role[[f"{c}_pv" for c in CHANNELS]].sum(axis=1), by_role["ev_pv"], rtol=0, atol=1e-9
    )
    assert by_role.loc["world", "ev_pv"] == pytest.approx(table["ev_pv"].sum(), abs=1e-9)
    assert set(table["role"]) <= {"issuer", "ally", "target", "third country"}
    for variable in ledger.data_vars.values():
        assert variable.attrs["units"]
        assert variable.attrs["long_name"]
    # the firms' value added is the countries' vendor and supplier channels, firm by firm
    countries = table[["vendor_value_added_pv", "supplier_value_added_pv"]].to_numpy().sum()
    assert firms(result)["value_added_pv"].sum() == pytest.approx(countries, abs=1e-9)


def test_the_coordinated_world_pays_nothing() -> None:
    table = who_pays(outcome("coordinated"))
    money = [column for column in table.columns if column.endswith("_pv") or column == "peak_ev"]
    assert float(table[money].abs().to_numpy().max()) < 1e-9
    assert (table["role"] == "third country").all()


def test_roles_follow_the_measures() -> None:
    world, _ = _world()
    regions = world.model
    decoupling = roles(load_scenario("tech-decoupling"), regions)
    assert decoupling["USA"] == "issuer"
    assert decoupling["CHN"] == "target"
    for ally in ("JPN", "KOR", "DEU", "GBR"):  # the US-aligned bloc
        assert decoupling[ally] == "ally", ally
    war = roles(load_scenario("tariff-war"), regions)
    assert (war["USA"], war["CHN"]) == ("issuer", "target")  # each side apart; China answers
    assert set(war.values()) == {"issuer", "target", "third country"}
    bans = roles(load_scenario("allied-bans"), regions)
    assert bans["USA"] == bans["GBR"] == bans["JPN"] == "issuer"
    assert bans["ROW"] == "third country"  # New Zealand bans, but it is 1.6 % of the rest of the world
    assert bans["DEU"] == "third country"  # Germany bans core and management only: not modelled
    assert bans["CHN"] == "target"
    assert roles(load_scenario("taiwan-disruption"), regions)["TWN"] == "target"


def test_a_coalition_member_joining_later_is_an_ally() -> None:
    world, _ = _world()
    scenario = parse_scenario(
        b"name: joined\nmeasures:\n  - type: export-control\n    issuers: USA\n    target_vendors: Huawei\n"
        b"    start: 2020-01-01\n    reach: coalition-made\n"
        b"    joining: [{countries: [NLD, JPN], start: 2023-01-01}]\n"
    )
    found = roles(scenario, world.model)
    assert (found["USA"], found["NLD"], found["JPN"], found["CHN"]) == ("issuer", "ally", "ally", "target")


def test_a_one_year_shock_shows_in_its_peak_year() -> None:
    table = who_pays(outcome("taiwan-disruption"))
    assert table.loc["TWN", "peak_year"] == 2025
    assert table.loc["TWN", "peak_ev"] < 0


def test_firms_stand_beside_countries_in_the_huawei_case() -> None:
    table = firms(outcome("us-huawei-2019-2020")).set_index("kind", append=True)
    assert table.loc[("huawei", "vendor"), "value_added_pv"] < 0
    assert table.loc[("ericsson", "vendor"), "value_added_pv"] > 0
    assert table.loc[("nokia", "vendor"), "value_added_pv"] > 0
    assert table.loc[("Xilinx", "supplier"), "value_added_pv"] < 0
    countries = who_pays(outcome("us-huawei-2019-2020"))
    # the target loses 5G value; the issuer's suppliers lose value added, the target's gain: SMIC's
    # listing holds Huawei's handsets, but Qualcomm's 4G licence keeps them at 0.557 of their size, so
    # its Chinese suppliers lose less than its substitutes gain (without the licence: -4.1 bn)
    assert countries.loc["CHN", "value_5g_pv"] < 0
    assert countries.loc["USA", "supplier_value_added_pv"] < 0
    assert countries.loc["CHN", "supplier_value_added_pv"] > 0


def test_a_higher_discount_rate_shrinks_present_values() -> None:
    world, references = _world()
    scenario = load_scenario("allied-bans")
    low = who_pays(
        run_scenario(world, scenario, values={"who_pays.discount_rate": 0.02}, references=references)
    )
    high = who_pays(
        run_scenario(world, scenario, values={"who_pays.discount_rate": 0.07}, references=references)
    )
    assert abs(high.loc["USA", "ev_pv"]) < abs(low.loc["USA", "ev_pv"])
    np.testing.assert_array_equal(high["peak_year"], low["peak_year"])


def test_a_disruption_pays_through_its_own_channel() -> None:
    # the Taiwan chip shock of 2025: its losses are the disruption channel (the scenario with it less
    # without it), not trade; scenarios without a disruption have none
    table = who_pays(outcome("taiwan-disruption"))
    assert table.loc["TWN", "disruption_pv"] < 0
    assert table["disruption_pv"].sum() < table["trade_pv"].sum()  # most of the loss is the disruption's
    ledger = accounts(outcome("taiwan-disruption"))
    assert float(abs(ledger["disruption"].sel(year=[2020, 2030])).max()) == 0.0  # only the years it hits
    assert (who_pays(outcome("tariff-war"))["disruption_pv"] == 0).all()


def test_a_dynamic_run_counts_the_displaced_capex_once() -> None:
    """Issue 16: with capital accumulated, the share c (``capital.crowding_out``) of the extra 5G capex
    displaces investment and costs the capital it would have built (in the trade engine's welfare change);
    who pays' capex channel keeps the rest, so the capex channel and the investment displaced add up to the
    extra capex once (a static run counts all of it in the capex channel), and the channels still sum to
    the total."""
    world, references = _world()
    scenario = load_scenario("allied-bans")
    static = ledger(outcome("allied-bans"))
    crowding_out = 0.6
    values = {"diffusion.dynamic": 1.0, CROWDING_OUT: crowding_out}
    run = run_scenario(world, scenario, values=values, references=references)
    dynamic = ledger(run)
    capex = list(CHANNELS).index("capex")
    extra = extra_investment(run.rollout, run.reference.rollout, world.parameters[PRICE_LEVEL_2020], YEARS)
    extra_capex = extra.reindex(country=dynamic.countries, fill_value=0.0).values
    assert float(extra_capex.sum()) > 10.0  # billions: the allied bans' rip-and-replace
    displaced = crowding_out * extra_capex
    np.testing.assert_allclose(-dynamic.channels[capex] + displaced, extra_capex, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(-static.channels[capex], extra_capex, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dynamic.channels.sum(axis=0), dynamic.equivalent_variation, rtol=0, atol=1e-9)
    table = who_pays(run, dynamic)
    channels = table[[f"{channel}_pv" for channel in CHANNELS]].sum(axis=1)
    np.testing.assert_allclose(channels.to_numpy(), table["ev_pv"].to_numpy(), rtol=0, atol=1e-9)
    assert CAPEX_DISPLACED in run.notes


def test_the_targets_substitutes_investment_is_a_cost_to_its_home_country() -> None:
    result = outcome("us-huawei-2019-2020")
    book = accounts(result)["substitute_investment"]
    yearly = result.supply.yearly()["substitute_investment"].sel(vendor="huawei")
    spent = yearly.sel(year=list(YEARS)).values / 1e9
    np.testing.assert_allclose(book.sel(country="CHN").values, -spent, rtol=1e-12, atol=0)
    assert spent.sum() > 5.0  # billions of US dollars
    assert not book.drop_sel(country="CHN").values.any()
    assert who_pays(result).loc["CHN", "substitute_investment_pv"] < 0
