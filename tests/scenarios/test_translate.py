"""Scenarios into engine inputs: trade shocks worked by hand; supply measures equal to the engine's case."""

import datetime as dt

import pytest
import xarray as xr

from gotogether.data import registry
from gotogether.engines.supply import ExportControl
from gotogether.engines.trade import TradeBaseline, TradeShock
from gotogether.errors import InputError
from gotogether.pipeline.parameters import supply_parameters, trade_solver_options
from gotogether.scenarios import Scenario, ScenarioError, load_scenario, parse_scenario
from gotogether.scenarios.inputs import ModelWorld
from gotogether.scenarios.translate import translate
from gotogether.testing.worlds import small_model_world

REGIONS = ["CHN", "USA", "DEU", "REU", "ROW"]
SECTORS = ["ELEC", "TELE", "AGR"]


def toy_world(regions: list[str]) -> ModelWorld:
    return small_model_world(regions, SECTORS)


@pytest.fixture(scope="module")
def world() -> ModelWorld:
    return toy_world(REGIONS)


@pytest.fixture(scope="module")
def baseline(world: ModelWorld) -> TradeBaseline:
    return world.trade


def trade_shock(s: Scenario, world: ModelWorld, year: int) -> TradeShock:
    return translate(s, world).trade_shock(year)


def supply_measures(s: Scenario) -> list[ExportControl]:
    return translate(s, toy_world(REGIONS)).supply_controls


def scenario(measures: str, extra: str = "") -> Scenario:
    return parse_scenario(f"name: t\n{extra}measures:\n{measures}".encode())


def test_tariffs_rate_change_reciprocal_and_years(world: ModelWorld, baseline: TradeBaseline) -> None:
    s = scenario(
        "  - {type: tariff, importers: USA, exporters: CHN, sectors: TELE, rate: 0.25,"
        " start_year: 2019}\n"
        "  - {type: tariff, importers: USA, exporters: CHN, sectors: TELE, change: 0.05,"
        " start_year: 2020}\n"
        "  - {type: tariff, importers: DEU, exporters: CHN, change: 0.1, reciprocal: true, start_year: 2019,"
        " end_year: 2019}\n"
    )
    before = baseline["tariff"]
    in_2019 = trade_shock(s, world, 2019).tariff
    in_2020 = trade_shock(s, world, 2020).tariff
    assert in_2019 is not None
    assert in_2020 is not None
    cell = {"importer": "USA", "exporter": "CHN", "sector": "TELE"}
    assert float(in_2019.sel(cell)) == 0.25
    assert float(in_2020.sel(cell)) == pytest.approx(0.30)
    for pair in (("DEU", "CHN"), ("CHN", "DEU")):
        where = {"importer": pair[0], "exporter": pair[1], "sector": "AGR"}
        assert float(in_2019.sel(where)) == pytest.approx(float(before.sel(where)) + 0.1)
        assert float(in_2020.sel(where)) == pytest.approx(float(before.sel(where)))
    untouched = {"importer": "CHN", "exporter": "USA"}
    xr.testing.assert_equal(in_2019.sel(untouched), before.sel(untouched))


def test_bloc_decoupling_and_barriers_compound(world: ModelWorld, baseline: TradeBaseline) -> None:
    s = scenario(
        "  - {type: bloc-decoupling, blocs: [west, east], barrier: 0.2, start_year: 2021}\n"
        "  - {type: trade-barrier, importers: USA, exporters: CHN, sectors: TELE, cost_change: 0.5,"
        " start_year: 2021}\n",
        extra="blocs:\n  west: [USA, DEU, REU]\n  east: [CHN]\n",
    )
    cost = trade_shock(s, world, 2021).trade_cost
    assert cost is not None
    assert float(cost.sel(importer="USA", exporter="CHN", sector="TELE")) == pytest.approx(1.2 * 1.5)
    assert float(cost.sel(importer="CHN", exporter="REU", sector="AGR")) == pytest.approx(1.2)
    assert float(cost.sel(importer="USA", exporter="DEU", sector="TELE")) == 1.0  # same bloc
    assert float(cost.sel(importer="ROW", exporter="CHN", sector="TELE")) == 1.0  # ROW is in no bloc
    before = trade_shock(s, world, 2020).trade_cost
    assert before is not None
    assert float(before.max()) == 1.0


