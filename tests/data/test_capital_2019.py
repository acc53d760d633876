"""The 2019 world's capital accounts (Penn World Table 10.01): rebuilt from the PWT rows they are made of,
figures checked against the table's own series, and a bad cell named."""

from __future__ import annotations

import runpy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gotogether.data.default_world import capital2019, gdp_2019
from gotogether.errors import InputError

ROOT = Path(__file__).resolve().parents[2]


def test_the_packaged_table_is_the_build_of_the_pwt_rows(tmp_path: Path) -> None:
    build = runpy.run_path(str(ROOT / "scripts" / "build_capital_2019.py"))["build"]
    built = build(out=tmp_path / "capital_2019.csv")
    packaged = pd.read_csv(Path(capital2019.__file__).with_name(capital2019.CAPITAL_FILE))
    assert list(packaged["region"]) == list(gdp_2019()["country"].values)
    for column in (*capital2019.ACCOUNTS, "share_coverage"):
        np.testing.assert_allclose(packaged[column], built[column], atol=5e-7)
    assert list(packaged["members"]) == list(built["members"])


def test_a_single_country_region_is_its_pwt_row() -> None:
    rows = pd.read_csv(ROOT / "data" / "raw" / "world2019" / "pwt_2019_capital.csv").set_index("isocode")
    usa = rows.loc["USA"]
    accounts = capital2019.capital_2019()
    # the table holds six decimals; K / Y at market prices: cn pl_k / (cgdpo pl_gdpo)
    expected = usa["cn"] * usa["pl_k"] / (usa["cgdpo"] * usa["pl_gdpo"])
    assert float(accounts["capital_output"].sel(country="USA")) == pytest.approx(expected, abs=5e-7)
    assert float(accounts["investment_rate"].sel(country="USA")) == pytest.approx(
        usa["csh_i"] * usa["pl_i"] / usa["pl_gdpo"], abs=5e-7
    )
    assert float(accounts["depreciation"].sel(country="USA")) == pytest.approx(usa["delta"], abs=5e-7)
    assert float(accounts["capital_share"].sel(country="USA")) == pytest.approx(1 - usa["labsh"], abs=5e-7)
    # China invests about 43 % of its GDP, the United States about 21 %
    assert 0.40 < float(accounts["investment_rate"].sel(country="CHN")) < 0.46
    assert 0.19 < float(accounts["investment_rate"].sel(country="USA")) < 0.23


def test_an_aggregate_weights_its_members() -> None:
    rows = pd.DataFrame(
        {
            "isocode": ["AAA", "BBB"],
            "cgdpo": [100.0, 300.0],
            "cn": [200.0, 1200.0],
            "csh_i": [0.2, 0.3],
            "delta": [0.05, 0.03],
            "labsh": [0.6, np.nan],
            "pl_gdpo": [1.0, 1.0],
            "pl_i": [1.0, 1.0],
            "pl_k": [1.0, 1.0],
        }
    )
    table = capital2019.capital_by_region(rows, {}, ["ROW"]).iloc[0]
    assert table["capital_output"] == pytest.approx(1400.0 / 400.0)
    assert table["investment_rate"] == pytest.approx((20.0 + 90.0) / 400.0)
    assert table["depreciation"] == pytest.approx((0.05 * 200 + 0.03 * 1200) / 1400.0)
    assert table["capital_share"] == pytest.approx(0.4)  # only AAA has a labour share
    assert table["share_coverage"] == pytest.approx(0.25)


def test_a_bad_cell_is_named(tmp_path: Path) -> None:
    packaged = pd.read_csv(Path(capital2019.__file__).with_name(capital2019.CAPITAL_FILE))
    packaged.loc[1, "depreciation"] = -0.01
    path = tmp_path / "capital_2019.csv"
    packaged.to_csv(path, index=False)
    with pytest.raises(InputError, match=r"region USA, column depreciation"):
        capital2019.capital_2019(path)
