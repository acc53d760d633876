"""One ensemble draw of the library: its tables, made on arrays, are who pays' and the world welfare of the
same runs made one scenario at a time (the labelled path of ``gotogether run``)."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from gotogether.data.parameters.distributions import Triangular
from gotogether.data.valuenet import load_tables
from gotogether.data.valuenet.ranged_rows import split_rows, with_drawn_rows
from gotogether.engines.supply.network import ValueNetwork
from gotogether.ensembles.sampling import design
from gotogether.pipeline import load_world, run_scenario
from gotogether.pipeline.ensemble import (
    _drawn_supplies,
    drawn_world,
    library_draw,
    library_parameters,
    scenario_documents,
)
from gotogether.pipeline.parameters import calibrated_rollout, configure, supply_parameters
from gotogether.pipeline.run import References, scenario_supply
from gotogether.pipeline.who_pays import who_pays
from gotogether.scenarios import load_scenario

NAMES = ("coordinated", "us-huawei-2019-2020", "taiwan-disruption")


def test_a_draw_is_who_pays_and_the_world_welfare_of_its_runs() -> None:
    scenarios = [load_scenario(name) for name in NAMES]
    values = design(library_parameters(), 4, seed=11).iloc[1].to_dict()
    tables = library_draw(values, scenario_documents(scenarios))
    values, rows = split_rows(values)  # the tables' rows go into the world's rivals and rollout
    assert len(rows) >= 47 + 351
    world = drawn_world(load_world(), rows, values)
    references: References = {}
    paying, by_year = tables["who_pays"], tables["world_welfare"]
    assert list(paying.index.names) == ["scenario", "country"]
    assert list(by_year.index.names) == ["scenario", "year"]
    for scenario in scenarios:
        outcome = run_scenario(world, scenario, values=values, references=references)
        table = who_pays(outcome).drop(columns=["role", "peak_year"]).replace([np.inf, -np.inf], np.nan)
        drawn = paying.loc[scenario.name]
        assert list(drawn.columns) == list(table.columns)
        assert list(drawn.index) == list(table.index)
        # to rounding: a draw solves the scenarios' years stacked, a run alone; a welfare ratio rounded at
        # 1e-16 moves a present value summed over 21 years of GDPs up to USD 25,000bn by up to ~1e-10
        pd.testing.assert_frame_equal(drawn, table, check_exact=False, rtol=1e-9, atol=1e-9)
        income = outcome.world.trade["value_added"]
        weighted = 100.0 * ((outcome.welfare - 1.0) * income).sum("country") / income.sum()
        np.testing.assert_allclose(
            by_year.loc[scenario.name, "welfare_change_pct"].to_numpy(),
            weighted.values,
            rtol=1e-9,
            atol=1e-15,
        )
    # the reference pays nothing in a draw; the Huawei measures cost the world
    assert float(paying.loc["coordinated"].abs().max().max()) < 1e-9
    assert paying.loc["us-huawei-2019-2020", "ev_pv"].sum() < 0


def test_scenarios_that_leave_the_supply_engine_alone_share_its_baseline_per_supply_parameters() -> None:
    # coordinated and tariff-war give the supply engine no input: one baseline run serves both; a
    # scenario setting its own bill-of-materials share gets its own, and a controlled scenario none
    # (it runs the engine with its measures)
    own = load_scenario("tariff-war").model_copy(
        update={"name": "tariff-war-own-bom", "parameters": {"supply.bom_share": 0.5}}
    )
    scenarios = [load_scenario("coordinated"), load_scenario("tariff-war"), own, load_scenario(NAMES[1])]
    values = split_rows(design(library_parameters(), 4, seed=11).iloc[2].to_dict())[0]
    world = load_world()
    coordinated, tariffs, bom, huawei = _drawn_supplies(world, scenario_documents(scenarios), values)
    assert coordinated is not None
    assert tariffs is coordinated
    assert bom is not None
    assert bom is not coordinated
    assert huawei is None
    for scenario, shared in zip(scenarios[:3], (coordinated, tariffs, bom), strict=True):
        alone = scenario_supply(world, scenario, values=values)
        assert shared.params == alone.params
        xr.testing.assert_identical(shared.data, alone.data)
    assert bom.params.bom_share == 0.5
    assert coordinated.params == supply_parameters(values) != supply_parameters({})


def test_a_draws_table_rows_move_the_rivals_and_the_packaged_rows_leave_them_as_loaded() -> None:
    world = load_world()
    assert drawn_world(world, {}) is world
    # every row at the table's value (the mode of its triangular): the rivals are the loaded ones, exactly
    modes = {
        name: distribution.mode
        for name, distribution in library_parameters().items()
        if isinstance(distribution, Triangular) and name.startswith("valuenet:")
    }
    assert len(modes) >= 47
    assert drawn_world(world, modes).rollout is world.rollout  # the rivals' rows leave the rollout alone
    same = drawn_world(world, modes).network
    for field in ("handset_rivals", "enterprise_rivals"):
        drawn, loaded = getattr(same, field), getattr(world.network, field)
        assert (drawn.rivals, drawn.firms, drawn.made_in) == (loaded.rivals, loaded.firms, loaded.made_in)
        np.testing.assert_array_equal(drawn.bill, loaded.bill)
        for vendor, weights in loaded.diversion.items():
            np.testing.assert_array_equal(drawn.diversion[vendor], weights)
    np.testing.assert_array_equal(same.rival_assembly.shares, world.network.rival_assembly.shares)
    # by hand: New H3C's share of China's enterprise networking at 0.4 (table 0.34) against Ruijie 0.1,
    # Cisco 0.08 and the others 0.13; Huawei makes 0.59 of its enterprise sales in China
    moved = drawn_world(world, {"valuenet:enterprise_rivals:huawei/china/h3c": 0.4}).network
    rivals = moved.enterprise_rivals
    assert rivals is not None
    h3c = rivals.diversion["huawei"][rivals.rivals.index("h3c")]
    assert h3c == pytest.approx(0.59 * 0.4 / (0.4 + 0.1 + 0.08 + 0.13), rel=1e-12)
    assert moved.revenue is world.network.revenue  # the supply engine's network is the same


def test_a_draws_rivals_rows_move_who_pays_not_the_world_welfare() -> None:
    # the rivals are not shocked in the trade engine (pipeline.rivals_trade): the rows leave every year's
    # world welfare as it was, and move the suppliers' channel of who pays between countries
    documents = scenario_documents([load_scenario(NAMES[1])])
    drawn = design(library_parameters(), 4, seed=11).iloc[3].to_dict()
    rows = {
        name: value
        for name, value in drawn.items()
        if name.startswith("valuenet:") and not name.startswith("valuenet:suppliers:")
    }
    packaged = {
        name: distribution.mode
        for name, distribution in library_parameters().items()
        if isinstance(distribution, Triangular) and name in rows
    }
    moved = library_draw(drawn, documents)
    kept = library_draw({**drawn, **packaged}, documents)
    pd.testing.assert_frame_equal(moved["world_welfare"], kept["world_welfare"], check_exact=True)
    change = (moved["who_pays"]["ev_pv"] - kept["who_pays"]["ev_pv"]).abs()
    assert change.max() > 1e-3  # billions of US dollars: a million at least somewhere


def test_a_draws_supplier_rows_replace_the_networks_shares_and_nothing_else() -> None:
    world = load_world()
    network = world.network
    # by hand: Intel's share of the baseband chips of the vendors without rows of their own (Ericsson,
    # Nokia, Samsung) at 0.5 (table 0.4) against Marvell's and Broadcom's 0.3: 0.5 / 1.1 and 0.3 / 1.1;
    # Huawei keeps its 0.15 and ZTE its 0.4 of Intel (their own rows)
    rows = {"valuenet:suppliers:baseband_soc/*/Intel": 0.5}
    moved = drawn_world(world, rows).network
    intel, marvell = (
        next(
            at
            for at, (firm, c) in enumerate(zip(network.firm, network.line_class, strict=True))
            if firm == name and network.classes[c] == "baseband_soc"
        )
        for name in ("Intel", "Marvell")
    )
    assert list(moved.share[:, intel]) == pytest.approx(
        [0.15, 0.5 / 1.1, 0.5 / 1.1, 0.4, 0.5 / 1.1], rel=1e-12
    )
    assert list(moved.share[:, marvell]) == pytest.approx(
        [0.0, 0.3 / 1.1, 0.3 / 1.1, 0.0, 0.3 / 1.1], rel=1e-12
    )
    # the share matrix is the network made from the drawn table, to the bit; the rest is the world's own
    tables = load_tables()
    made = ValueNetwork.from_tables({**tables, "suppliers": with_drawn_rows(tables, rows)["suppliers"]})
    np.testing.assert_array_equal(moved.share, made.share)
    assert (moved.firm, moved.made_in, moved.countries) == (made.firm, made.made_in, made.countries)
    assert moved.revenue is network.revenue
    assert moved.handset_rivals is network.handset_rivals  # no rival's row drawn: the rivals are kept
    # every row at its table's value: the packaged shares (each group divided by its sum of about 1)
    modes = {
        name: distribution.mode
        for name, distribution in library_parameters().items()
        if isinstance(distribution, Triangular) and name.startswith("valuenet:suppliers:")
    }
    np.testing.assert_allclose(drawn_world(world, modes).network.share, network.share, rtol=1e-15, atol=0)
    with pytest.raises(ValueError, match="3 shares for a suppliers table of 81 rows"):
        network.with_supplier_shares(np.ones(3))


def test_a_draw_of_the_suppliers_alone_reruns_the_supply_engine() -> None:
    # a draw of the suppliers' shares with every supply parameter at its default: the scenarios' supply
    # results are the drawn network's, not those kept for the packaged one, and the draw is who pays of
    # the same scenario run alone on the drawn world
    scenario = load_scenario(NAMES[1])
    documents = scenario_documents([scenario])
    rows = {
        "valuenet:suppliers:baseband_soc/huawei/HiSilicon": 0.75,
        "valuenet:suppliers:fpga/huawei/Xilinx": 0.5,
    }
    drawn = library_draw(rows, documents)["who_pays"]
    packaged = library_draw({}, documents)["who_pays"]
    assert (drawn["ev_pv"] - packaged["ev_pv"]).abs().max() > 1e-3  # billions of US dollars
    outcome = run_scenario(drawn_world(load_world(), rows), scenario, references={})
    table = who_pays(outcome).drop(columns=["role", "peak_year"]).replace([np.inf, -np.inf], np.nan)
    pd.testing.assert_frame_equal(drawn.loc[scenario.name], table, check_exact=False, rtol=1e-9, atol=1e-9)


def test_a_draws_rollout_rows_move_the_rollout_parameters_and_solve_them_once() -> None:
    world = load_world()
    values = split_rows(design(library_parameters(), 4, seed=11).iloc[0].to_dict())[0]
    # by hand: Britain's sites per 10,000 people at full coverage at 9 (table 8.7: its full-coverage sites
    # pop x 9 / 10,000) and the USA's Huawei at 0.06 of its 4G RAN (table 0.01; the region's vendors sum
    # to 1.05, no "other": Huawei's incumbency 0.06 / 1.05)
    rows = {"rollout:countries:GBR/site_density": 9.0, "rollout:vendor_shares:USA/4g/2019/huawei": 0.06}
    drawn = drawn_world(world, rows, values)
    assert drawn.network is world.network  # the rollout rows leave the value network alone
    rollout, packaged = drawn.rollout, world.rollout
    gbr = packaged.countries.index("GBR")
    assert packaged.country["site_density"].values[gbr] == 8.7
    assert rollout.country["site_density"].values[gbr] == 9.0
    assert rollout.full_sites.values[gbr] == pytest.approx(
        packaged.country["population"].values[gbr] * 9.0 / 1e4, rel=1e-15
    )
    others = np.arange(len(packaged.countries)) != gbr
    np.testing.assert_array_equal(
        rollout.country["site_density"].values[others], packaged.country["site_density"].values[others]
    )
    assert float(rollout.base_shares.sel(country="USA", vendor="huawei")) == pytest.approx(0.06 / 1.05)
    assert float(rollout.base_shares.sel(country="USA", vendor="ericsson")) == pytest.approx(0.45 / 1.05)
    xr.testing.assert_equal(
        rollout.base_shares.drop_sel(country="USA"), packaged.base_shares.drop_sel(country="USA")
    )
    # solved at the draw's values: configuring the drawn world at them finds the solution (one solve a
    # draw), and it is what solving the drawn rollout again gives
    configured = configure(drawn, values)
    assert configured.rollout is rollout
    again = calibrated_rollout(rollout.with_values(price_sensitivity=1.0), values)
    assert again is not rollout
    assert again.price_sensitivity == pytest.approx(rollout.price_sensitivity, rel=1e-9)
    assert again.vendor_discount == pytest.approx(rollout.vendor_discount, rel=1e-9)
    # a bigger Huawei in the USA moves the solved price sensitivity (Ericsson's margin is held)
    same = configure(world, values).rollout
    assert rollout.price_sensitivity != same.price_sensitivity


def test_every_rollout_row_at_its_table_value_gives_the_packaged_rollout() -> None:
    world = load_world()
    values = split_rows(design(library_parameters(), 4, seed=11).iloc[0].to_dict())[0]
    modes = {
        name: distribution.mode
        for name, distribution in library_parameters().items()
        if isinstance(distribution, Triangular) and name.startswith("rollout:")
    }
    assert (
        len(modes) == 200 + 138 + 8
    )  # countries.csv but five launch years known by end-2020; 4G shares; operators
    drawn = drawn_world(world, modes, values).rollout
    packaged = configure(world, values).rollout
    # the countries exactly; the 4G shares to rounding (each region's vendors divided by their sum, within
    # 0.005 of one, before the model's vendors are)
    xr.testing.assert_identical(drawn.country, packaged.country)
    np.testing.assert_allclose(drawn.base_shares.values, packaged.base_shares.values, rtol=1e-14, atol=0)
    assert drawn.price_sensitivity == pytest.approx(packaged.price_sensitivity, rel=1e-12)
    assert drawn.vendor_discount == pytest.approx(packaged.vendor_discount, rel=1e-12)
    assert drawn.operators == packaged.operators  # the UK's operators' sites and Huawei shares


def test_a_draws_rollout_rows_move_the_world_welfare() -> None:
    # unlike the rivals' rows, the rollout's move the build, its costs and the 5G value: every engine after
    # the rollout sees them
    documents = scenario_documents([load_scenario(NAMES[1])])
    # the first of the design's draws (rollout.support_share, sampled since branch opex13, reshuffled the
    # Latin hypercube's columns: the fourth draw now moves world welfare by 5.9e-5 %, the first three by
    # 1.9e-3, 5.1e-3 and 1.3e-4)
    drawn = design(library_parameters(), 4, seed=11).iloc[0].to_dict()
    packaged = {
        name: distribution.mode
        for name, distribution in library_parameters().items()
        if isinstance(distribution, Triangular) and name.startswith("rollout:")
    }
    moved = library_draw(drawn, documents)
    kept = library_draw({**drawn, **packaged}, documents)
    change = (moved["world_welfare"] - kept["world_welfare"]).abs()
    assert float(change.max().max()) > 1e-4  # percent of world income, in some year
