"""The 2019 default world: rebuilt identically, on its targets, electronics shares in their sourced ranges."""

from __future__ import annotations

import runpy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gotogether.data.consistency import IOTableWarning
from gotogether.data.default_world import (
    DEFAULT_WORLD,
    cp2015_concordance,
    default_world_elasticities,
    gdp_2019,
    load_default_world,
)
from gotogether.data.elasticities import cp2015_elasticities
from gotogether.data.storage import read_iotable_parquet
from gotogether.testing import assert_allclose

ROOT = Path(__file__).parents[2]
PACKAGE = ROOT / "src" / "gotogether" / "data" / "default_world"
INPUTS = ROOT / "data" / "raw" / "world2019"


def test_rebuilding_with_the_script_reproduces_the_shipped_numbers(tmp_path: Path) -> None:
    script = runpy.run_path(str(ROOT / "scripts" / "build_world_2019.py"))
    with pytest.warns(IOTableWarning):  # the WIOD 2011 source's known problems are reported
        script["build"](tmp_path)
    rebuilt, shipped = (
        read_iotable_parquet(tmp_path / "default_world_2019.parquet"),
        load_default_world("2019"),
    )
    # the last bits follow the CPU's BLAS kernels (3e-15 apart between an AMD EPYC and an Intel Xeon)
    for block in ("Z", "Y", "va", "x"):
        assert_allclose(getattr(rebuilt, block), getattr(shipped, block), rtol=1e-12, atol=0)
    for name in ("theta_2019.csv", "world_2019_targets.csv", "growth_2019_2035.csv"):
        assert (tmp_path / name).read_text() == (PACKAGE / name).read_text()
    assert (PACKAGE / "default_world_2019.parquet").stat().st_size < 5_000_000


def test_the_default_is_the_2019_world_with_the_electronics_split() -> None:
    world = load_default_world()
    assert DEFAULT_WORLD == "2019"
    assert world.year == 2019
    assert world.regions == load_default_world("2011").regions
    assert len(world.sectors) == 27
    assert world.sectors[10:13] == ["SEMI", "TELEQ", "OELEC"]
    assert "ELEC" not in world.sectors
    np.testing.assert_allclose(world.Z.sum(axis=0) + world.va.sum(axis=0), world.x, rtol=1e-12)
    np.testing.assert_allclose(world.Z.sum(axis=1) + world.Y.sum(axis=1), world.x, rtol=1e-12)


def test_value_added_by_region_is_within_two_percent_of_sourced_gdp() -> None:
    world = load_default_world()
    gdp = gdp_2019().to_series()
    value_added = world.va.sum(axis=0).groupby(level="region").sum()
    gap = (value_added / gdp.reindex(value_added.index) - 1.0).abs()
    assert gap.max() < 0.02, gap.sort_values().tail()
    # China is about 16% of world value added (10.7% in the 2011 table), the USA about 24%.
    share = value_added / value_added.sum()
    assert share["CHN"] == pytest.approx(14_280_000 / 87_946_000 / (1 - 0.0), rel=0.02)
    assert float(value_added.sum()) == pytest.approx(87_945_576 + 611_011, rel=1e-6)  # WDI world + Taiwan


def _as_2011_sectors(values: pd.Series) -> pd.Series:
    merged = values.rename(index={"SEMI": "ELEC", "TELEQ": "ELEC", "OELEC": "ELEC"}, level="sector")
    return merged.groupby(level=["region", "sector"]).sum()


def test_the_update_meets_the_adb_targets_by_region_and_sector() -> None:
    world = load_default_world()
    targets = pd.read_csv(INPUTS / "adb_2019_targets.csv").set_index(["region", "sector"])
    gdp = gdp_2019().to_series()
    # Intermediate inputs are ADB's; value added is ADB's (basic prices) scaled to GDP at market prices, and
    # output is ADB's plus the same net product taxes, so that output = inputs + value added still holds.
    inputs = _as_2011_sectors(world.Z.sum(axis=0)).reindex(targets.index)
    assert_allclose(inputs, targets["inputs"], rtol=1e-8, atol=1e-3)
    basic = targets["value_added_basic"]
    region_basic = basic.groupby(level="region").transform("sum")
    raised = basic * gdp.reindex(targets.index.get_level_values("region")).to_numpy() / region_basic
    value_added = _as_2011_sectors(world.va.sum(axis=0)).reindex(targets.index)
    assert_allclose(value_added, raised, rtol=1e-7, atol=1e-3)
    output = _as_2011_sectors(world.x).reindex(targets.index)
    assert_allclose(output, targets["output"] + raised - basic, rtol=1e-8, atol=1e-3)


