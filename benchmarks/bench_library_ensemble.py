"""The whole default library as an ensemble: draws per second with 1 and 2 workers, cost per draw by stage,
and what that implies for 1,000 draws (issue 20: under 5 minutes on this 2-core machine with parallel
efficiency 0.8; issue 16: under 10 minutes with diffusion on).

On a shared machine wall times move with the other jobs' load; the CPU seconds of a draw, measured in this
process without a profiler (``_cpu_by_stage``), do much less, so the 1,000-draw times are also given from
them (``implied_1000_draws_minutes_from_cpu``: CPU per draw x 1,000 over the workers, at the efficiency
measured).

With ``GOTOGETHER_BENCH_BASELINE_SOURCE`` set to a checkout of the code to compare with (e.g. main's, from
``git archive main | tar -x -C DIR``), its own ``_cpu_by_stage`` runs in a subprocess with its sources
first on the path, right after this code's, so that before and after share the machine's load
(``cpu_per_draw_by_stage_s_baseline``)."""

from __future__ import annotations

import cProfile
import functools
import importlib
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from gotogether.ensembles.runner import DrawIdentity, run_ensemble
from gotogether.pipeline.ensemble import library_draw, library_parameters, scenario_documents
from gotogether.scenarios import builtin_names, load_builtins

DRAWS = 24


def _measure(workers: int, draws: int = DRAWS) -> dict[str, float | int | dict[str, float]]:
    documents = scenario_documents(load_builtins())
    draw = partial(library_draw, documents=documents)
    identity = DrawIdentity.of(library_draw, documents=documents)
    with tempfile.TemporaryDirectory() as work:
        start = time.perf_counter()
        run = run_ensemble(
            draw,
            library_parameters(),
            draws,
            1,
            Path(work) / "draws",
            workers=workers,
            batch_size=6,
            identity=identity,
        )
        wall = time.perf_counter() - start
    return {
        "workers": workers,
        "draws": draws,
        "wall_s": wall,
        "draws_per_s": draws / wall,
        "stage_seconds": run.seconds,
        "implied_1000_draws_minutes": 1000 / (draws / wall) / 60,
    }


FRESH_DRAWS = 48
"""Draws of the efficiency measured in fresh processes (``_fresh``): 4 batches of 6 per worker with 2."""
_FRESH_CODE = (
    "import json, sys, time; start = time.perf_counter(); "
    "from benchmarks.bench_library_ensemble import _measure; "
    "measured = _measure(int(sys.argv[1]), int(sys.argv[2])); "
    "print(json.dumps(measured | {'process_wall_s': time.perf_counter() - start}))"
)


def _fresh(workers: int, draws: int = FRESH_DRAWS) -> dict[str, Any]:
    """``_measure`` in a fresh process, imports included (``process_wall_s``; ``cpu_all_processes_s``:
    the CPU of that process and its workers): 1 worker then pays, like each of 2, for its imports, world
    and first draws' caches. (``_measure`` in this process after
    ``_cpu_by_stage`` runs 1 worker on warm caches and 2 on cold ones, which understates the efficiency
    on few draws.)"""
    root = Path(__file__).resolve().parents[1]
    before = _children_cpu()
    done = subprocess.run(
        [sys.executable, "-c", _FRESH_CODE, str(workers), str(draws)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)])},
        capture_output=True,
        text=True,
        check=True,
    )
    measured: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return measured | {"cpu_all_processes_s": _children_cpu() - before}


