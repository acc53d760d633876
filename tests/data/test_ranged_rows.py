"""The value network's table rows with a range, as an ensemble samples them: named, drawn within their
ranges, reproducible from the seed, every group that must sum to one re-normalised."""

import numpy as np
import pandas as pd
import pytest

from gotogether.data.parameters.distributions import Triangular
from gotogether.data.valuenet import load_tables
from gotogether.data.valuenet.ranged_rows import RANGED_TABLES, ranged_rows, split_rows, with_drawn_rows
from gotogether.ensembles.sampling import design


def test_every_row_with_a_range_is_a_triangular_around_its_value() -> None:
    tables = load_tables()
    rows = ranged_rows(tables)
    # 24 rows of the rivals' bills, 17 assembly countries, 6 enterprise shares: every ranged row of them
    counts = {table: sum(name.startswith(f"valuenet:{table}:") for name in rows) for table in RANGED_TABLES}
    assert (counts["rival_bills"], counts["rival_assembly"]) == (24, 17)
    assert counts["enterprise_rivals"] >= 6  # Huawei's own sales by market and its rivals in China
    assert rows["valuenet:rival_assembly:samsung/IND"] == Triangular(low=0.15, mode=0.25, high=0.35)
    assert rows["valuenet:rival_bills:chinese_android/Qualcomm/TWN"] == Triangular(
        low=0.04, mode=0.06769, high=0.09
    )
    assert rows["valuenet:enterprise_rivals:huawei/china/h3c"] == Triangular(low=0.28, mode=0.34, high=0.4)
    # a sourced row without a range is not drawn
    assert "valuenet:rival_bills:apple/Samsung/KOR" not in rows
    # the suppliers: 62 rows with a range (Huawei's handset bill, from its sourced teardown, has none)
    assert counts["suppliers"] == 62
    assert rows["valuenet:suppliers:baseband_soc/huawei/HiSilicon"] == Triangular(
        low=0.75, mode=0.85, high=0.95
    )
    assert rows["valuenet:suppliers:software/*/in-house"] == Triangular(low=0.7, mode=0.85, high=0.95)
    assert "valuenet:suppliers:handset_display/huawei/BOE" not in rows


def test_same_seed_same_draws_and_every_drawn_row_inside_its_range() -> None:
    rows = ranged_rows(load_tables())
    first = design(rows, 64, seed=5)
    pd.testing.assert_frame_equal(first, design(rows, 64, seed=5))
    assert not first.equals(design(rows, 64, seed=6))
    for name, distribution in rows.items():
        assert isinstance(distribution, Triangular)
        assert (first[name] >= distribution.low).all()
        assert (first[name] <= distribution.high).all()
        assert first[name].max() > first[name].min()


def test_every_group_sums_to_one_after_a_draw() -> None:
    tables = load_tables()
    for values in design(ranged_rows(tables), 16, seed=9).to_dict("records"):
        drawn = with_drawn_rows(tables, values)
        suppliers = drawn["suppliers"]
        np.testing.assert_allclose(
            suppliers.groupby(["component_class", "vendor"])["share"].sum(), 1.0, rtol=1e-14
        )
        moved = suppliers["share"].to_numpy() != tables["suppliers"]["share"].to_numpy()
        ranged = (tables["suppliers"]["low"] < tables["suppliers"]["high"]).to_numpy()
        # every drawn row moves but ZTE's handset cameras, a group of one row (Sony's): 1 after the division
        assert moved[ranged].sum() == 61
        assert suppliers.loc[ranged & ~moved, "firm"].tolist() == ["Sony"]
        np.testing.assert_allclose(drawn["rival_bills"].groupby("bill")["share"].sum(), 1.0, rtol=1e-14)
        np.testing.assert_allclose(drawn["rival_assembly"].groupby("rival")["share"].sum(), 1.0, rtol=1e-14)
        enterprise = drawn["enterprise_rivals"]
        own = enterprise[enterprise["bill"] == "own"]
        np.testing.assert_allclose(own.groupby("vendor")["share"].sum(), 1.0, rtol=1e-14)
        # the rivals' shares of a market are left as drawn (the diversion weights use their ratios)
        rivals = enterprise[enterprise["bill"] != "own"]
        keys = zip(rivals["vendor"], rivals["market"], rivals["rival"], strict=True)
        names = [f"valuenet:enterprise_rivals:{v}/{m}/{r}" for v, m, r in keys]
        expected = [values.get(name, share) for name, share in zip(names, rivals["share"], strict=True)]
        np.testing.assert_array_equal(rivals["share"].to_numpy(), expected)


