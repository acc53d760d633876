"""The main job on the default world: baseline exactness, who pays, and complete-or-nothing output."""

import json
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from gotogether.data import registry
from gotogether.jobs.main import run_job
from gotogether.pipeline import run_scenario
from gotogether.pipeline.run import Reference, References, reference_for
from gotogether.pipeline.who_pays import roles, who_pays
from gotogether.pipeline.world import World
from gotogether.runs import read_table
from gotogether.runs.tables import field_metadata
from gotogether.scenarios import ScenarioError, load_scenario, parse_scenario


@pytest.fixture(scope="module")
def reference(world: World, references: References) -> Reference:
    return reference_for(world, references)


def test_the_coordinated_scenario_is_the_reference_exactly(
    world: World, reference: Reference, references: References
) -> None:
    outcome = run_scenario(world, load_scenario("coordinated"), references=references)
    np.testing.assert_array_equal(outcome.gdp.values, reference.gdp.values)
    np.testing.assert_allclose(outcome.welfare.values, 1.0, rtol=0, atol=1e-12)
    table = who_pays(outcome)
    money = [column for column in table.columns if column.endswith("_pv")]
    assert float(table[money].abs().to_numpy().max()) < 1e-9
    assert (table["coverage_delay_months"] == 0).all()


def test_scenarios_that_leave_the_rollout_alone_share_the_reference_s_rollout(
    world: World, reference: Reference, references: References
) -> None:
    # the coordinated world and a tariff war give the rollout engine no input: their rollout is the
    # reference's, made once (a library draw runs the engine 5 times, not 7); a ban's is its own
    for name in ("coordinated", "tariff-war"):
        assert run_scenario(world, load_scenario(name), references=references).rollout is reference.rollout
    banned = run_scenario(world, load_scenario("allied-bans"), references=references)
    assert banned.rollout is not reference.rollout


def test_us_measures_against_huawei_who_pays(
    world: World, reference: Reference, references: References
) -> None:
    scenario = load_scenario("us-huawei-2019-2020")
    assert roles(scenario, world.model)["USA"] == "issuer"
    assert roles(scenario, world.model)["CHN"] == "target"
    outcome = run_scenario(world, scenario, references=references)
    table = who_pays(outcome)
    # The target loses 5G value and welfare; the issuer's own suppliers lose sales, the target's gain:
    # SMIC's listing holds the advanced part of Huawei's handset processors, but Qualcomm's 4G licence
    # serves 0.3 of them, so its consumer business keeps 0.557 of its size and its Chinese suppliers
    # (displays, cameras) lose less on it than its substitutes sell it (without the licence, at 0.257, it
    # was the other way round: -31.1 bn).
    assert table.loc["CHN", "value_5g_pv"] < 0
    assert table.loc["CHN", "ev_pv"] < 0
    assert table.loc["USA", "supplier_sales_change"] < 0
    assert table.loc["CHN", "supplier_sales_change"] > 0
    # The world loses 5G value while Huawei is held short of chips (its rivals take about a fifth of its
    # 2021-2023 sites, with delays); later the rivals that won its sales are further down their learning
    # curves (learning by vendor, docs/rollout.md): by 2030 the world's 5G value is above the reference's,
    # a country gaining where it buys from those rivals: the USA most; under the nested logit ZTE takes
    # more of Huawei's Chinese sales and learns from them, so Germany and Taiwan gain a little too
    change = (outcome.gdp - outcome.reference.gdp).sum(["country", "industry"])
    assert float(change.sel(year=slice(2021, 2025)).sum()) < 0
    assert float(change.sel(year=2030)) > 0
    gained = table["value_5g_pv"].clip(lower=0.0)
    assert float(gained.loc["USA"]) == float(gained.max()) > 0
    assert float(gained.loc["CHN"]) == 0.0


def test_tariff_war_hurts_both_sides_on_the_default_world(
    world: World, reference: Reference, references: References
) -> None:
    table = who_pays(run_scenario(world, load_scenario("tariff-war"), references=references))
    assert (table.loc["USA", "role"], table.loc["CHN", "role"]) == ("issuer", "target")
    assert table.loc["USA", "ev_pv"] < 0
    assert table.loc["CHN", "ev_pv"] < 0
    assert table.loc["USA", "trade_pv"] == table.loc["USA", "ev_pv"]  # tariffs act through trade only


