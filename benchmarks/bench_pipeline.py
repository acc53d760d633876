"""The main job: load time, each scenario through every engine, and the whole library as a process."""

from __future__ import annotations

import tempfile
import time
from functools import partial
from pathlib import Path

from benchmarks.harness import python_command, time_call, whole_process_seconds
from gotogether.pipeline import load_world, run_scenario
from gotogether.pipeline.run import References, reference_for
from gotogether.scenarios import builtin_names, load_scenario


def run() -> dict[str, object]:
    start = time.perf_counter()
    world = load_world()
    load_seconds = time.perf_counter() - start
    references: References = {}
    reference_for(world, references)
    scenarios = {name: load_scenario(name) for name in builtin_names()}
    per_scenario = {
        name: time_call(partial(run_scenario, world, scenario, references=references), repeat=5)["median_s"]
        for name, scenario in scenarios.items()
    }
    with tempfile.TemporaryDirectory() as work:
        library = whole_process_seconds(
            python_command("-m", "gotogether.cli.main", "run", "--out", str(Path(work) / "run")), repeat=3
        )
    return {
        "load_and_calibrate_world_s": load_seconds,
        "scenario_through_every_engine_median_s": per_scenario,
        "whole_library_gotogether_run_process": library,
    }
