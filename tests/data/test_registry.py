"""Registries: the shipped CSVs, case-insensitive lookups and close-match suggestions."""

import importlib.util
from pathlib import Path

import pandas as pd

from gotogether.data import registry

ROOT = Path(__file__).resolve().parents[2]


def test_country_registry_is_reproduced_by_its_build_script() -> None:
    spec = importlib.util.spec_from_file_location("build", ROOT / "scripts/build_country_registry.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shipped = registry.read_registry("countries")
    pd.testing.assert_frame_equal(module.country_table().reset_index(drop=True), shipped)


def test_country_registry_content() -> None:
    table = registry.read_registry("countries").set_index("code")
    assert table.loc["TWN", "name"] == "Taiwan"
    assert table.loc["NAM", "name"] == "Namibia"  # ISO2 "NA" must not turn into a missing value
    assert (table["eu27"] == "true").sum() == 27
    assert table.loc[["REU", "ROW"], "kind"].tolist() == ["aggregate", "aggregate"]
    assert table.index.is_unique


def test_lookup_is_case_insensitive_and_canonical() -> None:
    assert registry.countries().canonical(" deu ") == "DEU"
    assert registry.vendors().canonical("zte") == "ZTE"
    assert registry.sectors().canonical("tele") == "TELE"
    assert registry.countries().canonical("XXX") is None


def test_unknown_codes_get_close_matches() -> None:
    assert registry.countries().suggestions("USX")[0] == "USA"
    assert registry.countries().suggestions("Germany") == ["DEU"]  # by name
    assert registry.vendors().unknown("Huwei") == "unknown vendor 'Huwei'; did you mean 'Huawei'?"
    assert registry.component_classes().suggestions("fgpa") == ["fpga"]
    assert registry.sectors().unknown("zzzz") == "unknown sector code 'zzzz'"
    assert "did you mean 'SEMI'" in registry.sectors().unknown("SEMIS")
    assert "did you mean 'TELEQ'" in registry.sectors().unknown("Telecom and network equipment")


def test_blocs_and_sectors() -> None:
    blocs = registry.bloc_members()
    assert set(blocs["five-eyes"]) == {"AUS", "CAN", "GBR", "NZL", "USA"}
    assert not set(blocs["us-aligned"]) & set(blocs["china-aligned"])
    known = set(registry.countries().codes)
    assert all(set(members) <= known for members in blocs.values())
    assert len(registry.sectors().codes) == 27  # the 2019 world
    assert {"SEMI", "TELEQ", "OELEC", "TELE"} <= set(registry.sectors().codes)


def test_region_of_country_paints_aggregates() -> None:
    mapping = registry.region_of_country(["CHN", "DEU", "REU", "ROW"])
    assert mapping["DEU"] == "DEU"
    assert mapping["FRA"] == "REU"
    assert mapping["BRA"] == "ROW"
    assert "REU" not in mapping
    assert mapping["HRV"] == "ROW"  # an EU member since 2013, not a WIOD country: in the rest of the world
    assert sum(region == "REU" for region in mapping.values()) == 25
    assert "FRA" not in registry.region_of_country(["CHN"])