def test_the_job_writes_a_complete_run_directory(tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = run_job(["coordinated", "us-huawei-2019-2020"], out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert {"who_pays", "welfare_change", "coverage", "value_5g", "validation"} <= set(manifest["tables"])
    assert [s["name"] for s in manifest["scenarios"]] == ["coordinated", "us-huawei-2019-2020"]
    html = (out / "report.html").read_text()
    assert "Who pays" in html
    assert "us-huawei-2019-2020" in html
    assert set(result.by_role.loc["us-huawei-2019-2020"].index) == {
        "issuer",
        "target",
        "third country",
        "world",
    }
    assert (out / "tables" / "who_pays.parquet").exists()
    assert (out / "tables" / "who_pays.csv").exists()
    # the results as one labelled Dataset: named variables with units, the same numbers as the tables
    with xr.open_dataset(out / "results.nc") as results:
        assert results["who_pays_ev_pv"].attrs["units"] == "billion USD of 2019"
        assert results["who_pays_ev_pv"].dims == ("scenario", "country")
        assert results["coverage"].attrs == {
            "units": "share of population",
            "long_name": "5G population coverage",
        }
        assert results["who_pays_equivalent_variation"].dims == ("scenario", "country", "year")
        assert all("units" in variable.attrs for variable in results.data_vars.values())
        paid = float(results["who_pays_ev_pv"].sel(scenario="us-huawei-2019-2020", country="CHN"))
    assert paid == result.who_pays.loc[("us-huawei-2019-2020", "CHN"), "ev_pv"]
    assert manifest["tables"]["who_pays"]["units"]["ev_pv"] == "billion USD of 2019"
    assert manifest["tables"]["coverage"]["units"] == {"coverage": "share of population"}
    assert "None" not in manifest["tables"]["income"]["units"]
    fields = field_metadata(out / "tables" / "who_pays.parquet")
    assert fields["ev_pv"] == {
        "units": "billion USD of 2019",
        "long_name": "Equivalent variation, present value",
    }
    # the target's business lines and productivity paths by year, with units and long names
    change = read_table(out / "tables", "target_business_revenue_change").set_index(
        ["scenario", "vendor", "business", "year"]
    )["target_business_revenue_change"]
    assert float(change.loc["coordinated"].abs().max()) == 0.0
    huawei = change.loc[("us-huawei-2019-2020", "huawei")]
    assert set(huawei.index.get_level_values("business")) == {"carrier", "consumer", "enterprise"}
    assert float(huawei.loc[("carrier", 2022)]) < 0.0  # the controls cut what Huawei can build (stock gone)
    fields = field_metadata(out / "tables" / "target_productivity.parquet")
    assert fields["target_productivity"]["units"] == "ratio to baseline"
    sector = read_table(out / "tables", "target_sector_productivity")
    assert set(sector["country"]) == {"CHN"}
    assert set(sector["sector"]) == {"SEMI", "TELEQ", "OELEC"}
    teleq = sector[(sector["scenario"] == "us-huawei-2019-2020") & (sector["sector"] == "TELEQ")]
    assert float(teleq["target_sector_productivity"].min()) < 1.0
    # SMIC, listed in the Huawei case, sells Huawei its substitutes, less with its listing than without
    foundry = read_table(out / "tables", "listed_foundry_sales").set_index(
        ["scenario", "foundry", "measures", "year"]
    )["listed_foundry_sales"]
    smic = foundry.loc[("us-huawei-2019-2020", "SMIC")]
    assert float(smic.loc[("without_listing", 2030)]) > float(smic.loc[("with", 2030)]) > 0.0
    assert "The target&#39;s businesses and productivity" in html
    # the win-win by country: the rivals' homes gain through their vendors' value added, the issuer loses
    paying = result.who_pays.loc["us-huawei-2019-2020"]
    for code, name in (("FIN", "Finland"), ("SWE", "Sweden")):
        gain, vendors = paying.loc[code, ["ev_pv", "vendor_value_added_pv"]]
        assert gain > 0.0
        assert (
            f"{name} ({code}), third country, gains {gain:,.1f} USD bn of 2019 in present value, through "
            f"vendors&#39; value added ({vendors:+,.1f})"
        ) in html
    loss, trade, suppliers = paying.loc["USA", ["ev_pv", "trade_pv", "supplier_value_added_pv"]]
    assert f"United States (USA), issuer, loses {-loss:,.1f} USD bn of 2019 in present value" in html
    # net of the rivals' RAN and handset purchases its suppliers lose less than the trade channel
    assert trade < suppliers < 0.0
    assert f"through trade (terms and volume of trade) ({trade:+,.1f})" in html
    sales = read_table(out / "tables", "supplier_sales_gross_net")
    usa = sales[(sales["scenario"] == "us-huawei-2019-2020") & (sales["country"] == "USA")]
    gross, net = (
        float(usa.loc[usa["part"] == part, "supplier_sales_gross_net"].sum()) for part in ("gross", "net")
    )
    assert gross < net < 0.0
    assert f"its suppliers' sales {gross:+,.1f} gross, {net:+,.1f} net" in html
    # the local share of each vendor's inputs by year: a share, the target's rising under the controls
    local = read_table(out / "tables", "local_input_share")
    share = local.set_index(["scenario", "vendor", "year"])["local_input_share"].sort_index()
    assert float(share.min()) >= 0.0
    assert float(share.max()) <= 1.0
    huawei_share = share.loc[("us-huawei-2019-2020", "huawei")]
    assert float(huawei_share.loc[2022]) > float(huawei_share.loc[2019])
    coordinated = share.loc[("coordinated", "huawei")]
    assert float(coordinated.loc[2022]) == float(coordinated.loc[2019])  # no measure, no change
    units = manifest["tables"]["local_input_share"]["units"]
    assert units == {"local_input_share": "share of components used"}
    # the suppliers' headroom: whole without measures, none left for Huawei once the controls bind
    headroom = read_table(out / "tables", "supplier_headroom").set_index(["scenario", "vendor", "year"])
    kept = headroom["supplier_headroom"].sort_index()
    assert (kept.loc["coordinated"] == 1.0).all()
    assert float(kept.loc[("us-huawei-2019-2020", "huawei", 2021)]) == 0.0
    assert float(kept.loc[("us-huawei-2019-2020", "ericsson", 2021)]) == 1.0


def test_a_bad_scenario_leaves_no_output(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nmeasures:\n  - {type: tariff, importers: USX, exporters: CHN, rate: 0.1}\n")
    out = tmp_path / "run"
    with pytest.raises(ScenarioError, match=r"bad\.yaml:3:.*unknown country code 'USX'"):
        run_job([str(bad)], out)
    assert not out.exists()
    assert not list(tmp_path.glob(".run*"))


def test_a_taiwan_disruption_costs_5g_value(
    world: World, reference: Reference, references: References
) -> None:
    outcome = run_scenario(world, load_scenario("taiwan-disruption"), references=references)
    feasible = outcome.supply.yearly()["feasible_output"]
    assert float(feasible.sel(year=2025).min()) < 1.0
    assert float(feasible.sel(year=2027).min()) == 1.0  # capacity is back after 2025
    # 5G value is lost in the year of the shock: Huawei builds at most its chips' share of its 2025 sites
    # and its rivals, whose suppliers are the same short fabs (headroom 0), no more than their own, so
    # coverage falls short in 2025 (a delay in the countries that reach 80 % that year)
    assert float((outcome.gdp - reference.gdp).sel(year=2025).sum()) < 0
    now, base = (d.rollout.data.sel(year=2025) for d in (outcome, reference))
    built, delivered = ((d["sites_new"] + d["sites_replacement"]).sum("country") for d in (now, base))
    assert bool((built <= feasible.sel(year=2025) * delivered * (1 + 1e-9)).all())
    assert float(outcome.supply.yearly()["headroom"].sel(year=2025).max()) == 0.0
    assert float((base["coverage"] - now["coverage"]).max()) > 0.01
    # the one approximation: the supply engine's constant loss for the profile of the capacity disruption
    assert [note for note in outcome.notes if "disruption" in note] == [
        note for note in outcome.notes if "the recovery is approximated by its midpoint" in note
    ]


def test_an_eu_wide_ban_named_by_its_27_members_has_an_effect(
    world: World, reference: Reference, references: References
) -> None:
    members = sorted(code for code, eu27 in zip(*_eu27_codes(), strict=True) if eu27)
    assert len(members) == 27
    scenario = parse_scenario(
        "name: eu-ban\nmeasures:\n  - type: vendor-ban\n"
        f"    countries: [{', '.join(members)}]\n    vendors: [Huawei, ZTE]\n"
        "    start: 2021-01-01\n    rip_and_replace_by: 2025-12-31\n".encode()
    )
    outcome = run_scenario(world, scenario, references=references)
    capex = outcome.rollout.data["capex_replacement"].sum("year")
    # the modelled members and the rest of the EU (all its members named: weight 1) replace kit
    for region in ("DEU", "FRA", "ITA", "ESP", "NLD", "SWE", "FIN", "REU"):
        assert float(capex.sel(country=region)) > 0, region
    assert float(capex.sel(country="GBR")) == 0.0
    anchors, changeover, mapped, partial, support = outcome.notes
    assert "non-standalone anchors" in anchors
    assert "rollout.changeover_years" in changeover
    assert "-> REU (weight 1.000)" in mapped
    # Croatia, in the rest of the world, bans in a sub-market of ROW of its own people and envelope
    assert "HRV -> ROW" in mapped
    assert "sub-market of ROW" in partial
    assert "rollout_extra_opex" in support
    assert "not in who pays" in support
    assert 0.0 < float(capex.sel(country="ROW")) < 0.1 * float(capex.sel(country="REU"))


def _eu27_codes() -> tuple[list[str], list[bool]]:
    table = registry.read_registry("countries")
    return list(table["code"]), [flag == "true" for flag in table["eu27"]]
