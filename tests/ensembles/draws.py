"""Cheap module-level draw functions for runner tests (picklable, importable by Dask worker processes)."""

from __future__ import annotations

import os
import signal
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

KILL_MARKER = "GOTOGETHER_TEST_KILL_MARKER"
"""Environment variable naming a file: the first process to draw a == 3 creates it and kills itself."""


def polynomial_draw(values: Mapping[str, float]) -> dict[str, pd.DataFrame]:
    """Two small labelled tables computed from parameters ``a`` and ``b``."""
    a, b = values["a"], values["b"]
    years = pd.Index([2025, 2030], name="year")
    return {
        "gdp": pd.DataFrame({"level": [a + b, a * b]}, index=years),
        "share": pd.DataFrame({"value": [a / (a + abs(b) + 1)]}, index=pd.Index(["x"], name="country")),
    }


def dying_draw(values: Mapping[str, float]) -> dict[str, pd.DataFrame]:
    """``polynomial_draw``, except that the first process to draw a == 3 dies (SIGKILL)."""
    marker = Path(os.environ[KILL_MARKER])
    if values["a"] == 3.0 and not marker.exists():
        marker.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return polynomial_draw(values)


def scaled_draw(values: Mapping[str, float], scale: float) -> dict[str, pd.DataFrame]:
    """``polynomial_draw`` times ``scale``: a draw function with a bound argument (run as a partial)."""
    return {name: table * scale for name, table in polynomial_draw(values).items()}


def worker_settings_draw(values: Mapping[str, float]) -> dict[str, pd.DataFrame]:
    """``polynomial_draw`` with the number of threads each BLAS library would use during the draw
    (``threads``), whether the process runs with glibc's malloc trim threshold set and whether Dask's
    statistical profiler samples it (``worker``; the profiler is off outside Dask workers)."""
    from threadpoolctl import threadpool_info

    threads = [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
    index = pd.Index(["blas"], name="pool")
    from distributed import get_worker

    try:
        get_worker()
    except ValueError:  # not in a Dask worker
        profiled = False
    else:
        profiled = _profiler_on()
    worker = pd.DataFrame(
        {
            "trim_threshold_set": [float("MALLOC_TRIM_THRESHOLD_" in os.environ)],
            "profiler_on": [float(profiled)],
        },
        index=pd.Index(["process"], name="worker"),
    )
    return {
        **polynomial_draw(values),
        "threads": pd.DataFrame({"most": [max(threads)]}, index=index),
        "worker": worker,
    }


def _profiler_on() -> bool:
    import dask

    return bool(dask.config.get("distributed.worker.profile.enabled"))