def test_a_hand_checked_draw() -> None:
    # Samsung's Indian assembly at 0.35 (table 0.25): its countries sum to 1.10 before the division, so
    # Vietnam's 0.5 becomes 0.5 / 1.1 and India 0.35 / 1.1 (above the range's 0.35 before, 0.318 after);
    # the other rivals' rows are untouched
    tables = load_tables()
    drawn = with_drawn_rows(tables, {"valuenet:rival_assembly:samsung/IND": 0.35})
    samsung = drawn["rival_assembly"].set_index(["rival", "country"])["share"]
    assert samsung["samsung", "IND"] == pytest.approx(0.35 / 1.1, rel=1e-12)
    assert samsung["samsung", "VNM"] == pytest.approx(0.5 / 1.1, rel=1e-12)
    assert samsung["samsung", "CHN"] == pytest.approx(0.03 / 1.1, rel=1e-12)
    assert samsung["apple", "CHN"] == 0.99
    # Huawei's own sales in China at 0.7 (table 0.59) and ex-China 0.41: weights 0.7 / 1.11 and 0.41 / 1.11
    enterprise = with_drawn_rows(tables, {"valuenet:enterprise_rivals:huawei/china/huawei": 0.7})
    own = enterprise["enterprise_rivals"].set_index(["vendor", "market", "rival"])["share"]
    assert own["huawei", "china", "huawei"] == pytest.approx(0.7 / 1.11, rel=1e-12)
    assert own["huawei", "ex-china", "huawei"] == pytest.approx(0.41 / 1.11, rel=1e-12)
    assert own["huawei", "china", "h3c"] == 0.34
    # ZTE's rows (where Huawei is a rival) are another vendor's group: untouched
    assert (
        own["zte", "china", "huawei"]
        == tables["enterprise_rivals"].set_index(["vendor", "market", "rival"])["share"][
            "zte", "china", "huawei"
        ]
    )


def test_a_hand_checked_draw_of_the_suppliers() -> None:
    # HiSilicon's share of Huawei's baseband chips at 0.95 (table 0.85): with Intel's 0.15 the group sums
    # to 1.10, so HiSilicon becomes 0.95 / 1.1 and Intel 0.15 / 1.1; the generic rows (vendor *, Ericsson's,
    # Nokia's and Samsung's) are another group: Intel 0.5 (table 0.4) against Marvell's and Broadcom's 0.3
    tables = load_tables()
    drawn = with_drawn_rows(
        tables,
        {
            "valuenet:suppliers:baseband_soc/huawei/HiSilicon": 0.95,
            "valuenet:suppliers:baseband_soc/*/Intel": 0.5,
        },
    )
    shares = drawn["suppliers"].set_index(["component_class", "vendor", "firm"])["share"]
    assert shares["baseband_soc", "huawei", "HiSilicon"] == pytest.approx(0.95 / 1.1, rel=1e-12)
    assert shares["baseband_soc", "huawei", "Intel"] == pytest.approx(0.15 / 1.1, rel=1e-12)
    assert shares["baseband_soc", "*", "Intel"] == pytest.approx(0.5 / 1.1, rel=1e-12)
    assert shares["baseband_soc", "*", "Marvell"] == pytest.approx(0.3 / 1.1, rel=1e-12)
    assert shares["baseband_soc", "zte", "Intel"] == 0.4  # ZTE's own rows: untouched
    assert shares["fpga", "*", "Xilinx"] == 0.55


