"""The whole default library as an ensemble: draws per second with 1 and 2 workers, cost per draw by stage,
and what that implies for 1,000 draws (the goal: under 10 minutes on this 2-core machine)."""

from __future__ import annotations

import cProfile
import pstats
import tempfile
import time
from functools import partial
from pathlib import Path

from gotogether.ensembles.runner import DrawIdentity, run_ensemble
from gotogether.pipeline.ensemble import library_draw, library_parameters, scenario_documents
from gotogether.scenarios import builtin_names, load_builtins

DRAWS = 24


def _measure(workers: int) -> dict[str, float | int | dict[str, float]]:
    documents = scenario_documents(load_builtins())
    draw = partial(library_draw, documents=documents)
    identity = DrawIdentity.of(library_draw, documents=documents)
    with tempfile.TemporaryDirectory() as work:
        start = time.perf_counter()
        run = run_ensemble(
            draw,
            library_parameters(),
            DRAWS,
            1,
            Path(work) / "draws",
            workers=workers,
            batch_size=6,
            identity=identity,
        )
        wall = time.perf_counter() - start
    return {
        "workers": workers,
        "draws": DRAWS,
        "wall_s": wall,
        "draws_per_s": DRAWS / wall,
        "stage_seconds": run.seconds,
        "implied_1000_draws_minutes": 1000 / (DRAWS / wall) / 60,
    }


ENGINE_FUNCTIONS = {
    "world perturbation": ("library.py", "perturbed_world"),
    "reference and value calibration": ("library.py", "scaled_reference"),
    "rollout": ("engine.py", "simulate_rollout"),
    "adoption": ("adoption.py", "adoption_share"),
    "trade engine (16 years x scenario)": ("run.py", "_welfare_by_year"),
    "who pays": ("who_pays.py", "who_pays"),
}
PROFILED_DRAWS = 3


def _cost_by_engine() -> dict[str, float]:
    """Seconds per draw spent in each engine's entry point (cumulative, from a profile of a few draws)."""
    draw = partial(library_draw, documents=scenario_documents(load_builtins()))
    draw({})  # load the world and the scenarios' supply results once, as a worker does
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(PROFILED_DRAWS):
        draw({})
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = {name: 0.0 for name in ENGINE_FUNCTIONS}
    for (path, _line, function), (_, _, _, cumulative, _) in stats.items():
        for name, (file, entry) in ENGINE_FUNCTIONS.items():
            if path.endswith(file) and function == entry:
                total[name] += cumulative / PROFILED_DRAWS
    return total


def run() -> dict[str, object]:
    serial, parallel = _measure(1), _measure(2)
    rates = float(parallel["draws_per_s"]), float(serial["draws_per_s"])  # type: ignore[arg-type]
    return {
        "cost_per_draw_by_engine_s_profiled": _cost_by_engine(),
        "supply_engine": "computed once per worker and scenario (no sampled parameter changes it)",
        "scenarios_per_draw": len(builtin_names()),
        "serial": serial,
        "two_workers": parallel,
        "parallel_efficiency": rates[0] / (2 * rates[1]),
    }
