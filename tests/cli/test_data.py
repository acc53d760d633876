"""``gotogether data info`` describes the default worlds."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from gotogether.cli.main import app


def test_data_info_lists_regions_sectors_and_world_totals_of_the_2011_world() -> None:
    result = CliRunner().invoke(app, ["data", "info", "--world", "2011"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "year 2011, millions of current USD" in result.output
    assert "23 regions: CHN, USA, JPN" in result.output
    assert "Electrical and optical equipment" in result.output
    assert "141,767,904" in result.output  # world gross output, as in the WIOD 2011 table


def test_data_info_json_gives_year_method_sources_regions_in_usd_and_sectors() -> None:
    result = CliRunner().invoke(app, ["data", "info", "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert (info["world"], info["year"], info["unit"]) == ("2019", 2019, "current USD")
    assert "GRAS" in info["method"]
    assert any("ADB" in source for source in info["sources"])
    assert any("World Economic Outlook database, October 2020" in source for source in info["sources"])
    regions = pd.DataFrame(info["regions"]).set_index("region")
    assert len(regions) == 23
    assert regions.loc["USA", "value_added_usd"] == pytest.approx(21.5214e12, rel=1e-4)  # WDI GDP 2019
    assert regions.loc["TWN", "value_added_usd"] == pytest.approx(611.0e9, rel=1e-3)  # PWT 10.01
    sectors = pd.DataFrame(info["sectors"]).set_index("sector")
    assert list(sectors.index[10:13]) == ["SEMI", "TELEQ", "OELEC"]
    assert sectors.loc["SEMI", "wiod_industries"] == "c14"
    assert sectors.loc["SEMI", "theta"] == pytest.approx(3.95)


def test_data_info_names_the_worlds_it_knows_on_a_wrong_name() -> None:
    result = CliRunner().invoke(app, ["data", "info", "--world", "1999"])
    assert result.exit_code == 2
    assert "one of ['2011', '2019']" in result.output