def test_china_and_taiwan_shares_of_semiconductors_and_telecom_equipment_are_in_the_sourced_ranges() -> None:
    world = load_default_world()
    output = world.x.unstack("sector")  # noqa: PD010
    share = output[["SEMI", "TELEQ"]] / output[["SEMI", "TELEQ"]].sum()
    ranges = pd.read_csv(PACKAGE / "electronics_shares_2019.csv").set_index(["sector", "group"])
    for sector, region in (("SEMI", "CHN"), ("SEMI", "TWN"), ("TELEQ", "CHN")):
        low, high = ranges.loc[(sector, region), ["low", "high"]]
        assert low - 1e-9 <= share.loc[region, sector] <= high + 1e-9, (sector, region)
    # Taiwan's share of telecom equipment has no sourced figure: an assumption of 1-8% (it is in "rest").
    assert 0.01 <= share.loc["TWN", "TELEQ"] <= 0.08
    # World semiconductor output is WSTS's 2019 sales, telecom equipment the Dell'Oro-based 85bn.
    assert float(output["SEMI"].sum()) == pytest.approx(412_100, rel=1e-9)
    assert float(output["TELEQ"].sum()) == pytest.approx(85_000, rel=1e-9)


def test_every_region_makes_some_of_each_electronics_sector() -> None:
    output = load_default_world().x.unstack("sector")[["SEMI", "TELEQ", "OELEC"]]  # noqa: PD010
    assert (output > 0).all().all()
    # The caps: no region's SEMI above 60% of its electronics, TELEQ above 50% (Finland and Sweden hit it).
    total = output.sum(axis=1)
    assert (output["SEMI"] <= 0.6 * total + 1e-6).all()
    assert (output["TELEQ"] <= 0.5 * total + 1e-6).all()
    assert output.loc["FIN", "TELEQ"] == pytest.approx(0.5 * total["FIN"])


def test_theta_of_aggregated_sectors_averages_inverse_theta() -> None:
    theta = default_world_elasticities()
    cp = cp2015_elasticities()
    assert theta["SEMI"] == theta["TELEQ"] == cp["Communication"]
    # OELEC: the four CP sectors of WIOD c14 in equal parts, averaged as 1/theta (welfare goes with 1/theta).
    four = cp[["Office", "Electrical", "Communication", "Medical"]]
    assert theta["OELEC"] == pytest.approx(1.0 / float((1.0 / four).mean()), rel=1e-9)
    assert theta["OELEC"] < float(four.mean())  # the arithmetic mean, 9.63, would overstate it
    adb = pd.read_csv(INPUTS / "adb_2019_industry_output.csv").set_index("wiod_code")["world_output"]
    wood = 1.0 / ((adb["c6"] / cp["Wood"] + adb["c7"] / cp["Paper"]) / (adb["c6"] + adb["c7"]))
    assert theta["WOOD"] == pytest.approx(wood, rel=1e-9)
    concordance = cp2015_concordance()
    assert set(concordance["sector"]) == set(theta.index)
    assert concordance.groupby(["sector", "wiod_code"])["weight"].sum().round(12).eq(1.0).all()


def test_the_engines_world_carries_the_2019_us_china_tariffs_and_is_an_equilibrium() -> None:
    from gotogether.engines.trade import solve
    from gotogether.pipeline.world import load_world

    trade = load_world().trade
    tariff = trade["tariff"]
    assert float(tariff.sel(importer="USA", exporter="CHN", sector="SEMI")) == pytest.approx(0.21)
    assert float(tariff.sel(importer="CHN", exporter="USA", sector="AGR")) == pytest.approx(0.211)
    assert float(tariff.sel(importer="USA", exporter="CHN", sector="TELE")) == 0.0  # services: none
    assert float(tariff.sel(importer="DEU", exporter="CHN", sector="SEMI")) == 0.0  # MFN not in yet
    same = solve(trade)
    np.testing.assert_allclose(same.data["welfare_change"].values, 1.0, atol=1e-9)


