"""Rollout engine: one scenario 2019-2035 on the default world (23 regions, 5 vendors, 17 years).

Cases: the baseline (one pass of the yearly loop), the allied bans of the scenario library (baseline pass
for vendor capacity, then the scenario), and a split of the vendors' learning (Huawei and ZTE stop
learning from the others) with the supply effects of the library's ``us-huawei-2019-2020`` (yearly,
computed once outside the timing), and a UK ban from 2025 (its run starts from the baseline's state that
year: ``engine.first_year_acting``). Beside them, what a draw adds to solve the price sensitivity and the
discount from their targets at its nest parameter (``calibrated``, lam 0.5: the farthest from the
default), and ``configure`` with a draw of the rollout's parameters, new values each call (nothing kept).
"""

from __future__ import annotations

import functools
from datetime import date

import xarray as xr

from benchmarks.harness import peak_memory_mib, time_call
from gotogether.engines.rollout import Ban, StandardsSplit, simulate_rollout
from gotogether.engines.rollout.calibration import calibrated
from gotogether.pipeline.parameters import configure
from gotogether.pipeline.run import scenario_supply
from gotogether.pipeline.world import load_world
from gotogether.scenarios import load_scenario
from gotogether.scenarios.translate import translate

UK_2025 = Ban("UK ban from 2025", ("GBR",), ("huawei",), date(2025, 1, 1), date(2029, 12, 31))
SPLIT = StandardsSplit(vendor_blocs={"huawei": "china", "zte": "china"}, start=date(2021, 1, 1))


def _allied_bans() -> list[Ban]:
    """The bans of the library's allied-bans scenario that the rollout models."""
    return translate(load_scenario("allied-bans"), load_world().model).bans


def _us_huawei_supply() -> xr.Dataset:
    return scenario_supply(load_world(), load_scenario("us-huawei-2019-2020")).yearly()


def _split_with_supply() -> None:
    simulate_rollout(_allied_bans(), split=SPLIT, supply=_us_huawei_supply(), params=load_world().rollout)


def run() -> dict[str, object]:
    bans = _allied_bans()  # read the tables once, outside the timings
    supply = _us_huawei_supply()
    params = load_world().rollout
    cases = {
        "baseline": functools.partial(simulate_rollout, params=params),
        "allied-bans": functools.partial(simulate_rollout, bans, params=params),
        "allied-bans+split+us-huawei-supply": functools.partial(
            simulate_rollout, bans, split=SPLIT, supply=supply, params=params
        ),
        "uk-ban-from-2025": functools.partial(simulate_rollout, [UK_2025], params=params),
    }
    result: dict[str, object] = {"years": "2019-2035 (17)", "regions": 23, "vendors": 5}
    for name, call in cases.items():
        result[name] = time_call(call, repeat=50)
    result["peak_memory_mib_split_with_supply_engine"] = peak_memory_mib(_split_with_supply)
    nested = params.with_values(nest_dissimilarity=0.5)
    result["calibrated_lam_0.5"] = time_call(functools.partial(calibrated, nested, 0.375, 1.435), repeat=50)
    draws = iter(range(10**6))

    def configure_a_draw() -> None:
        lam = 0.5 + 0.5 * (next(draws) % 1000) / 1000  # new values: the solution is not kept
        configure(load_world(), {"rollout.nest_dissimilarity": lam, "rollout.ericsson_margin": 0.36})

    result["configure_rollout_draw"] = time_call(configure_a_draw, repeat=50)
    return result
