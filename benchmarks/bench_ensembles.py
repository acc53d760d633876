"""Ensembles: draws per second of the NAFTA-theta ensemble with 1 and 2 workers, parallel efficiency, and the
cost per draw by stage (sampling, model, writing)."""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from gotogether.ensembles import run_ensemble
from gotogether.validation.nafta_ensemble import nafta_theta_draw, theta_parameters

DRAWS = 96
BATCH_SIZE = 8
GOAL_DRAWS = 1000
GOAL_SECONDS = 600.0


def _cluster_start_seconds() -> float:
    from distributed import Client, LocalCluster

    start = time.perf_counter()
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)  # type: ignore[no-untyped-call]
    with cluster, Client(cluster):  # type: ignore[no-untyped-call]
        elapsed = time.perf_counter() - start
    return elapsed


@dataclass(frozen=True)
class Measurement:
    workers: int
    draws: int
    wall_s: float
    draws_per_s: float
    per_draw_ms: dict[str, float]


def _measure(workers: int) -> Measurement:
    parameters = theta_parameters()
    nafta_theta_draw({})  # load and cache the data in this process, as a worker does once
    with tempfile.TemporaryDirectory() as folder:
        run = run_ensemble(
            nafta_theta_draw, parameters, DRAWS, 1, Path(folder) / "e", batch_size=BATCH_SIZE, workers=workers
        )
    seconds = run.seconds
    return Measurement(
        workers=workers,
        draws=DRAWS,
        wall_s=seconds["wall"],
        draws_per_s=DRAWS / seconds["wall"],
        per_draw_ms={stage: 1000 * seconds[stage] / DRAWS for stage in ("sampling", "model", "writing")},
    )


def run() -> dict[str, object]:
    serial = _measure(1)
    parallel = _measure(2)
    startup = _cluster_start_seconds()
    steady = DRAWS / (parallel.wall_s - startup)
    efficiency = parallel.draws_per_s / (2 * serial.draws_per_s)
    model_ms = serial.per_draw_ms["model"]
    return {
        "draw_function": "NAFTA on CP 1993 data, 20 uncertain traded-sector theta (2 solves per draw)",
        "load_average_1min_after": os.getloadavg()[0],
        "batch_size": BATCH_SIZE,
        "serial": asdict(serial),
        "two_workers": asdict(parallel),
        "cluster_start_s": startup,
        "two_workers_draws_per_s_without_start": steady,
        "parallel_efficiency": efficiency,
        "parallel_efficiency_without_start": steady / (2 * serial.draws_per_s),
        "implied_1000_draws_s": {
            "serial": GOAL_DRAWS / serial.draws_per_s,
            "two_workers": startup + GOAL_DRAWS / steady,
        },
        "library_budget_per_draw_ms_on_2_workers": 2 * 1000 * GOAL_SECONDS / GOAL_DRAWS,
        "nafta_theta_share_of_budget": model_ms / (2 * 1000 * GOAL_SECONDS / GOAL_DRAWS),
    }
