"""Start-up (issue 20): ``gotogether --help``, ``--version`` and ``validate cp2015-nafta`` as whole processes,
beside the floor of a bare interpreter and of a two-command Typer app printing its help; loading the default
world in-process. The machine is shared: the load average at the start is recorded with the times.

With ``GOTOGETHER_BENCH_BASELINE_PYTHON`` set to another checkout's interpreter (as for ``library_run``),
that checkout's ``--help`` and ``validate cp2015-nafta`` are timed too, alternating with this one's, so that
a before and after share the same load; alternating commands record their CPU seconds (user + system) too,
steadier than the wall clock on a loaded machine."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.harness import python_command, time_call

REPEAT = 9
BASELINE = "GOTOGETHER_BENCH_BASELINE_PYTHON"
TYPER_FLOOR = """
import typer
app = typer.Typer(no_args_is_help=True, add_completion=False)
@app.command()
def one() -> None:
    "One."
@app.command()
def two() -> None:
    "Two."
app()
"""
# In a fresh process: seconds to import the validation case, then to compute its rows.
VALIDATE_PARTS = """
import time
start = time.perf_counter()
from gotogether.validation.cp2015_nafta import table2_rows
imported = time.perf_counter()
table2_rows()
print(imported - start, time.perf_counter() - imported)
"""


def _process(argv: list[str]) -> dict[str, float]:
    """Median and minimum wall-clock seconds of ``argv`` over ``REPEAT`` runs (exit status not checked:
    ``--help`` of a group with no arguments exits 2)."""
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return {"median_s": statistics.median(times), "min_s": min(times), "repeat": REPEAT}


def _alternating(commands: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    """``_process`` of several commands, run in turn ``REPEAT`` times (the same load for each), with the
    CPU seconds of each process."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(REPEAT):
        for name, argv in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(argv, capture_output=True, check=False)
            times[name].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {
        name: {
            "median_s": statistics.median(taken),
            "min_s": min(taken),
            "cpu_median_s": statistics.median(cpu[name]),
            "cpu_min_s": min(cpu[name]),
            "repeat": REPEAT,
        }
        for name, taken in times.items()
    }


def _validate_parts() -> dict[str, float]:
    parts = [
        [
            float(value)
            for value in subprocess.run(
                python_command("-c", VALIDATE_PARTS), capture_output=True, text=True, check=True
            ).stdout.split()
        ]
        for _ in range(3)
    ]
    return {
        "imports_median_s": statistics.median(part[0] for part in parts),
        "rows_median_s": statistics.median(part[1] for part in parts),
    }


def run() -> dict[str, object]:
    from gotogether.data.default_world import load_default_world

    gotogether = str(Path(sys.executable).with_name("gotogether"))
    commands = {"help": ["--help"], "validate_cp2015_nafta": ["validate", "cp2015-nafta"]}
    alternating = {f"gotogether_{name}_process": [gotogether, *args] for name, args in commands.items()}
    if os.environ.get(BASELINE):
        baseline = [os.environ[BASELINE], "-m", "gotogether.cli.main"]
        alternating |= {
            f"gotogether_{name}_process_baseline": [*baseline, *args] for name, args in commands.items()
        }
    return {
        "load_average_1min_at_start": os.getloadavg()[0],
        "python_startup_process": _process(python_command("-c", "pass")),
        "typer_two_commands_help_process": _process(python_command("-c", TYPER_FLOOR, "--help")),
        "gotogether_version_process": _process([gotogether, "--version"]),
        **_alternating(alternating),
        **({"baseline_python": os.environ[BASELINE]} if os.environ.get(BASELINE) else {}),
        "validate_cp2015_nafta_in_a_fresh_process": _validate_parts(),
        "load_default_world_2019_s": time_call(load_default_world, repeat=7),
        "load_default_world_2011_s": time_call(lambda: load_default_world("2011"), repeat=7),
    }
