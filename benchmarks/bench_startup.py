"""Start-up (issue 20): ``gotogether --help``, ``--version`` and ``validate cp2015-nafta`` as whole processes,
beside the floor of a bare interpreter and of a two-command Typer app printing its help; loading the default
world in-process. The machine is shared: the load average at the start is recorded with the times."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.harness import python_command, time_call

REPEAT = 9
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
    return {
        "load_average_1min_at_start": os.getloadavg()[0],
        "python_startup_process": _process(python_command("-c", "pass")),
        "typer_two_commands_help_process": _process(python_command("-c", TYPER_FLOOR, "--help")),
        "gotogether_help_process": _process([gotogether, "--help"]),
        "gotogether_version_process": _process([gotogether, "--version"]),
        "gotogether_validate_cp2015_nafta_process": _process([gotogether, "validate", "cp2015-nafta"]),
        "validate_cp2015_nafta_in_a_fresh_process": _validate_parts(),
        "load_default_world_2019_s": time_call(load_default_world, repeat=7),
        "load_default_world_2011_s": time_call(lambda: load_default_world("2011"), repeat=7),
    }