def test_productivity_and_the_library_tariff_war_in_a_model_world(
    world: ModelWorld, baseline: TradeBaseline
) -> None:
    s = scenario(
        "  - {type: productivity-shock, countries: CHN, sectors: TELE, size: -0.1, start_year: 2025}\n"
    )
    productivity = trade_shock(s, world, 2025).productivity
    assert productivity is not None
    assert float(productivity.sel(country="CHN", sector="TELE")) == pytest.approx(0.9)
    assert float(productivity.sum()) == pytest.approx(len(REGIONS) * len(SECTORS) - 0.1)
    # This toy world has three sectors; the library's tariff war names sectors it lacks.
    with pytest.raises(
        InputError,
        match="MACH, SEMI, TELEQ, OELEC, TREQ, CHEM, PETRO, MINER, METAL, MANUF not a sector of the model",
    ):
        trade_shock(load_scenario("tariff-war"), world, 2019)


def test_countries_outside_the_model_world_are_named() -> None:
    s = scenario("  - {type: tariff, importers: FRA, exporters: CHN, rate: 0.1, start_year: 2019}\n")
    with pytest.raises(InputError, match="FRA is neither a region of the model world nor a member") as caught:
        trade_shock(s, toy_world(["CHN", "USA", "DEU"]), 2019)
    assert caught.value.location == "importers"


def test_members_of_an_aggregate_act_on_it_by_their_gdp_share(world: ModelWorld) -> None:
    s = scenario("  - {type: tariff, importers: [FRA, ITA], exporters: CHN, rate: 0.1, start_year: 2019}\n")
    inputs = translate(s, world)
    gdp = registry.gdp_2019()
    rest_of_eu = [c for c, region in world.region_of.items() if region == "REU"]
    weight = (gdp["FRA"] + gdp["ITA"]) / sum(gdp[c] for c in rest_of_eu)  # DEU is a region of its own
    assert 0.1 < weight < 0.5
    tariff = inputs.trade_shock(2019).tariff
    assert tariff is not None
    cell = {"importer": "REU", "exporter": "CHN", "sector": "AGR"}
    before = float(world.trade["tariff"].sel(cell))
    assert float(tariff.sel(cell)) == pytest.approx(before + weight * (0.1 - before), rel=1e-12)
    (note,) = inputs.notes
    assert f"FRA, ITA -> REU (weight {weight:.3f})" in note


def test_trade_solver_options() -> None:
    s = parse_scenario(b"name: t\nparameters: {trade.tolerance: 1e-12, trade.max_iterations: 50}\n")
    assert trade_solver_options(s.parameters) == {
        "tolerance": 1e-12,
        "step_tolerance": 1e-8,
        "max_iterations": 50,
    }


def test_us_huawei_library_scenario_translates_to_the_documented_supply_measures() -> None:
    scenario_ = load_scenario("us-huawei-2019-2020")
    measures = supply_measures(scenario_)
    assert [m.reach for m in measures] == [
        ["coalition-made", "de-minimis"],
        ["coalition-made", "de-minimis", "foreign-direct-product"],
        ["coalition-made", "de-minimis", "foreign-direct-product"],
    ]
    assert measures[1].licences[0].end == dt.date(2020, 9, 15)
    assert measures[0].target_vendors == ["huawei"]
    # Reach over time: the Entity List and the May 2020 rule spare US firms' plants abroad; the stock is
    # bought from December 2018; a quarter of US firms' supply is licensed from 20 November 2019 under
    # every rule.
    assert [m.plants_abroad for m in measures] == [False, False, True]
    assert measures[0].stockpile_from == dt.date(2018, 12, 1)
    licensed = [lic.share for m in measures for lic in m.licences if lic.firms and "Intel" in lic.firms]
    assert licensed == [0.25] * 3
    params = supply_parameters(scenario_.parameters)
    assert params == supply_parameters({}).model_copy(
        update={
            "inventory_months": 9.0,
            "class_inventory_months": {"handset_processor": 4.3, "baseband_soc": 16.0},
        }
    )


