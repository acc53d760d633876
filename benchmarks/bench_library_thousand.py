"""Issue 20's and 16's ensemble goals as whole processes: ``gotogether run --draws 1000 --workers 2`` of the
library (goal: under 5 minutes on 2 cores), the same with diffusion on (the library's files with
``diffusion.dynamic: 1``; goal: under 10 minutes), and the parallel efficiency from 1 to 2 workers on
``EFFICIENCY_DRAWS`` draws, back to back (goal: at least 0.8). Wall-clock and CPU seconds of each process
and its workers, the ensemble's own seconds from the run's manifest, and the load average at the start:
the machine is shared and its speed moves by up to 2x between hours, so a result is one hour's.

``GOTOGETHER_BENCH_DRAWS`` sets the draws (1,000 by default; about 10 minutes in all on 2 free cores)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from importlib import resources
from pathlib import Path

import yaml

from benchmarks.harness import process_seconds

DRAWS = int(os.environ.get("GOTOGETHER_BENCH_DRAWS", "1000"))
EFFICIENCY_DRAWS = 200
"""8 batches of 25: 4 a worker with 2, so the split adds no idle worker at the end."""


def _timed(arguments: list[str], out: Path) -> dict[str, float]:
    """One ``gotogether run`` into ``out``: its wall-clock and CPU seconds and the ensemble's seconds."""
    load = os.getloadavg()[0]
    command = [sys.executable, "-m", "gotogether.cli.main", "run", *arguments, "--out", str(out)]
    wall, cpu = process_seconds(command)
    timings = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["timings_s"]
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "ensemble_s": timings["ensemble"],
        "load_average_1min_at_start": load,
    }


def _with_diffusion(directory: Path) -> list[str]:
    """Copies of the library's scenario files with ``diffusion.dynamic: 1`` among their parameters."""
    paths = []
    library = resources.files("gotogether.scenarios").joinpath("library")
    for source in sorted(library.iterdir(), key=lambda entry: entry.name):
        if not source.name.endswith(".yaml"):
            continue
        document = yaml.safe_load(source.read_text(encoding="utf-8"))
        document["parameters"] = {**(document.get("parameters") or {}), "diffusion.dynamic": 1}
        path = directory / source.name
        path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
        paths.append(str(path))
    return paths


def run() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        (root / "dynamic").mkdir()
        dynamic = _with_diffusion(root / "dynamic")
        draws = ["--draws", str(DRAWS), "--workers", "2"]
        library = _timed(draws, root / "library")
        diffusion = _timed([*dynamic, *draws], root / "diffusion")
        one, two = (
            _timed(["--draws", str(EFFICIENCY_DRAWS), "--workers", str(workers)], root / f"workers-{workers}")
            for workers in (1, 2)
        )
    return {
        "draws": DRAWS,
        "library_2_workers": library,
        "library_2_workers_diffusion_on": diffusion,
        "efficiency": {
            "draws": EFFICIENCY_DRAWS,
            "workers_1": one,
            "workers_2": two,
            "ensemble": one["ensemble_s"] / (2 * two["ensemble_s"]),
            "whole_process": one["wall_s"] / (2 * two["wall_s"]),
        },
    }