def test_gotogether_validate_world_2019_passes_and_fails_when_a_share_leaves_its_range() -> None:
    from dataclasses import replace

    from gotogether.validation import run_cases

    rows = run_cases(["world-2019"])
    assert len(rows) == 23 + 6 + 1
    assert all(row.passed for row in rows if row.published is not None)
    china_chips = next(row for row in rows if row.country == "CHN" and row.quantity.startswith("SEMI"))
    assert china_chips.ours == pytest.approx(14.0)
    assert not replace(china_chips, ours=13.9).passed  # below IC Insights' 14%: out of the range
    assert not replace(china_chips, ours=26.7).passed  # above CSIA sales over WSTS (26.6%)


def test_weo_cells_a_spreadsheet_read_as_clock_times_are_decoded() -> None:
    script = runpy.run_path(str(ROOT / "scripts" / "build_world_2019.py"))
    number = script["_weo_number"]
    # 0,465972222 of a day is 671 minutes: Japan's 2019 growth 0.671% (published as 0.7).
    assert number("0,465972222") == pytest.approx(0.671)
    assert number("0,385416667") == pytest.approx(0.555)  # Germany 2019 (0.6)
    assert number("-5.983") == pytest.approx(-5.983)
    assert number("1,092.118") == pytest.approx(1092.118)
    assert np.isnan(number("n/a"))


def test_growth_of_aggregates_is_the_gdp_weighted_imf_growth_of_their_members() -> None:
    from gotogether.data import registry
    from gotogether.data.default_world import world2019

    inputs = world2019.read_growth_inputs(INPUTS, registry.gdp_2019())
    growth = world2019.growth_by_region(inputs).set_index("region")
    weo = pd.read_csv(INPUTS / "weo_oct2020_growth.csv").set_index("iso")
    gdp = pd.Series(registry.gdp_2019())
    members = ["AUT", "BEL", "BGR", "CYP", "CZE", "DNK", "EST", "GRC", "HUN", "IRL"]
    members += ["LTU", "LUX", "LVA", "MLT", "POL", "PRT", "ROU", "SVK", "SVN"]  # REU: Croatia is in ROW
    expected = float((weo.loc[members, "growth_2021"] * gdp[members]).sum() / gdp[members].sum()) / 100
    assert growth.loc["REU", "growth_2021"] == pytest.approx(expected, rel=1e-12)
    assert growth.loc["TWN", "growth_2020"] == pytest.approx(0.00048)  # its own WEO row
    assert growth.loc["KOR", "growth_2020"] == pytest.approx(-0.01878)  # no longer the advanced-economy group
    assert growth.loc["ROW", "coverage"] > 0.9
    assert (growth["growth_after_2025"] == growth["growth_2025"]).all()
    assert (growth["growth_after_2025_low"] <= growth["growth_after_2025"]).all()
    assert (growth["growth_after_2025"] <= growth["growth_after_2025_high"]).all()


def test_gdp_by_region_is_the_registry_gdp_by_country_summed_over_members() -> None:
    from gotogether.data import registry

    country = pd.Series(registry.gdp_2019())  # billions of USD, World Bank WDI
    gdp = gdp_2019().to_series()  # millions of USD, as the 2019 world was built
    eu19 = ["AUT", "BEL", "BGR", "CYP", "CZE", "DNK", "EST", "GRC", "HUN", "IRL"]
    eu19 += ["LTU", "LUX", "LVA", "MLT", "POL", "PRT", "ROU", "SVK", "SVN"]
    assert gdp["CHN"] == pytest.approx(1e3 * country["CHN"], rel=1e-12)
    assert gdp["REU"] == pytest.approx(1e3 * country[eu19].sum(), rel=1e-12)
    outside = pd.read_csv(INPUTS / "gdp_2019_outside_registry.csv").set_index("region")["gdp"]
    assert gdp["TWN"] == pytest.approx(outside["TWN"], rel=1e-12)  # Penn World Table: not in WDI
    named = [region for region in gdp.index if region not in ("ROW", "TWN", "REU")]
    rest = country.drop([*named, *eu19], errors="ignore")
    assert gdp["ROW"] == pytest.approx(1e3 * rest.sum() + outside["ROW"], rel=1e-12)
    # ROW's part that no registry country carries is the World Bank's estimate for economies without a 2019
    # value: 3.2% of ROW; the world total is WDI's (WLD) plus Taiwan.
    assert outside["ROW"] / gdp["ROW"] == pytest.approx(0.032, abs=0.001)
    assert float(gdp.sum()) == pytest.approx(87_945_574 + 611_011, rel=1e-7)
