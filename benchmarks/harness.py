"""Timing and memory measurement shared by every benchmark module.

Each ``benchmarks/bench_NAME.py`` defines ``run() -> dict``; the runner writes what it returns, with the
machine description, to ``benchmarks/results/NAME.json``.
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any


def machine() -> dict[str, Any]:
    """The machine a result was measured on (CPU model, cores, memory, Python and NumPy versions)."""
    import numpy

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory_gib, 1),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "platform": platform.platform(),
    }


def process_seconds(command: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user and system, the process's own children included) of running
    ``command`` to its end; its output is captured, and a failure raises."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def time_call(fn: Callable[[], object], *, repeat: int = 7, warmup: int = 1) -> dict[str, float]:
    """Wall-clock seconds of ``fn()``: median, min and max over ``repeat`` runs after ``warmup`` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return {
        "median_s": statistics.median(times),
        "min_s": min(times),
        "max_s": max(times),
        "repeat": repeat,
    }


def _peak_child(fn: Callable[[], object], queue: multiprocessing.Queue[float]) -> None:
    tracemalloc.start()
    fn()
    queue.put(tracemalloc.get_traced_memory()[1] / 2**20)


def peak_memory_mib(fn: Callable[[], object]) -> float:
    """Peak memory traced (Python and NumPy allocations) while ``fn()`` runs in a fresh process, MiB.

    ``fn`` must be picklable (a module-level function or a ``functools.partial`` of one).
    """
    context = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[float] = context.Queue()
    process = context.Process(target=_peak_child, args=(fn, queue))
    process.start()
    peak = queue.get()
    process.join()
    return peak


def whole_process_seconds(argv: list[str], *, repeat: int = 3) -> dict[str, float]:
    """Median wall-clock seconds of a whole command (e.g. the CLI), imports and data loading included."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return {"median_s": statistics.median(times), "min_s": min(times), "repeat": repeat}


def python_command(*args: str) -> list[str]:
    """A command line running this interpreter (so benchmarks use the project's environment)."""
    return [sys.executable, *args]