def test_no_row_drawn_leaves_the_tables_as_loaded() -> None:
    tables = load_tables()
    for table, drawn in with_drawn_rows(tables, {}).items():  # each group divided by its sum, 1 to 1e-6
        pd.testing.assert_frame_equal(drawn, tables[table], check_exact=False, rtol=1e-6)
    parameters, rows = split_rows({"value.uplift_scale": 1.1, "valuenet:rival_assembly:apple/IND": 0.02})
    assert parameters == {"value.uplift_scale": 1.1}
    assert rows == {"valuenet:rival_assembly:apple/IND": 0.02}


def test_two_ranged_rows_with_one_name_are_an_error() -> None:
    from gotogether.errors import DataConsistencyError

    tables = load_tables()
    assembly = tables["rival_assembly"]
    twice = pd.concat([assembly, assembly[assembly["country"] == "IND"].head(1)], ignore_index=True)
    with pytest.raises(
        DataConsistencyError, match="two rows with a range are named valuenet:rival_assembly:apple/IND"
    ):
        ranged_rows({**tables, "rival_assembly": twice})


def test_the_rollout_tables_rows_with_a_range_are_drawn_by_country_and_parameter() -> None:
    from gotogether.data.rollout.ranged import ROLLOUT_TABLES, rollout_tables

    tables = rollout_tables()
    rows = ranged_rows(tables, ROLLOUT_TABLES)
    countries = [name for name in rows if name.startswith("rollout:countries:")]
    shares = [name for name in rows if name.startswith("rollout:vendor_shares:")]
    # every row of countries.csv has a range but China's site cost (the numeraire, 1 to 1), the USA's
    # swap work (the FCC's own figure, 1 to 1) and five launch years known by end-2020; of
    # vendor_shares.csv the 4G rows of 2019 (23 regions x 6)
    assert len(countries) == len(tables["countries"]) - 7 == 200
    assert "rollout:countries:CHN/site_cost_factor" not in rows
    assert "rollout:countries:USA/swap_work_factor" not in rows
    assert len(shares) == 23 * 6
    assert "rollout:vendor_shares:CHN/5g/2020/zte" not in rows  # the 2020 awards: not read by the model
    assert rows["rollout:countries:IND/launch_year"] == Triangular(low=2021, mode=2022, high=2024)
    assert rows["rollout:vendor_shares:USA/4g/2019/ericsson"] == Triangular(low=0.27, mode=0.45, high=0.63)
    assert not set(rows) & set(ranged_rows(load_tables()))
    # every row of operators.csv: the UK's four operators' sites and Huawei shares
    operators = [name for name in rows if name.startswith("rollout:operators:")]
    assert len(operators) == len(tables["operators"]) == 8
    assert rows["rollout:operators:GBR/Three/huawei"] == Triangular(low=0.0, mode=0.5, high=1.0)


def test_launch_years_known_by_end_2020_are_sourced_history_not_drawn() -> None:
    # drawn on 2019-2021, China's launch was after 2019 in 56 % of the draws, against the 130,000 base
    # stations in service at end-2019 that its path is calibrated to (the USA's and Korea's likewise)
    from gotogether.data.rollout.ranged import ROLLOUT_TABLES, rollout_tables

    tables = rollout_tables()
    rows = ranged_rows(tables, ROLLOUT_TABLES)
    launches = tables["countries"][tables["countries"]["parameter"] == "launch_year"].set_index("country")
    for country, year in {"CHN": 2019, "USA": 2019, "KOR": 2019, "GBR": 2019, "TWN": 2020}.items():
        assert f"rollout:countries:{country}/launch_year" not in rows
        row = launches.loc[country]
        assert (row["value"], row["low"], row["high"]) == (year, year, year)
        assert row["confidence"] != "assumption"
        assert row["source_url"].startswith("http")


