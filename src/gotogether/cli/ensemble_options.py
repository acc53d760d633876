"""Command-line options of any ensemble run (``--draws --seed --workers --scheduler --resume``) and a rich
progress bar, for reuse by every command that runs ensembles (``gotogether ensemble ...``, ``gotogether
run``): declare the parameters with these types, then pass them through ``ensemble_settings``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from gotogether.ensembles.runner import DEFAULT_BATCH_SIZE, ProgressCallback
from gotogether.errors import InputError

Draws = Annotated[int, typer.Option("--draws", min=1, help="Number of Monte Carlo draws.")]
Seed = Annotated[int, typer.Option("--seed", min=0, help="Seed of the design: same seed, same results.")]
Workers = Annotated[
    int, typer.Option("--workers", min=1, help="1: serial; K > 1: a local Dask cluster of K processes.")
]
Scheduler = Annotated[
    str | None,
    typer.Option("--scheduler", help="Address of an existing Dask scheduler (e.g. tcp://host:8786)."),
]
Resume = Annotated[
    bool, typer.Option("--resume", help="Continue an interrupted run in the same output directory.")
]
BatchSize = Annotated[int, typer.Option("--batch-size", min=1, help="Draws per task.")]
DEFAULT_SEED = 20201231
DEFAULT_BATCH = DEFAULT_BATCH_SIZE


@dataclass(frozen=True)
class EnsembleSettings:
    """How to run an ensemble, as given on the command line."""

    draws: int
    seed: int
    workers: int
    scheduler: str | None
    resume: bool
    batch_size: int


def ensemble_settings(
    draws: int, seed: int, workers: int, scheduler: str | None, resume: bool, batch_size: int
) -> EnsembleSettings:
    """Checked settings: ``--workers`` above 1 and ``--scheduler`` exclude each other."""
    if scheduler is not None and workers > 1:
        raise InputError(
            f"--workers {workers} and --scheduler {scheduler} both given",
            location="command line",
            expected="--workers for a local cluster or --scheduler for an existing one, not both",
        )
    return EnsembleSettings(draws, seed, workers, scheduler, resume, batch_size)


@contextmanager
def progress_bar(description: str) -> Iterator[ProgressCallback]:
    """A rich progress bar over draws; yields the callback ``run_ensemble`` expects."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, transient=False) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
