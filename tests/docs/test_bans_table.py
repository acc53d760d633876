"""scripts/bans_table.py rewrites the figures of docs/rollout.md's "What bans cost now" table, only them."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pandas as pd

SCRIPT = Path(__file__).parents[2] / "scripts" / "bans_table.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bans_table", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(tables: Path) -> None:
    tables.mkdir()
    rows = [("uk-only", "GBR", 2020, 1.5e9), ("uk-only", "GBR", 2021, 2.25e9)]
    rows.append(("uk-only", "FRA", 2020, 0.5e9))
    pd.DataFrame(rows, columns=["scenario", "country", "year", "extra_capex"]).to_csv(
        tables / "rollout_extra_capex.csv", index=False
    )
    pd.DataFrame(
        [(s, c, y, v / 8) for s, c, y, v in rows], columns=["scenario", "country", "year", "extra_writeoff"]
    ).to_csv(tables / "rollout_extra_writeoff.csv", index=False)
    pd.DataFrame(
        [(s, c, y, v / 20) for s, c, y, v in rows], columns=["scenario", "country", "year", "extra_opex"]
    ).to_csv(tables / "rollout_extra_opex.csv", index=False)
    late = [("uk-only", "GBR", 0.5, 0.0), ("uk-only", "GBR", 0.8, 1.234), ("uk-only", "FRA", 0.5, 0.004)]
    late.append(("uk-only", "FRA", 0.8, 0.0))
    pd.DataFrame(
        late,
        columns=["scenario", "country", "level", "coverage_delay_months"],
    ).to_csv(tables / "rollout_coverage_delay_months.csv", index=False)
    pd.DataFrame(
        [("uk-only", "GBR", -60.04, -66.96), ("uk-only", "FRA", -1.0, -2.0)],
        columns=["scenario", "country", "value_5g_pv", "ev_pv"],
    ).to_csv(tables / "who_pays.csv", index=False)


def test_the_table_after_its_title_is_rewritten_from_the_run_and_nothing_else(tmp_path: Path) -> None:
    _run(tmp_path / "tables")
    document = "\n".join(
        [
            "| uk-only, GBR (an older table) | 9 | 9 | 9 | 9 | 9 |",
            "",
            "**What bans cost now** (measured on a day):",
            "",
            "| scenario, country | extra capex | write-off | extra opex | late to 80 % / 50 % | 5G value "
            "| EV |",
            "|---|---|---|---|---|---|---|",
            "| uk-only, GBR (cap by operator) | 0 | 0 | 0 | 0 / 0 | 0 | 0 |",
            "| uk-only, world | 0 | 0 | 0 | | 0 | 0 |",
            "",
            "| uk-only, FRA | 9 | 9 | 9 | 9 | 9 |",
        ]
    )
    bans_table = _script()
    lines = bans_table.rewritten(document, bans_table.figures(tmp_path)).split("\n")
    assert lines[0] == "| uk-only, GBR (an older table) | 9 | 9 | 9 | 9 | 9 |"
    assert lines[6] == "| uk-only, GBR (cap by operator) | 3.75 | 0.47 | 0.19 | 1.23 / 0 | -60.0 | -67.0 |"
    assert lines[7] == "| uk-only, world | 4.25 | 0.53 | 0.21 | | -61.0 | -69.0 |"
    assert lines[9] == "| uk-only, FRA | 9 | 9 | 9 | 9 | 9 |"
