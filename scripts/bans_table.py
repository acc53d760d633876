"""The figures of docs/rollout.md's "What bans cost now" table, from a run of the three ban scenarios:

    gotogether run allied-bans examples/scenarios/uk-only.yaml examples/scenarios/eu-wide.yaml --out RUN
    python scripts/bans_table.py RUN docs/rollout.md

Each row of the table after its title names its scenario and country first ("allied-bans, JPN (...)",
"uk-only, world"); its six figure cells are rewritten from the run's tables: extra capex, write-off and
extra opex (support and maintenance) cumulative 2019-2035 (USD bn), months late to 80 % / 50 % of the
population, and the 5G value and the equivalent variation in present value (who pays, USD bn of 2019).
The rows' labels and order are kept.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pandas as pd

TITLE = "**What bans cost now**"
ROW = re.compile(r"^\| (?P<scenario>[a-z-]+), (?P<country>[A-Z]{3}|world)\b[^|]*\|")


def figures(run: Path) -> pd.DataFrame:
    """Extra capex, write-off, extra opex (USD bn), months late to 80 % and 50 %, 5G value and EV (PV,
    USD bn) by scenario and country, with each scenario's world (no delay)."""
    tables = run / "tables"
    keys = ["scenario", "country"]
    capex = pd.read_csv(tables / "rollout_extra_capex.csv").groupby(keys)["extra_capex"].sum()
    writeoff = pd.read_csv(tables / "rollout_extra_writeoff.csv").groupby(keys)["extra_writeoff"].sum()
    opex = pd.read_csv(tables / "rollout_extra_opex.csv").groupby(keys)["extra_opex"].sum()
    delay = pd.read_csv(tables / "rollout_coverage_delay_months.csv")
    late = delay.pivot_table(index=keys, columns="level", values="coverage_delay_months")
    pays = pd.read_csv(tables / "who_pays.csv").set_index(keys)[["value_5g_pv", "ev_pv"]]
    by_country = pd.concat(
        {
            "capex": capex / 1e9,
            "writeoff": writeoff / 1e9,
            "opex": opex / 1e9,
            "late80": late[0.8],
            "late50": late[0.5],
        },
        axis=1,
    ).join(pays, how="outer")
    money = ["capex", "writeoff", "opex", "value_5g_pv", "ev_pv"]
    world = by_country.groupby(level="scenario")[money].sum()
    world.index = pd.MultiIndex.from_product([world.index, ["world"]], names=keys)
    return pd.concat([by_country, world]).fillna(0.0)


def cells(figures: pd.Series, world: bool) -> list[str]:
    """One row's six figure cells (no delay for a world)."""

    def months(value: float) -> str:
        return "0" if round(value, 2) == 0 else f"{value:.2f}"

    delay = "" if world else f"{months(figures['late80'])} / {months(figures['late50'])}"
    money = [f"{figures[name]:.2f}" for name in ("capex", "writeoff", "opex")]
    value = [f"{figures[name]:.1f}" for name in ("value_5g_pv", "ev_pv")]
    return [*money, delay, *value]


def rewritten(document: str, table: pd.DataFrame) -> str:
    """``document`` with the figure cells of each row of its table after ``TITLE`` taken from ``table``."""
    lines, state = [], "before"  # then "title" (the title's paragraph), "table", "after"
    for line in document.split("\n"):
        if state == "before" and line.startswith(TITLE):
            state = "title"
        elif state == "title" and line.startswith("|"):
            state = "table"
        elif state == "table" and not line.startswith("|"):
            state = "after"
        match = ROW.match(line) if state == "table" else None
        if match is not None and (match["scenario"], match["country"]) in table.index:
            row = table.loc[[(match["scenario"], match["country"])]].iloc[0]
            figures_cells = cells(row, match["country"] == "world")
            line = line[: match.end()] + "".join(f" {cell} |" if cell else " |" for cell in figures_cells)
        lines.append(line)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run", type=Path, help="the run's output directory")
    parser.add_argument("document", type=Path, help="the docs page whose table is rewritten")
    arguments = parser.parse_args()
    table = figures(arguments.run)
    arguments.document.write_text(rewritten(arguments.document.read_text(), table))


if __name__ == "__main__":
    main()
