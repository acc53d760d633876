"""The rollout parameter table: the packaged figures, and clear errors on a user's bad table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gotogether.data.parameters import parameter_table
from gotogether.data.rollout.tables import load_countries, load_operators, load_vendor_shares
from gotogether.data.valuenet import load_tables
from gotogether.errors import DataConsistencyError, InputError
from gotogether.pipeline.world import rollout_parameters

REGIONS = [
    "CHN",
    "USA",
    "JPN",
    "KOR",
    "TWN",
    "IND",
    "DEU",
    "FRA",
    "GBR",
    "ITA",
    "ESP",
    "NLD",
    "SWE",
    "FIN",
    "CAN",
    "MEX",
    "BRA",
    "RUS",
    "AUS",
    "IDN",
    "TUR",
    "REU",
    "ROW",
]


def _packaged() -> pd.DataFrame:
    return load_countries().astype(str).replace("nan", "")


def _write(frame: pd.DataFrame, tmp_path: Path) -> Path:
    path = tmp_path / "countries.csv"
    frame.to_csv(path, index=False)
    return path


def test_packaged_table_covers_the_default_world_with_sourced_figures() -> None:
    table = load_countries()
    assert sorted(set(table["country"])) == sorted(REGIONS)
    value = table.set_index(["country", "parameter"])["value"]
    # World Bank WDI 2019 populations; the regions add up to WDI's world total plus Taiwan
    assert value[("CHN", "population")] == 1_397_715_000
    assert value[("IDN", "population")] == 270_625_568
    total = table.loc[(table["parameter"] == "population") & (table["country"] != "TWN"), "value"].sum()
    assert total == 7_673_533_974
    # Deloitte 2018 densities and China's plan; China's installed site cost from its 2020 capex
    assert value[("JPN", "site_density")] == 17.4
    assert value[("CHN", "site_density")] == 26
    site_cost = parameter_table()["rollout.site_cost_2020"].default
    assert site_cost == pytest.approx(175.7e9 / 6.90 / 580_000, abs=1)
    # the capex envelopes add up to about GSMA's 5G share of operator capex ($1.1T over 2020-2025, 80% 5G)
    wide = table.pivot_table(index="country", columns="parameter", values="value", aggfunc="first")
    envelope = (wide["capex_per_capita"] * wide["population"]).sum()
    assert 0.7 < envelope / (1.1e12 / 6 * 0.8) < 1.1


def test_4g_grids_are_sourced_site_counts_over_population() -> None:
    # each sourced 4G grid is a count of one operator's 4G radio sites at 2019 over WDI's population
    table = load_countries().set_index(["country", "parameter"])
    population = table["value"].xs("population", level="parameter")
    grid = table.xs("lte_site_density", level="parameter")
    sourced = set(grid.index[grid["confidence"] != "assumption"])
    assert sourced == {"USA", "DEU", "FRA", "NLD", "CHN", "IND", "BRA", "GBR", "AUS", "KOR"}
    assert grid.loc["CHN", "source_date"] == "2020-02-27"
    assert "5.44 million 4G" in grid.loc["CHN", "source_title"]
    assert grid.loc["FRA", "source_url"].startswith("https://www.phonandroid.com/")

    def per_10000(country: str, sites: float) -> float:
        return float(sites / population[country] * 1e4)

    # France (ANFR, 1 January 2020): Orange, SFR, Bouygues Telecom and Free's 4G sites in service
    france_sites = 20_938 + 18_342 + 17_896 + 14_825
    assert france_sites == 72_001
    assert grid.loc["FRA", "value"] == pytest.approx(per_10000("FRA", france_sites), abs=0.005)
    # China (MIIT, end-2019): 5.44 million 4G base stations over 1,397.7 million people
    assert grid.loc["CHN", "value"] == pytest.approx(per_10000("CHN", 5_440_000), abs=0.005)
    # India (DoT, 1 June 2019): 1,262,841 4G BTS
    assert grid.loc["IND", "value"] == pytest.approx(per_10000("IND", 1_262_841), abs=0.005)
    # Brazil: 90% (assumption) of the 94,388 base stations (ERBs) of May 2019 carry 4G
    assert grid.loc["BRA", "value"] == pytest.approx(per_10000("BRA", 0.9 * 94_388), abs=0.005)
    # the Netherlands (Antennebureau, end-2019): 17,992 LTE antenna installations
    assert grid.loc["NLD", "value"] == pytest.approx(per_10000("NLD", 17_992), abs=0.005)
    # the UK (Mobile News, 2015): EE and Three each on MBNL's 17,000 masts, O2 and Vodafone once on
    # Cornerstone's 18,000 sites; the range counts each shared grid once (35,000) to each operator on each
    # (70,000)
    assert grid.loc["GBR", "value"] == pytest.approx(per_10000("GBR", 2 * 17_000 + 18_000), abs=0.005)
    assert grid.loc["GBR", "low"] == pytest.approx(per_10000("GBR", 17_000 + 18_000), abs=0.005)
    assert grid.loc["GBR", "high"] == pytest.approx(per_10000("GBR", 2 * (17_000 + 18_000)), abs=0.005)
    # Australia (Telstra, 2019): Telstra's 10,000 sites and the rivals' as many (assumption; 0.6-1.5 times)
    assert grid.loc["AUS", "value"] == pytest.approx(per_10000("AUS", 2 * 10_000), abs=0.005)
    assert grid.loc["AUS", "low"] == pytest.approx(per_10000("AUS", 1.6 * 10_000), abs=0.005)
    assert grid.loc["AUS", "high"] == pytest.approx(per_10000("AUS", 2.5 * 10_000), abs=0.005)
    # Korea (MSIP, 1 July 2014, registered by place and band): each operator's larger band count; the
    # high end counts every registration (both bands) as a place
    assert grid.loc["KOR", "value"] == pytest.approx(per_10000("KOR", 109_334 + 107_097 + 108_905), abs=0.005)
    both_bands = 63_885 + 109_334 + 107_097 + 18_999 + 37_619 + 108_905
    assert both_bands == 445_839
    assert grid.loc["KOR", "high"] == pytest.approx(per_10000("KOR", both_bands), abs=0.005)
    # Japan (branch japan13): the analogy inside the bracket of Japan's own counts. Floor: the operators'
    # counts of March 2013 (SoftBank 190,000, Docomo and KDDI about 100,000 each, AXGP 25,000), the low end
    # with SoftBank's at its rivals' 100,000; ceiling: MIC's 2019 survey, 22,139 base stations in Shikoku
    # over about 3.72 million people, each licence a place
    assert per_10000("JPN", 190_000 + 2 * 100_000 + 25_000) == pytest.approx(32.77, abs=0.005)
    assert grid.loc["JPN", "low"] == pytest.approx(per_10000("JPN", 3 * 100_000 + 25_000), abs=0.005)
    assert grid.loc["JPN", "high"] == pytest.approx(22_139 / 3.72e6 * 1e4, abs=0.05)
    assert grid.loc["JPN", "value"] == 44.61
    # every range holds its value
    assert ((grid["low"] <= grid["value"]) & (grid["value"] <= grid["high"])).all()


def test_china_incumbency_is_derived_from_global_and_ex_china_shares() -> None:
    # Huawei's China share is published (58%); the others come from Dell'Oro's global and ex-China shares,
    # global = w china + (1 - w) ex-china, with w = 0.09 / 0.35 solved from Huawei's three shares
    dello = (
        load_tables()["market_shares"]
        .query("year == 2019")
        .pivot_table(index="vendor", columns="region", values="share")
    )
    weight = (0.32 - 0.23) / (0.58 - 0.23)
    derived = ((dello["global"] - (1 - weight) * dello["ex-china"]) / weight).clip(lower=0.0)
    derived["huawei"] = 0.58
    derived /= derived.sum()
    table = load_vendor_shares().query("country == 'CHN' and generation == '4g'").set_index("vendor")
    for vendor, share in derived.items():
        assert table.loc[vendor, "share"] == pytest.approx(share, abs=6e-4)


def test_vendor_footprints_cover_every_region_and_sum_to_one() -> None:
    params = rollout_parameters()
    assert sorted(params.countries) == sorted(REGIONS)
    base = params.base_shares
    assert base.sum("vendor").to_numpy() == pytest.approx(1.0)
    # the US's large carriers never bought Huawei; Germany's 4G RAN was 57% Chinese (Strand Consult)
    assert float(base.sel(country="USA", vendor="huawei")) < 0.02
    german = base.sel(country="DEU", vendor=["huawei", "zte"]).sum()
    assert float(german) == pytest.approx(0.57)
    # Japan's NEC and Fujitsu (35%) are spread over the five in proportion to their shares
    assert float(base.sel(country="JPN", vendor="ericsson")) == pytest.approx(0.25 / 0.65)
    assert params.discounted_vendors == ("huawei", "zte")


def test_bad_vendor_footprints_name_the_file_and_country(tmp_path: Path) -> None:
    frame = load_vendor_shares().astype(str)
    frame.loc[(frame["country"] == "GBR") & (frame["vendor"] == "huawei"), "share"] = "0.5"
    path = tmp_path / "vendor_shares.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(DataConsistencyError, match=r"GBR.s 4g 2019 shares sum to 1\.100") as caught:
        load_vendor_shares(path)
    assert "vendor_shares.csv" in str(caught.value)


def test_missing_parameter_is_reported(tmp_path: Path) -> None:
    frame = _packaged()
    frame = frame[~((frame["country"] == "GBR") & (frame["parameter"] == "speed"))]
    with pytest.raises(DataConsistencyError, match="GBR lacks speed"):
        rollout_parameters(_write(frame, tmp_path))


def test_assumption_without_range_names_the_row(tmp_path: Path) -> None:
    frame = _packaged()
    row = frame.index[(frame["country"] == "KOR") & (frame["parameter"] == "site_density")][0]
    frame.loc[row, ["low", "high"]] = ""
    with pytest.raises(InputError, match=rf"row {row + 2}, columns low and high"):
        load_countries(_write(frame, tmp_path))


def test_bad_values_are_reported(tmp_path: Path) -> None:
    frame = _packaged()
    frame.loc[frame["parameter"] == "speed", ["value", "low", "high"]] = ["-1.5", "-2", "-1"]
    with pytest.raises(DataConsistencyError, match=r"speed = -1\.5 is out of range"):
        load_countries(_write(frame, tmp_path))
    frame = _packaged()
    frame.loc[0, "parameter"] = "populaton"
    with pytest.raises(InputError, match="did you mean 'population'"):
        load_countries(_write(frame, tmp_path))


def test_bad_operators_name_the_file_operator_and_item(tmp_path: Path) -> None:
    packaged = load_operators().astype(str)
    path = tmp_path / "operators.csv"
    frame = packaged.copy()
    frame.loc[(frame["operator"] == "EE") & (frame["item"] == "huawei"), ["value", "high"]] = ["1.2", "1.3"]
    frame.to_csv(path, index=False)
    with pytest.raises(DataConsistencyError, match=r"GBR EE huawei = 1\.2 is out of range") as caught:
        load_operators(path)
    assert "operators.csv" in str(caught.value)
    assert "operator EE, item huawei" in str(caught.value)
    frame = packaged[~((packaged["operator"] == "O2") & (packaged["item"] == "sites"))]
    frame.to_csv(path, index=False)
    with pytest.raises(DataConsistencyError, match="GBR O2 has vendor shares but no sites"):
        load_operators(path)
