"""The library as an ensemble: central draws change nothing, bands are ordered, seeds reproduce."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from gotogether.data.elasticities import cp2015_elasticities
from gotogether.jobs.main import run_job
from gotogether.jobs.uncertainty import EnsembleOptions, costlier_draws
from gotogether.pipeline import load_world
from gotogether.pipeline.ensemble import library_parameters, unmapped_parameters
from gotogether.pipeline.parameters import configure
from gotogether.pipeline.run import scenario_world
from gotogether.runs import read_table
from gotogether.scenarios import load_scenario


def test_central_values_leave_the_world_unchanged_and_theta_moves_its_sectors() -> None:
    world = load_world()
    central = {
        f"trade.theta.{sector}": value
        for sector, value in cp2015_elasticities().items()
        if sector != "Services"
    }
    same = configure(world, central)
    np.testing.assert_allclose(same.trade["theta"].values, world.trade["theta"].values, rtol=1e-14)
    doubled = configure(world, {**central, "trade.theta.Textile": 2 * central["trade.theta.Textile"]})
    ratio = (doubled.trade["theta"] / world.trade["theta"]).to_series()
    assert ratio["TEXT"] == 2.0
    assert (ratio.drop("TEXT") == 1.0).all()
    assert "supply.substitution_half_life_years" in unmapped_parameters()
    assert "value.uplift_scale" in library_parameters()


def test_the_deterministic_run_is_placed_in_the_draws_band_by_hand() -> None:
    # world: draws -3, -2, -1, 0 against the deterministic -1.5: two of four cost more; the issuer is never
    # given the role (missing in every draw): no place
    by_role = xr.DataArray(
        [[[-3.0, np.nan]], [[-2.0, np.nan]], [[-1.0, np.nan]], [[0.0, np.nan]]],
        dims=("draw", "scenario", "group"),
        coords={"draw": range(4), "scenario": ["bans"], "group": ["world", "issuer"]},
    )
    deterministic = pd.Series(
        [-1.5, np.nan],
        index=pd.MultiIndex.from_tuples([("bans", "world"), ("bans", "issuer")], names=["scenario", "group"]),
    )
    placed = costlier_draws(by_role, deterministic)
    assert placed.loc[("bans", "world"), "ev_pv"] == -1.5
    assert placed.loc[("bans", "world"), "draws_costlier_pct"] == 50.0
    assert np.isnan(placed.loc[("bans", "issuer"), "draws_costlier_pct"])
    # at the median of an odd band: the deterministic run at the middle draw, two of five below it
    five = xr.concat([by_role, by_role.isel(draw=[0]) - 1.0], dim="draw").assign_coords(draw=range(5))
    assert (
        costlier_draws(five, deterministic.replace(-1.5, -2.0)).loc[("bans", "world"), "draws_costlier_pct"]
        == 40.0
    )


def test_an_ensemble_run_writes_ordered_bands_and_reproduces(tmp_path: Path) -> None:
    options = EnsembleOptions(draws=4, seed=3, batch_size=2)
    runs = [tmp_path / "a", tmp_path / "b"]
    for out in runs:
        run_job(["coordinated", "us-huawei-2019-2020"], out, ensemble=options)
    bands = read_table(runs[0] / "tables", "uncertainty_world_welfare")
    wide = bands.pivot_table(index=["scenario", "year"], columns="percentile", values=bands.columns[-1])
    assert (wide[5.0] <= wide[50.0]).all()
    assert (wide[50.0] <= wide[95.0]).all()
    huawei = wide.loc["us-huawei-2019-2020"]
    assert (huawei[95.0] - huawei[5.0]).max() > 0  # the draws spread
    coordinated = wide.loc["coordinated"]
    assert float(coordinated.abs().max().max()) < 1e-9  # the reference stays the reference in every draw
    # who pays by role spreads over the draws (substitution speed, learning, design-out, exports ...)
    roles = read_table(runs[0] / "tables", "uncertainty_who_pays_by_role")
    spread = roles.pivot_table(index=["scenario", "group"], columns="percentile", values="ev_pv")
    for group in ("world", "issuer", "target", "third country"):
        low, high = spread.loc[("us-huawei-2019-2020", group), [5.0, 95.0]]
        assert low < high
        assert high - low > 0.01 * abs(high + low) / 2  # more than 1% of its size
    assert float(spread.loc[("coordinated", "world")].abs().max()) < 1e-9
    assert "ally" not in set(spread.loc["us-huawei-2019-2020"].dropna().index)
    drivers = read_table(runs[0] / "tables", "uncertainty_who_pays_drivers").set_index("parameter")
    assert "supply.investment_scale" in drivers.index
    # the value network's ranged rows are drawn and named among the drivers (rows, by table and keys)
    assert "valuenet:rival_assembly:samsung/IND" in drivers.index
    assert "valuenet:rival_bills:chinese_enterprise/Samsung/KOR" in drivers.index
    # and so are the rollout tables' (regions' parameters, 4G vendors)
    assert "rollout:countries:GBR/midpoint_year" in drivers.index
    assert "rollout:vendor_shares:USA/4g/2019/huawei" in drivers.index
    # the deterministic run's place in the band: its own who pays, and how many of the 4 draws cost more
    placed = read_table(runs[0] / "tables", "uncertainty_who_pays_deterministic").set_index(
        ["scenario", "group"]
    )
    own = read_table(runs[0] / "tables", "who_pays_by_role").set_index(["scenario", "group"])
    world = ("us-huawei-2019-2020", "world")
    assert placed.loc[world, "ev_pv"] == own.loc[world, "ev_pv"]
    assert placed.loc[world, "draws_costlier_pct"] in {0.0, 25.0, 50.0, 75.0, 100.0}
    report = (runs[0] / "report.html").read_text()
    assert "Who pays, present value (billion USD of 2019), over the draws" in report
    assert "draws costing more (%)" in report
    again = read_table(runs[1] / "tables", "uncertainty_world_welfare")
    pd.testing.assert_frame_equal(bands, again)
    assert (runs[0].parent / "a.draws").is_dir()
    # Issue 18.1: the draw function is named stably (no memory address), so another process can resume.
    manifest = json.loads((runs[0].parent / "a.draws" / "manifest.json").read_text())
    assert manifest["draw_function"]["name"] == "gotogether.pipeline.ensemble:library_draw"
    assert set(manifest["draw_function"]["arguments"]) == {"documents"}
    assert "0x" not in json.dumps(manifest["draw_function"])


def test_scenario_files_declare_their_own_distributions(tmp_path: Path) -> None:
    from gotogether.data.parameters.distributions import Fixed
    from gotogether.errors import InputError
    from gotogether.scenarios import ScenarioError, parse_scenario

    fixed = parse_scenario(
        b"name: sure\nuncertain:\n  value.uplift_scale: {kind: fixed, value: 1.2}\n", "sure.yaml"
    )
    assert library_parameters([fixed])["value.uplift_scale"] == Fixed(value=1.2)
    assert library_parameters()["value.uplift_scale"] != Fixed(value=1.2)
    other = parse_scenario(b"name: other\nuncertain:\n  value.uplift_scale: {kind: fixed, value: 0.8}\n")
    with pytest.raises(InputError, match="different distributions"):
        library_parameters([fixed, other])
    with pytest.raises(
        ScenarioError,
        match=r"sure\.yaml:2:1, uncertain: unknown parameter 'value.uplift'; did you mean",
    ):
        parse_scenario(b"name: sure\nuncertain:\n  value.uplift: {kind: fixed, value: 1.2}\n", "sure.yaml")


def test_adoption_speed_scales_the_midpoints_and_a_draws_scenarios_share_the_industries() -> None:
    # 15 years from 10 % to 90 % instead of 10: every midpoint 1.5 times; a second configure with the
    # same speed (a draw's next scenario) gets the same industries object (what is made of them is reused)
    world = load_world()
    slower = configure(world, {"adoption.years_10_to_90": 15.0})
    for column in ("midpoint_years", "midpoint_low", "midpoint_high"):
        np.testing.assert_allclose(
            slower.industries.table[column], 1.5 * world.industries.table[column], rtol=1e-15
        )
    assert configure(world, {"adoption.years_10_to_90": 15.0}).industries is slower.industries
    assert configure(world, {"adoption.years_10_to_90": 12.0}).industries is not slower.industries


def test_a_draws_scenarios_without_parameters_of_their_own_share_one_configured_world() -> None:
    world = load_world()
    values = {"adoption.years_10_to_90": 12.0}
    coordinated, tariffs = load_scenario("coordinated"), load_scenario("tariff-war")
    own = tariffs.model_copy(update={"parameters": {"supply.bom_share": 0.5}})
    shared = scenario_world(world, coordinated, values)
    assert scenario_world(world, tariffs, values) is shared
    assert scenario_world(world, own, values) is not shared
    assert scenario_world(world, own, values).supply_parameters.bom_share == 0.5
    assert scenario_world(world, coordinated) is world
    assert shared.parameters["adoption.years_10_to_90"] == 12.0
