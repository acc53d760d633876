"""Trade engine: NAFTA counterfactual time, iterations and memory; scaling with N x J; CP's algorithm.

With ``GOTOGETHER_BENCH_BASELINE_SOURCE`` set to a checkout of the code to compare with (e.g. from ``git
archive``), the scaling is timed with that checkout's trade engine too, in the same run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
import xarray as xr

from benchmarks.cp_damped import solve_damped
from benchmarks.harness import peak_memory_mib, python_command, time_call, whole_process_seconds
from gotogether.data.loaders.cp2015 import NAFTA, cp2015_tariffs
from gotogether.engines.trade import TradeBaseline, TradeShock, solve
from gotogether.engines.trade.equilibrium import build_problem
from gotogether.engines.trade.shock import expand_shock
from gotogether.engines.trade.synthetic import random_baseline
from gotogether.validation.cp2015 import load_cp2015

SIZES = [(10, 10), (31, 40), (40, 40), (60, 50), (80, 60), (49, 200), (150, 60)]
"""Countries x sectors: 49 x 200 has many sectors (input shares of 15 MiB), 150 x 60 many countries."""


def _nafta() -> tuple[TradeBaseline, TradeShock]:
    data = load_cp2015()
    baseline = solve(data, TradeShock(deficit=xr.zeros_like(data["deficit"]))).as_baseline()
    tariffs = cp2015_tariffs(2005).sel(importer=list(NAFTA), exporter=list(NAFTA))
    return baseline, TradeShock(tariff=tariffs)


def solve_nafta() -> None:
    """Everything a NAFTA counterfactual needs from loaded data (for the memory measurement)."""
    baseline, shock = _nafta()
    solve(baseline, shock)


def _cpu_seconds(fn: Callable[[], object], *, repeat: int) -> float:
    """Least CPU time of ``fn()`` over ``repeat`` runs after one warm-up: on a shared machine it varies much
    less than wall-clock time (run with one BLAS thread, OPENBLAS_NUM_THREADS=1, to compare it)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def _scaling_shock(baseline: TradeBaseline) -> TradeShock:
    """A 10 percentage-point tariff rise by the first country on everyone (a tariff-war-like shock)."""
    tariff = baseline["tariff"].copy()
    tariff[0, 1:, :] += 0.10
    return TradeShock(tariff=tariff)


def run() -> dict[str, object]:
    baseline, shock = _nafta()
    ours = time_call(lambda: solve(baseline, shock), repeat=21, warmup=3)
    result = solve(baseline, shock)
    problem = build_problem(baseline, expand_shock(baseline, shock))
    start = time.perf_counter()
    damped_wage, damped_steps = solve_damped(problem)
    damped_seconds = time.perf_counter() - start
    agreement = float(np.max(np.abs(damped_wage - result["wage_change"].values)))

    return {
        "nafta_counterfactual": {
            **ours,
            "cpu_min_s": _cpu_seconds(lambda: solve(baseline, shock), repeat=21),
            "iterations": result.iterations,
            "trade_balance_residual_over_world_va": result.residual,
            "peak_memory_mib": peak_memory_mib(partial(solve_nafta)),
        },
        "cp_damped_algorithm": {
            "seconds": damped_seconds,
            "wage_updates": damped_steps,
            "max_wage_difference_from_ours": agreement,
            "speedup_of_ours": damped_seconds / ours["median_s"],
        },
        "validate_cp2015_nafta_whole_process": whole_process_seconds(
            python_command("-m", "gotogether.cli.main", "validate", "cp2015-nafta"), repeat=5
        ),
        "load_average_1min_at_scaling": os.getloadavg()[0],
        "scaling": _scaling(),
        "wage_newton_once_per_baseline": _wage_newton_cpu(),
    } | _baseline_scaling()


BASELINE_SOURCE = "GOTOGETHER_BENCH_BASELINE_SOURCE"
_BASELINE_CODE = "import json; from benchmarks.bench_trade import _scaling; print(json.dumps(_scaling()))"


def _baseline_scaling() -> dict[str, object]:
    """``_scaling`` with the trade engine of the checkout at ``GOTOGETHER_BENCH_BASELINE_SOURCE`` (its
    ``src`` first on the path, this benchmark's code after it), right after this code's, so that a before
    and after share the machine's load; nothing when unset."""
    root = os.environ.get(BASELINE_SOURCE)
    if not root:
        return {}
    here = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", _BASELINE_CODE],
        cwd=here,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(root) / "src"), str(here)])},
        capture_output=True,
        text=True,
        check=True,
    )
    return {"scaling_baseline": json.loads(done.stdout.strip().splitlines()[-1]), "baseline_source": root}


def _scaling() -> list[dict[str, float | int]]:
    """Time, CPU time and iterations of a tariff shock at each of ``SIZES``."""
    scaling = []
    for countries, sectors in SIZES:
        synthetic = random_baseline(countries, sectors, seed=countries * 1000 + sectors)
        scaling_shock = _scaling_shock(synthetic)
        timing = time_call(partial(solve, synthetic, scaling_shock), repeat=5, warmup=1)
        scaling.append(
            {
                "countries": countries,
                "sectors": sectors,
                "median_s": timing["median_s"],
                "min_s": timing["min_s"],
                "cpu_min_s": _cpu_seconds(partial(solve, synthetic, scaling_shock), repeat=5),
                "iterations": solve(synthetic, scaling_shock).iterations,
            }
        )
    return scaling


def _wage_newton_cpu() -> list[dict[str, float | int]]:
    """CPU time of the solver's Newton step in wages (``solver.wage_newton``) at each of ``SIZES``: made once
    per baseline and kept, so ``_scaling``'s repeated solves of one baseline do not pay it; the first
    equilibrium of a new baseline does. (Imported here: the baseline checkout of ``_baseline_scaling``, which
    imports this module, may predate it.)"""
    from gotogether.engines.trade.solver import wage_newton

    made = []
    for countries, sectors in SIZES:
        data = random_baseline(countries, sectors, seed=countries * 1000 + sectors).arrays
        arrays = (
            data.sector_major_shares,
            data.expenditure,
            data.va_share,
            data.input_share,
            data.final_share,
            data.theta,
            data.value_added,
            data.expenditure.sum(axis=1, keepdims=True),
        )
        made.append(
            {
                "countries": countries,
                "sectors": sectors,
                "cpu_min_s": _cpu_seconds(partial(wage_newton, *arrays), repeat=3),
            }
        )
    return made
