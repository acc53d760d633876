"""The whole default library as an ensemble: draws per second with 1 and 2 workers, cost per draw by stage,
and what that implies for 1,000 draws (the goal: under 10 minutes on this 2-core machine)."""

from __future__ import annotations

import tempfile
import time
from functools import partial
from pathlib import Path

from gotogether.ensembles.library import library_draw, library_parameters
from gotogether.ensembles.runner import run_ensemble
from gotogether.scenarios import builtin_names

DRAWS = 24


def _measure(workers: int) -> dict[str, float | int | dict[str, float]]:
    draw = partial(library_draw, names=tuple(builtin_names()))
    with tempfile.TemporaryDirectory() as work:
        start = time.perf_counter()
        run = run_ensemble(
            draw, library_parameters(), DRAWS, 1, Path(work) / "draws", workers=workers, batch_size=6
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


def run() -> dict[str, object]:
    serial, parallel = _measure(1), _measure(2)
    rates = float(parallel["draws_per_s"]), float(serial["draws_per_s"])  # type: ignore[arg-type]
    return {
        "scenarios_per_draw": len(builtin_names()),
        "serial": serial,
        "two_workers": parallel,
        "parallel_efficiency": rates[0] / (2 * rates[1]),
    }
