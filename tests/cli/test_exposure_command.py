"""``gotogether exposure``: the table of value added at risk from a chokepoint."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from gotogether.cli.main import app


def test_exposure_of_taiwanese_chips(tmp_path: Path) -> None:
    out = tmp_path / "exposure.csv"
    result = CliRunner().invoke(
        app,
        ["exposure", "--countries", "TWN", "--sectors", "SEMI", "--out", str(out)],
        env={"COLUMNS": "160"},
    )
    assert result.exit_code == 0, result.output
    assert "Value added at risk from TWN SEMI" in result.output
    table = pd.read_csv(out, index_col=["country", "sector"])
    assert len(table) == 23 * 27
    assert table["value_added_at_risk_downstream"].idxmax() == ("TWN", "SEMI")


def test_an_unknown_chokepoint_is_a_clear_error() -> None:
    result = CliRunner().invoke(app, ["exposure", "--countries", "XXX"])
    assert result.exit_code != 0
    assert "XXX not a region or sector of the model world" in str(result.exception)
