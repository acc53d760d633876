"""The interface between the service and the run pipeline: ``execute_run(documents, out_dir, progress)``.

The pipeline writes a run's result tables (Parquet + CSV), ``manifest.json`` and a self-contained
``report.html`` into ``out_dir`` and reports progress as ``progress(fraction in [0, 1], message)``. The
service owns ``out_dir`` (a staging folder it renames into place on success), so the pipeline never sees a
path chosen by a client.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from gotogether.jobs.main import run_job
from gotogether.jobs.uncertainty import EnsembleOptions, draws_directory
from gotogether.service.library import resolve

Progress = Callable[[float, str], None]
"""Called by the pipeline as it goes: fraction done (0 to 1) and a short message for the user."""


class ExecuteRun(Protocol):
    """Runs one scenario (its documents: the scenario and any custom parents) into ``out_dir``."""

    def __call__(self, scenario_documents: list[dict[str, Any]], out_dir: Path, progress: Progress) -> None:
        """Write result tables, manifest.json and report.html into out_dir; raise GotogetherError if bad."""


def execute_run(
    scenario_documents: list[dict[str, Any]],
    out_dir: Path,
    progress: Progress,
    *,
    ensemble: EnsembleOptions | None = None,
) -> None:
    """The ``gotogether run`` pipeline on one submitted scenario (validated by ``library.resolve``); with
    ``ensemble``, its Monte Carlo draws too (their working folder is removed once the run is written)."""
    scenario = resolve(scenario_documents)
    try:
        run_job(
            [scenario],
            out_dir,
            progress=lambda stage, done, total: progress(done / max(total, 1), stage),
            ensemble=ensemble,
        )
    finally:
        shutil.rmtree(draws_directory(out_dir), ignore_errors=True)


def pipeline_executor(ensemble: EnsembleOptions | None = None) -> ExecuteRun:
    """The executor ``gotogether serve`` uses, with the operator's ensemble options."""

    def execute(scenario_documents: list[dict[str, Any]], out_dir: Path, progress: Progress) -> None:
        execute_run(scenario_documents, out_dir, progress, ensemble=ensemble)

    return execute
