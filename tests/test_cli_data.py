"""``gotogether data info`` describes the default world."""

from __future__ import annotations

from typer.testing import CliRunner

from gotogether.cli.main import app


def test_data_info_lists_regions_sectors_and_world_totals() -> None:
    result = CliRunner().invoke(app, ["data", "info"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "year 2011, millions of current USD" in result.output
    assert "23 regions: CHN, USA, JPN" in result.output
    assert "Electrical and optical equipment" in result.output
    assert "141,767,904" in result.output  # world gross output, as in the WIOD 2011 table
