"""Registries: the shipped CSVs, case-insensitive lookups and close-match suggestions."""

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from gotogether.data import registry
from gotogether.errors import InputError

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


@pytest.mark.parametrize(
    ("table", "column", "row", "cell", "message"),
    [
        ("countries", "code", 3, "usa", r"row 3, column code: 'usa' is not allowed \(expected one of an ISO"),
        (
            "countries",
            "eu27",
            2,
            "yes",
            r"row 2, column eu27: unknown eu27 'yes' \(expected one of false, true",
        ),
        ("blocs", "country", 4, "XXY", r"row 4, column country: unknown country 'XXY'"),
        ("vendors", "home_country", 2, "", r"row 2, column home_country: empty cell"),
        (
            "component_classes",
            "supply_code",
            5,
            "Memory",
            r"row 5, column supply_code: 'Memory' is not allowed",
        ),
        ("gdp_2019", "gdp_usd_bn", 6, "-1.5", r"row 6, column gdp_usd_bn: -1.5 is below the minimum"),
        ("gdp_2019", "year", 2, "2019.5", r"row 2, column year: '2019.5' is not a whole number"),
    ],
)
def test_a_bad_cell_in_a_registry_table_is_named(
    table: str, column: str, row: int, cell: str, message: str
) -> None:
    """Issue 19: every registry table is checked against ``schema.csv`` (pandera), errors naming file, row
    (header = row 1) and column."""
    frame = registry.read_registry(table).astype(str)
    frame.loc[row - 2, column] = cell
    with pytest.raises(InputError, match=message) as error:
        registry.validate_registry(table, frame, source=f"my/{table}.csv")
    assert str(error.value).startswith(f"my/{table}.csv, row {row}, column {column}: ")


def test_every_shipped_registry_table_has_a_schema_and_passes_it() -> None:
    shipped = {path.stem for path in (ROOT / "src/gotogether/data/registry").glob("*.csv")} - {"schema"}
    assert {spec["table"] for spec in registry._schema()} == shipped
    for table in shipped:
        assert len(registry.read_registry(table)) > 0