def test_a_small_4g_share_is_drawn_about_its_value_not_cut_at_zero() -> None:
    # a range of the value +- 0.05 cut at 0 drew the USA's Huawei and ZTE above their 0.01 in 82 % of the
    # draws (mean 0.023), with no source for it: their row's note gives 0.5-4 % for the two together
    from gotogether.data.rollout.ranged import ROLLOUT_TABLES, rollout_tables

    rows = ranged_rows(rollout_tables(), ROLLOUT_TABLES)
    for vendor in ("huawei", "zte"):
        assert rows[f"rollout:vendor_shares:USA/4g/2019/{vendor}"] == Triangular(
            low=0.0025, mode=0.01, high=0.02
        )
    assert rows["rollout:vendor_shares:JPN/4g/2019/zte"] == Triangular(low=0.0, mode=0.02, high=0.04)
    shares = {name: row for name, row in rows.items() if name.startswith("rollout:vendor_shares:")}
    reaching_zero = [
        row for row in shares.values() if isinstance(row, Triangular) and row.low == 0.0 < row.mode
    ]
    assert (
        len(reaching_zero) >= 4
    )  # China's Samsung, Japan's and Germany's ZTE, the rest of the world's other
    for row in reaching_zero:
        assert row.high - row.mode == pytest.approx(row.mode, rel=1e-9)


def test_a_hand_checked_rollout_draw() -> None:
    from gotogether.data.rollout.ranged import ROLLOUT_TABLES, rollout_tables

    tables = rollout_tables()
    drawn = with_drawn_rows(
        tables,
        {
            "rollout:countries:JPN/launch_year": 2020.6,  # a whole year: 2021
            "rollout:countries:IND/launch_year": 2022.4,  # 2022
            "rollout:countries:GBR/midpoint_year": 2024.37,  # not a whole year: as drawn
            # the USA's 4G vendors: Huawei 0.06 (table 0.01), the others at 0.45, 0.35, 0.01, 0.18, 0: the
            # group sums to 1.05 and every one of them is divided by it
            "rollout:vendor_shares:USA/4g/2019/huawei": 0.06,
        },
        ROLLOUT_TABLES,
    )
    countries = drawn["countries"].set_index(["country", "parameter"])["value"]
    assert countries["JPN", "launch_year"] == 2021.0
    assert countries["IND", "launch_year"] == 2022.0
    assert countries["GBR", "midpoint_year"] == 2024.37
    assert countries["FRA", "midpoint_year"] == 2022.5
    shares = drawn["vendor_shares"].set_index(["country", "generation", "year", "vendor"])["share"]
    assert shares["USA", "4g", 2019, "huawei"] == pytest.approx(0.06 / 1.05, rel=1e-12)
    assert shares["USA", "4g", 2019, "ericsson"] == pytest.approx(0.45 / 1.05, rel=1e-12)
    assert shares["USA", "4g", 2019, "samsung"] == pytest.approx(0.18 / 1.05, rel=1e-12)
    # another region's group and the 2020 awards are untouched
    assert shares["JPN", "4g", 2019, "nokia"] == 0.25
    assert shares["CHN", "5g", 2020, "zte"] == 0.287
    # the packaged tables are not changed by a draw
    assert tables["countries"].set_index(["country", "parameter"])["value"]["JPN", "launch_year"] == 2020.0


def test_every_drawn_rollout_table_has_whole_launch_years_and_4g_vendors_summing_to_one() -> None:
    from gotogether.data.rollout.ranged import ROLLOUT_TABLES, rollout_tables

    tables = rollout_tables()
    rows = ranged_rows(tables, ROLLOUT_TABLES)
    for values in design(rows, 16, seed=4).to_dict("records"):
        drawn = with_drawn_rows(tables, values, ROLLOUT_TABLES)
        countries = drawn["countries"]
        launch = countries.loc[countries["parameter"] == "launch_year", "value"].to_numpy()
        np.testing.assert_array_equal(launch, np.round(launch))
        moved = countries["value"].to_numpy() != tables["countries"]["value"].to_numpy()
        assert moved.sum() >= 180  # the drawn rows move (the launch years often round to the table's)
        shares = drawn["vendor_shares"]
        incumbency = shares[(shares["generation"] == "4g") & (shares["year"] == 2019)]
        np.testing.assert_allclose(incumbency.groupby("country")["share"].sum(), 1.0, rtol=1e-14)
        awards = shares[shares["generation"] == "5g"]["share"].to_numpy()
        np.testing.assert_array_equal(
            awards, tables["vendor_shares"].loc[shares["generation"] == "5g", "share"]
        )
