"""Rollout engine: one scenario 2019-2035 on the default world (23 regions, 5 vendors, 17 years).

Cases: the baseline (one pass of the yearly loop), the allied bans (baseline pass for vendor capacity,
then the scenario), and a standards split with the US measures' supply effects (supply engine's
``us-huawei-2019-2020`` result, yearly, computed once outside the timing).
"""

from __future__ import annotations

import functools
from datetime import date

from benchmarks.harness import peak_memory_mib, time_call
from gotogether.engines.rollout import ALLIED_BANS, StandardsSplit, default_parameters, simulate_rollout
from gotogether.engines.supply import BUILTIN_CASES, load_default_network, simulate_supply

SPLIT = StandardsSplit(blocs={c: "china" for c in ("CHN", "RUS", "IDN", "ROW")}, start=date(2021, 1, 1))


def _split_with_supply() -> None:
    case = BUILTIN_CASES["us-huawei-2019-2020"]
    supply = simulate_supply(load_default_network(), case.measures, case.params).yearly()
    simulate_rollout(ALLIED_BANS, split=SPLIT, supply=supply)


def run() -> dict[str, object]:
    default_parameters()  # read the tables once, outside the timings
    case = BUILTIN_CASES["us-huawei-2019-2020"]
    supply = simulate_supply(load_default_network(), case.measures, case.params).yearly()
    cases = {
        "baseline": functools.partial(simulate_rollout),
        "allied-bans": functools.partial(simulate_rollout, ALLIED_BANS),
        "allied-bans+split+us-huawei-supply": functools.partial(
            simulate_rollout, ALLIED_BANS, split=SPLIT, supply=supply
        ),
    }
    result: dict[str, object] = {"years": "2019-2035 (17)", "regions": 23, "vendors": 5}
    for name, call in cases.items():
        result[name] = time_call(call, repeat=50)
    result["peak_memory_mib_split_with_supply_engine"] = peak_memory_mib(_split_with_supply)
    return result
