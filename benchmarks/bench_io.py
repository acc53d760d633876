"""Leontief quantities for every final-demand column: gotogether's factorised solve against pymrio's path.

x = L Y for the whole final-demand matrix Y of three tables: the real WIOD 2013 table for 2011 (1,435
country-sectors) and seeded synthetic tables of OECD ICIO size (80 regions x 45 sectors = 3,600) and
EXIOBASE size (49 regions x 200 products = 9,800), built by ``benchmarks/synthetic_mrio.py``.

- gotogether: ``LeontiefSolver.from_flows(Z, x).solve(Y)`` (one LU of I - A, triangular solves).
- pymrio: ``calc_A``, ``calc_L`` (explicit inverse), then ``L @ Y`` (``pymrio.tools.iomath``).

Time: wall clock in this process (the 9,800 case once). Peak memory: traced in a fresh process per path,
counted from the moment the table (Z, Y, x) is in memory, so it includes the table both paths hold.
A second section measures the factorisation rule: dense against sparse LU on 4,900-sector tables
of MRIO structure at three densities.
"""

from __future__ import annotations

import functools
import os
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from benchmarks.harness import peak_memory_mib, time_call
from benchmarks.synthetic_mrio import synthetic_table

WIOT_2011 = Path(__file__).parents[1] / "data" / "raw" / "wiod2013" / "wiot_2011.RData"

# name: (synthetic_table arguments or None for the real WIOD table, timing repeats)
CASES: dict[str, tuple[dict[str, Any] | None, int]] = {
    "wiod2013_2011": (None, 15),
    "icio_size_3600": (
        {"n_regions": 80, "n_sectors": 45, "use_density": 0.8, "trade_density": 0.6, "n_categories": 6},
        3,
    ),
    "exiobase_size_9800": (
        {"n_regions": 49, "n_sectors": 200, "use_density": 0.25, "trade_density": 0.5, "n_categories": 7},
        1,
    ),
}
RULE_CASES = {
    "4900_density_0.05pct": {"n_regions": 49, "n_sectors": 100, "use_density": 0.01, "trade_density": 0.005},
    "4900_density_0.12pct": {"n_regions": 49, "n_sectors": 100, "use_density": 0.02, "trade_density": 0.02},
    "4900_density_0.7pct": {"n_regions": 49, "n_sectors": 100, "use_density": 0.05, "trade_density": 0.1},
}


def load(case: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """(Z, Y, x) of a benchmark case (seed 2024 for the synthetic ones)."""
    arguments = CASES[case][0]
    if arguments is None:
        from gotogether.data.loaders.wiod2013 import read_wiod2013_rdata

        table = read_wiod2013_rdata(WIOT_2011, validate="skip")
        return table.Z, table.Y, table.x
    return synthetic_table(**arguments, seed=2024)


def gotogether_path(Z: pd.DataFrame, Y: pd.DataFrame, x: pd.Series) -> pd.DataFrame:
    from gotogether.engines.io import LeontiefSolver

    return LeontiefSolver.from_flows(Z, x).solve(Y)


def pymrio_path(Z: pd.DataFrame, Y: pd.DataFrame, x: pd.Series) -> pd.DataFrame:
    import pymrio.tools.iomath as iomath

    L = iomath.calc_L(iomath.calc_A(Z, x))
    result: pd.DataFrame = L @ Y
    return result


PATHS = {"gotogether": gotogether_path, "pymrio": pymrio_path}


def _peak_after_loading(case: str, path: str) -> None:
    """Run in a fresh process: load the table, then count the peak from there on."""
    Z, Y, x = load(case)
    tracemalloc.reset_peak()
    PATHS[path](Z, Y, x)


def _run_case(case: str) -> dict[str, Any]:
    repeat = CASES[case][1]
    Z, Y, x = load(case)
    density = float(np.count_nonzero(Z.to_numpy()) / Z.size)
    print(
        f"  {case}: {len(x)} sectors, {Y.shape[1]} final-demand columns, Z {density:.1%} non-zero", flush=True
    )
    result: dict[str, Any] = {"sectors": len(x), "final_demand_columns": Y.shape[1], "z_density": density}
    outputs = {name: path(Z, Y, x) for name, path in PATHS.items()}
    scale = float(np.abs(outputs["pymrio"].to_numpy()).max())
    difference = np.abs(outputs["gotogether"].to_numpy() - outputs["pymrio"].to_numpy()).max() / scale
    result["max_difference_relative_to_largest"] = float(difference)
    del outputs
    for name, path in PATHS.items():
        timing = time_call(functools.partial(path, Z, Y, x), repeat=repeat, warmup=0)
        print(f"    {name}: {timing['median_s']:.3f} s", flush=True)
        result[name] = {"time": timing}
    del Z, Y, x
    for name in PATHS:
        peak = peak_memory_mib(functools.partial(_peak_after_loading, case, name))
        print(f"    {name}: peak {peak:.0f} MiB", flush=True)
        result[name]["peak_memory_mib"] = peak
    ours, theirs = result["gotogether"], result["pymrio"]
    result["speedup"] = theirs["time"]["median_s"] / ours["time"]["median_s"]
    result["memory_ratio"] = ours["peak_memory_mib"] / theirs["peak_memory_mib"]
    return result


def _rule_case(arguments: dict[str, Any]) -> dict[str, Any]:
    from gotogether.engines.io import LeontiefSolver
    from gotogether.engines.io.solver import choose_method

    Z, Y, x = synthetic_table(**arguments, seed=7)
    identity_minus_a = np.eye(len(x)) - Z.to_numpy() / x.to_numpy()[np.newaxis, :]
    result: dict[str, Any] = {
        "sectors": len(x),
        "density_of_i_minus_a": float(np.count_nonzero(identity_minus_a) / identity_minus_a.size),
        "auto_chooses": choose_method(identity_minus_a),
    }
    for method in ("dense", "sparse"):

        def solve(method: Any = method) -> None:
            LeontiefSolver.from_flows(Z, x, method=method).solve(Y)

        result[f"{method}_s"] = time_call(solve, repeat=1, warmup=0)["median_s"]
    print(f"  rule {result}", flush=True)
    return result


def run() -> dict[str, Any]:
    return {
        "blas_threads": os.environ.get("OMP_NUM_THREADS", "default (all cores)"),
        "leontief_output_all_final_demand": {case: _run_case(case) for case in CASES},
        "factorisation_rule": {name: _rule_case(arguments) for name, arguments in RULE_CASES.items()},
    }
