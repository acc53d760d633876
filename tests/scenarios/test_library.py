"""The built-in library: every scenario loads, with the dates and deadlines of the facts file."""

import datetime as dt
from pathlib import Path

import pytest

from gotogether.scenarios import ExportControl, VendorBan, builtin_names, load_scenario
from gotogether.scenarios.measures import FoundryListing
from gotogether.scenarios.schema import SCHEMA_PATH, scenario_json_schema_text

LIBRARY = [
    "allied-bans",
    "coordinated",
    "taiwan-disruption",
    "tariff-war",
    "tech-decoupling",
    "us-huawei-2019-2020",
]


def test_library_names() -> None:
    assert builtin_names() == LIBRARY


@pytest.mark.parametrize("name", LIBRARY)
def test_every_builtin_loads_with_sources(name: str) -> None:
    scenario = load_scenario(name)
    assert scenario.name == name
    assert scenario.description
    assert scenario.sources
    assert all(source.url.startswith(("http://", "https://")) for source in scenario.sources)


def test_coordinated_is_the_empty_baseline() -> None:
    assert load_scenario("coordinated").measures == []


def test_us_huawei_dates() -> None:
    measures = load_scenario("us-huawei-2019-2020").measures
    assert all(
        m.target_vendors == ["Huawei"] for m in measures if isinstance(m, ExportControl | FoundryListing)
    )
    (smic,) = (m for m in measures if isinstance(m, FoundryListing))
    assert (smic.foundry, smic.start) == ("SMIC", dt.date(2020, 12, 18))
    assert smic.item_classes == ["baseband-soc", "handset-processor"]
    controls = [m for m in measures if isinstance(m, ExportControl)]
    assert [m.start for m in controls] == [dt.date(2019, 5, 16), dt.date(2020, 5, 15), dt.date(2020, 8, 17)]
    assert [m.reach for m in controls] == ["de-minimis", "foreign-direct-product", "foreign-direct-product"]
    assert controls[0].de_minimis_threshold == 0.25
    assert controls[1].licences[0].until == dt.date(2020, 9, 14)


def test_allied_bans_deadlines() -> None:
    bans = {m.label: m for m in load_scenario("allied-bans").measures if isinstance(m, VendorBan)}
    uk = bans["United Kingdom ban (Jul 2020)"]
    assert (uk.countries, uk.start, uk.rip_and_replace_by) == (
        ["GBR"],
        dt.date(2021, 1, 1),
        dt.date(2027, 12, 31),
    )
    sweden = bans["Sweden 2020"]
    assert (sweden.start, sweden.rip_and_replace_by) == (dt.date(2020, 10, 20), dt.date(2025, 1, 1))
    assert bans["United Kingdom cap (Jan 2020)"].cap == 0.35
    banning = {country for ban in bans.values() for country in ban.countries}
    assert banning == {"AUS", "NZL", "JPN", "USA", "GBR", "SWE", "CAN", "DEU"}


def test_tech_decoupling_inherits_the_us_measures() -> None:
    scenario = load_scenario("tech-decoupling")
    types = [m.type for m in scenario.measures]
    assert types == ["export-control"] * 3 + [
        "foundry-listing",
        "divestiture",
        "bloc-decoupling",
        "bloc-decoupling",
        "standards-split",
    ]
    assert scenario.inherits == "us-huawei-2019-2020"
    # sources accumulate along the chain: coordinated (2) + us-huawei (19 with SMIC's four, the three
    # of Qualcomm's 4G licence and the four of Honor's sale) + own (2)
    assert len(scenario.sources) == 23


def test_committed_json_schema_is_up_to_date() -> None:
    message = "regenerate: gotogether scenarios schema --out src/gotogether/scenarios/scenario.schema.json"
    assert SCHEMA_PATH.read_text(encoding="utf-8") == scenario_json_schema_text(), message


def test_a_built_in_is_read_once_per_process_and_a_user_file_each_time(tmp_path: Path) -> None:
    # built-ins are package files: the run's second read of a scenario is the first one's result
    assert load_scenario("tech-decoupling") is load_scenario("tech-decoupling")
    user_file = tmp_path / "mine.yaml"
    user_file.write_text("name: mine\ninherits: coordinated\ndescription: first\n", encoding="utf-8")
    first = load_scenario(user_file)
    user_file.write_text("name: mine\ninherits: coordinated\ndescription: second\n", encoding="utf-8")
    assert (first.description, load_scenario(user_file).description) == ("first", "second")