def _children_cpu() -> float:
    """CPU seconds (user and system) of this process's finished children and theirs: the process of
    ``_fresh``, its workers and Dask's."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


ENGINE_FUNCTIONS = {
    "world perturbation": ("library.py", "perturbed_world"),
    "reference and value calibration": ("library.py", "scaled_reference"),
    "rollout": ("engine.py", "simulate_rollout"),
    "adoption": ("adoption.py", "adoption_share"),
    "trade engine (16 years x scenario)": ("run.py", "_solve_loops"),
    "who pays": ("who_pays.py", "who_pays_columns"),
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


STAGES = {
    "rollout": ("gotogether.pipeline.run", "_rollout"),
    "adoption and value": ("gotogether.pipeline.run", "_value"),
    "5G productivity for trade": ("gotogether.pipeline.run", "_trade_productivity"),
    "controls": ("gotogether.pipeline.run", "control_effects"),
    "disruption": ("gotogether.pipeline.run", "run_disruption"),
    # every scenario's yearly loops of a draw solved together (run_scenarios), their shocks built before
    "trade engine (16 years x scenario)": ("gotogether.pipeline.run", "_solve_loops"),
    "trade shocks": ("gotogether.pipeline.run", "_loops"),
    "who pays": ("gotogether.pipeline.ensemble", "who_pays_columns"),
}
CPU_DRAWS = 3


def _timed(function: Callable[..., Any], totals: dict[str, float], name: str) -> Callable[..., Any]:
    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            totals[name] += time.process_time() - start

    return timed


def _cpu_by_stage(values: Mapping[str, float]) -> dict[str, float]:
    """CPU seconds per draw by stage and in all (``draw``), without a profiler (whose overhead falls
    unevenly on Python-heavy and numpy-heavy code): the stages' functions wrapped with a CPU clock."""
    draw = partial(library_draw, documents=scenario_documents(load_builtins()))
    draw(values)  # load the world and the scenarios' supply results once, as a worker does
    totals = dict.fromkeys(STAGES, 0.0)
    originals = []
    for name, (module_name, function) in STAGES.items():
        module = importlib.import_module(module_name)
        originals.append((module, function, getattr(module, function)))
        setattr(module, function, _timed(getattr(module, function), totals, name))
    try:
        start = time.process_time()
        for _ in range(CPU_DRAWS):
            draw(values)
        total = time.process_time() - start
    finally:
        for module, function, original in originals:
            setattr(module, function, original)
    by_stage = {name: seconds / CPU_DRAWS for name, seconds in totals.items()}
    return by_stage | {"other": (total - sum(totals.values())) / CPU_DRAWS, "draw": total / CPU_DRAWS}


BASELINE_SOURCE = "GOTOGETHER_BENCH_BASELINE_SOURCE"
_BASELINE_CODE = (
    "import json, sys; from benchmarks.bench_library_ensemble import _cpu_by_stage; "
    "print(json.dumps(_cpu_by_stage(json.loads(sys.argv[1]))))"
)


def _baseline_cpu_by_stage(values: Mapping[str, float]) -> dict[str, float] | None:
    """``_cpu_by_stage`` of the checkout at ``GOTOGETHER_BENCH_BASELINE_SOURCE`` (None when unset)."""
    root = os.environ.get(BASELINE_SOURCE)
    if not root:
        return None
    path = os.pathsep.join([str(Path(root) / "src"), root])
    done = subprocess.run(
        [sys.executable, "-c", _BASELINE_CODE, json.dumps(dict(values))],
        cwd=root,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        check=True,
    )
    stages: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return stages


_FIXED_CODE = """
import json, time
start = time.process_time()
from threadpoolctl import threadpool_limits
from gotogether.ensembles.sampling import design
from gotogether.pipeline.ensemble import library_draw, library_parameters, scenario_documents
from gotogether.pipeline.world import load_world
from gotogether.scenarios import load_builtins
imported = time.process_time()
load_world()
loaded = time.process_time()
documents = scenario_documents(load_builtins())
rows = design(library_parameters(), SAMPLED_DRAWS + 1, seed=7).to_dict("records")
times = []
with threadpool_limits(limits=1, user_api="blas"):
    for row in rows:
        before = time.process_time()
        library_draw({str(name): float(value) for name, value in row.items()}, documents)
        times.append(time.process_time() - before)
steady = sum(times[1:]) / SAMPLED_DRAWS
print(json.dumps({"imports_s": imported - start, "world_s": loaded - imported,
                  "first_draw_extra_s": times[0] - steady, "sampled_draw_s": steady}))
"""
SAMPLED_DRAWS = 4


def _fixed_cpu(source: str | None = None) -> dict[str, float]:
    """CPU seconds, in a fresh process as a worker starts, of the imports, the world's loading and the
    first draw beyond the next ones (caches), and of a draw of sampled parameters (``sampled_draw_s``; the
    stages above draw the defaults again and again, so their per-parameter caches always hit); of the
    code at ``source`` (a checkout, as ``GOTOGETHER_BENCH_BASELINE_SOURCE``) if given."""
    root = Path(source) if source else Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", _FIXED_CODE.replace("SAMPLED_DRAWS", str(SAMPLED_DRAWS))],
        cwd=root,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)])},
        capture_output=True,
        text=True,
        check=True,
    )
    fixed: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return fixed


