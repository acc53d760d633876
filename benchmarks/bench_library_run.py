"""``gotogether run`` of the built-in library as a whole process (issue 20: goal under 10 s on 2 cores):
wall-clock and CPU seconds (user + system of the process), with the load average at the start, since the
machine is shared.

With ``GOTOGETHER_BENCH_BASELINE_PYTHON`` set to another checkout's interpreter (e.g. main's
``.venv/bin/python``), that checkout's run is timed too, alternating with this one's, so that a before and
after share the same load."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import process_seconds

REPEAT = 3
BASELINE = "GOTOGETHER_BENCH_BASELINE_PYTHON"


def _timed(python: str, out: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one ``gotogether run`` of the library by ``python`` into ``out``."""
    return process_seconds([python, "-m", "gotogether.cli.main", "run", "--out", str(out)])


def _summary(times: list[tuple[float, float]]) -> dict[str, float]:
    walls, cpus = [wall for wall, _ in times], [cpu for _, cpu in times]
    return {
        "wall_median_s": statistics.median(walls),
        "wall_min_s": min(walls),
        "cpu_median_s": statistics.median(cpus),
        "cpu_min_s": min(cpus),
        "repeat": len(times),
    }


def run() -> dict[str, object]:
    pythons = {"this_checkout": sys.executable}
    if os.environ.get(BASELINE):
        pythons["baseline"] = os.environ[BASELINE]
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in pythons}
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as work:
        for repeat in range(REPEAT):
            for name, python in pythons.items():
                times[name].append(_timed(python, Path(work) / f"{name}-{repeat}"))
    result: dict[str, object] = {"load_average_1min_at_start": load, "cores": os.cpu_count()}
    result |= {f"library_gotogether_run_{name}": _summary(measured) for name, measured in times.items()}
    if "baseline" in pythons:
        result["baseline_python"] = pythons["baseline"]
    return result
