"""Where taiwan-disruption's ensemble tail comes from (docs/disruption.md, "The lower tail"): the disruption
engine run alone at each draw's sampled values, and a 2021-like chip shortfall on the 2019 world.

    gotogether run taiwan-disruption --draws 200 --seed 20201231 --out /tmp/tail
    python scripts/disruption_tail.py draws /tmp/tail.draws --out /tmp/tail-regimes.csv
    python scripts/disruption_tail.py check-2021

``draws`` writes one row a draw: the world's who pays (PV, bn USD), the sampled ``disruption.*`` values,
the world's output at its lowest month over the baseline, the months below 0.9, the chip users' and the
other sectors' lowest output, the most rationing iterations in a month and the lowest TFP change the
coupling passes on. ``check-2021`` prints the chip users' and the other sectors' lowest output when 17 % of
every region's chip capacity is lost for 12 months with no spare capacity and no overproduction (the
Commerce survey of January 2022: demand up to 17 % above 2019's, fabs at 90 % or more), at the stocks given.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from gotogether.engines.contract import run_engine
from gotogether.engines.disruption import build_shock, entry, window
from gotogether.engines.disruption.events import CapacityLoss, Profile
from gotogether.ensembles.storage import DESIGN, read_table
from gotogether.pipeline import load_world
from gotogether.pipeline.disruption import (
    CRITICAL_PAIRS,
    disruption_parameters,
    disruption_table,
    run_disruption,
)
from gotogether.pipeline.run import TRADE_YEARS, scenario_world
from gotogether.scenarios import load_scenario
from gotogether.scenarios.translate import translate

SCENARIO = "taiwan-disruption"
SHORTFALL_2021 = 0.17
NO_SPARE = {"disruption.spare_capacity": 0.0, "disruption.overproduction_max": 1.0}


def _lowest(output: np.ndarray, baseline: np.ndarray, sectors: list[int]) -> np.ndarray:
    """Output of ``sectors`` over their baseline, by month (output: month, region, sector)."""
    ratio: np.ndarray = output[:, :, sectors].sum(axis=(1, 2)) / baseline[:, sectors].sum()
    return ratio


def _sector_groups(sectors: list[str]) -> tuple[list[int], list[int]]:
    users = [sectors.index(s) for s in CRITICAL_PAIRS["SEMI"]]
    return users, [j for j in range(len(sectors)) if j not in users]


def draw_regimes(draws_dir: Path) -> pd.DataFrame:
    """One row a draw of ``draws_dir`` (a ``gotogether run --draws`` directory of taiwan-disruption)."""
    design = pd.read_parquet(draws_dir / DESIGN)
    who_pays = read_table(draws_dir, "who_pays").xs(SCENARIO, level="scenario")
    world_pays = who_pays["ev_pv"].groupby("draw").sum()
    scenario, base = load_scenario(SCENARIO), load_world()
    table = disruption_table(base.table)
    sectors = list(table.sectors)
    baseline = table.output.reshape(len(table.regions), len(sectors))
    users, others = _sector_groups(sectors)
    rows = []
    for draw, pays in world_pays.items():
        values = {k: float(v) for k, v in design.loc[draw].items() if str(k).startswith("disruption.")}
        world = scenario_world(base, scenario, values)
        outcome = run_disruption(world, translate(scenario, world.model), TRADE_YEARS)
        if outcome is None or outcome.result is None:
            raise SystemExit(f"{SCENARIO} has no dated disruption")
        output = outcome.result["output"].values
        everything = _lowest(output, baseline, list(range(len(sectors))))
        rows.append(
            {
                "draw": draw,
                "who_pays_world": pays,
                **values,
                "world_output_lowest": everything.min(),
                "months_below_0_9": int((everything < 0.9).sum()),
                "chip_users_lowest": _lowest(output, baseline, users).min(),
                "other_sectors_lowest": _lowest(output, baseline, others).min(),
                "most_iterations": int(outcome.result["iterations"].max()),
                "lowest_tfp": float(outcome.productivity.min()),
            }
        )
    return pd.DataFrame(rows).set_index("draw")


def shortfall_2021(overrides: Mapping[str, float]) -> tuple[float, float]:
    """The chip users' and the other sectors' lowest monthly output over the baseline, every region's chips
    short by SHORTFALL_2021 for 12 months (recovered over 3), at the defaults with ``overrides``."""
    base = load_world()
    table = disruption_table(base.table)
    regions, sectors = list(table.regions), list(table.sectors)
    baseline = table.output.reshape(len(regions), len(sectors))
    event = CapacityLoss(dict.fromkeys(regions, 1.0), ("SEMI",), Profile("2025-01", SHORTFALL_2021, 12, 3))
    months = window([event])
    params = disruption_parameters({**base.parameters, **NO_SPARE, **overrides})
    result = run_engine(entry.run, build_shock([event], months, regions, sectors), params, table)
    users, others = _sector_groups(sectors)
    output = result["output"].values
    return float(_lowest(output, baseline, users).min()), float(_lowest(output, baseline, others).min())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    draws = commands.add_parser("draws", help="the disruption engine at each draw's sampled values")
    draws.add_argument("draws_dir", type=Path)
    draws.add_argument("--out", type=Path, required=True)
    commands.add_parser("check-2021", help="a 2021-like chip shortfall at two sets of stocks")
    arguments = parser.parse_args()
    if arguments.command == "draws":
        regimes = draw_regimes(arguments.draws_dir)
        regimes.to_csv(arguments.out)
        tail = regimes["world_output_lowest"] < 0.9
        print(f"{int(tail.sum())} of {len(regimes)} draws take the world's output below 0.9 in some month")
        print(regimes.groupby(tail)["who_pays_world"].describe())
        return
    settings = {
        "2 weeks of chips, other stocks at the default": {"disruption.inventory_weeks.SEMI": 2.0},
        "2 weeks of chips, 1 week of other inputs, refill over 5 months": {
            "disruption.inventory_weeks.SEMI": 2.0,
            "disruption.inventory_weeks": 1.0,
            "disruption.refill_months": 5.0,
        },
    }
    for label, overrides in settings.items():
        users, others = shortfall_2021(overrides)
        print(f"{label}: chip users' lowest month {users:.3f}, other sectors' {others:.3f}")


if __name__ == "__main__":
    main()