def _implied_efficiency(fixed: Mapping[str, float], draws: int) -> float:
    """Parallel efficiency from 1 to 2 workers of ``draws`` sampled draws from CPU alone: each process
    pays the fixed CPU once (``_fixed_cpu``), scheduling and Dask's own costs left out."""
    once = fixed["imports_s"] + fixed["world_s"] + fixed["first_draw_extra_s"]
    serial = once + draws * fixed["sampled_draw_s"]
    return serial / (2.0 * (once + draws / 2.0 * fixed["sampled_draw_s"]))


def run() -> dict[str, object]:
    static, static_before = _cpu_by_stage({}), _baseline_cpu_by_stage({})
    dynamic, dynamic_before = (
        _cpu_by_stage({"diffusion.dynamic": 1.0}),
        _baseline_cpu_by_stage({"diffusion.dynamic": 1.0}),
    )
    baseline = (
        {}
        if static_before is None
        else {
            "cpu_per_draw_by_stage_s_baseline": static_before,
            "cpu_per_draw_by_stage_s_diffusion_on_baseline": dynamic_before,
            "baseline_source": os.environ[BASELINE_SOURCE],
        }
    )
    serial, parallel = _measure(1), _measure(2)
    rates = float(parallel["draws_per_s"]), float(serial["draws_per_s"])  # type: ignore[arg-type]
    efficiency = rates[0] / (2 * rates[1])
    fixed = _fixed_cpu()
    if os.environ.get(BASELINE_SOURCE):
        baseline["fixed_cpu_per_process_s_baseline"] = _fixed_cpu(os.environ[BASELINE_SOURCE])
    load = os.getloadavg()[0]
    fresh = {workers: _fresh(workers) for workers in (1, 2)}
    whole = {workers: float(measured["process_wall_s"]) for workers, measured in fresh.items()}
    fresh_rates = {workers: float(measured["draws_per_s"]) for workers, measured in fresh.items()}
    return {
        "cpu_per_draw_by_stage_s": static,
        "cpu_per_draw_by_stage_s_diffusion_on": dynamic,
        "implied_1000_draws_minutes_from_cpu": {
            "1 worker": 1000 * static["draw"] / 60,
            "2 workers": 1000 * static["draw"] / (2 * efficiency) / 60,
            "1 worker, diffusion on": 1000 * dynamic["draw"] / 60,
            "2 workers, diffusion on": 1000 * dynamic["draw"] / (2 * efficiency) / 60,
        },
        "cost_per_draw_by_engine_s_profiled": _cost_by_engine(),
        "supply_engine": "computed once per worker and scenario (no sampled parameter changes it)",
        "scenarios_per_draw": len(builtin_names()),
        "serial": serial,
        "two_workers": parallel,
        "parallel_efficiency": efficiency,
        "fixed_cpu_per_process_s": fixed,
        "implied_efficiency_from_cpu": {
            f"{draws} draws": _implied_efficiency(fixed, draws) for draws in (24, FRESH_DRAWS, 1000)
        },
        "implied_1000_sampled_draws_minutes_from_cpu_2_workers": (
            2 * (fixed["imports_s"] + fixed["world_s"] + fixed["first_draw_extra_s"])
            + 1000 * fixed["sampled_draw_s"]
        )
        / 2
        / 60,
        "fresh_processes": {
            "draws": FRESH_DRAWS,
            "load_average_1min_at_start": load,
            "serial": fresh[1],
            "two_workers": fresh[2],
            "parallel_efficiency_whole_process": whole[1] / (2 * whole[2]),
            "parallel_efficiency_ensemble": fresh_rates[2] / (2 * fresh_rates[1]),
            # what the wall-clock efficiency would be on two free cores: the CPU the same draws take in
            # one process against two workers (imports, world, caches and Dask's work included)
            "parallel_efficiency_from_cpu_all_processes": (
                float(fresh[1]["cpu_all_processes_s"]) / float(fresh[2]["cpu_all_processes_s"])
            ),
        },
    } | baseline