def test_supply_codes_joins_and_licence_classes() -> None:
    s = scenario(
        "  - type: export-control\n    issuers: [USA]\n    target_vendors: ZTE\n"
        "    item_classes: [rf-frontend, other-hw]\n"
        "    start: 2018-04-16\n    end: 2018-07-13\n    reach: coalition-made\n"
        "    licences: [{item_classes: software, share: 0.5}]\n"
        "    joining: [{countries: [JPN, NLD], start: 2018-06-01}]\n"
    )
    (control,) = supply_measures(s)
    assert control.item_classes == ["rf_frontend_pa", "other"]
    assert control.licences[0].item_classes == ["software"]
    assert [(join.country, join.date) for join in control.joins] == [
        ("JPN", dt.date(2018, 6, 1)),
        ("NLD", dt.date(2018, 6, 1)),
    ]


def test_bloc_names_stand_for_their_members_wherever_countries_are_listed() -> None:
    s = scenario(
        "  - {type: vendor-ban, countries: eu27, vendors: Huawei, start: 2021-01-01}\n"
        "  - {type: tariff, importers: [north, JPN], exporters: CHN, change: 0.1, start_year: 2021}\n"
        "  - type: export-control\n    issuers: [north]\n    target_vendors: Huawei\n"
        "    start: 2020-01-01\n    reach: coalition-made\n"
        "    joining: [{countries: eu27, start: 2020-06-01}]\n",
        extra="blocs:\n  north: [USA, CAN, USA]\n",
    )
    ban, tariff, control = s.measures
    eu27 = list(registry.bloc_members()["eu27"])
    assert ban.countries == eu27  # type: ignore[attr-defined]
    assert tariff.importers == ["USA", "CAN", "JPN"]  # type: ignore[attr-defined]
    assert control.issuers == ["USA", "CAN"]  # type: ignore[attr-defined]
    assert control.joining[0].countries == eu27  # type: ignore[attr-defined]


def test_an_unknown_bloc_or_country_is_named() -> None:
    with pytest.raises(ScenarioError, match=r"unknown country code 'nort'.*or a bloc name"):
        scenario("  - {type: vendor-ban, countries: nort, vendors: Huawei, start: 2021-01-01}\n")


def test_a_members_ban_is_a_sub_market_of_its_region_in_the_rollout(world: ModelWorld) -> None:
    s = scenario("  - {type: vendor-ban, countries: eu27, vendors: [Huawei, ZTE], start: 2021-01-01}\n")
    inputs = translate(s, world)
    weights = {tuple(ban.countries): ban.weight for ban in inputs.bans}
    assert 0.0 < weights[("ROW",)] < 0.01  # Croatia, outside the WIOD table's EU, in the rest of the world
    assert any("sub-market of ROW" in note for note in inputs.notes)


def test_a_members_sub_market_has_their_own_people_and_envelope_per_person(world: ModelWorld) -> None:
    # Croatia bans alone: its sub-market of ROW has its 3,949,390 people (World Bank 2019) and ROW's
    # envelope per person times its GDP per person over ROW's ($61.87bn / 3.95M = $15,665 a person, more
    # than ROW's members' mean), an assumption stated in a note
    s = scenario("  - {type: vendor-ban, countries: HRV, vendors: [Huawei, ZTE], start: 2021-01-01}\n")
    inputs = translate(s, world)
    (ban,) = inputs.bans
    members = ban.members["ROW"]
    assert members.population == 3_949_390
    gdp, people = registry.gdp_2019(), registry.population_2019()
    rest = [code for code, region in world.region_of.items() if region == "ROW" and code != "ROW"]
    known = [code for code in rest if code in gdp and code in people]
    region_income = sum(gdp[code] for code in known) / sum(people[code] for code in known)
    assert members.capex_ratio == pytest.approx(gdp["HRV"] / people["HRV"] / region_income, rel=1e-12)
    assert members.capex_ratio > 1.0
    assert members.lte_site_density is None  # no 4G count for Croatia: ROW's
    assert any("3.95 million people" in note and "an assumption" in note for note in inputs.notes)
