"""``gotogether run``: the console's who-pays table and its notes, each under its scenario."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from gotogether.cli.main import app


def test_the_console_shows_the_disruption_channel_and_notes_by_scenario(tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = CliRunner().invoke(app, ["run", "taiwan-disruption", "--out", str(out)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if "scenario" in line and "group" in line)
    assert "disruption" in header
    table = pd.read_csv(out / "tables" / "who_pays.csv")
    world = table[table["scenario"] == "taiwan-disruption"]["disruption_pv"].sum()
    row = next(line for line in result.output.splitlines() if "taiwan-disruption" in line and "world" in line)
    assert f"{world:+,.1f}" in re.split(r"[│|]", row)[-2]  # the last column is the disruption channel
    notes = result.output[result.output.index("Notes: what was approximated") :]
    assert notes.splitlines()[1] == "taiwan-disruption:"
    assert "the recovery is approximated by its midpoint" in " ".join(notes.split())  # lines wrap
