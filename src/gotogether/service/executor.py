"""The interface between the service and the run pipeline: ``execute_run(documents, out_dir, progress)``.

The pipeline writes a run's result tables (Parquet + CSV), ``manifest.json`` and a self-contained
``report.html`` into ``out_dir`` and reports progress as ``progress(fraction in [0, 1], message)``. The
service owns ``out_dir`` (a staging folder it renames into place on success), so the pipeline never sees a
path chosen by a client.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from gotogether.errors import GotogetherError

Progress = Callable[[float, str], None]
"""Called by the pipeline as it goes: fraction done (0 to 1) and a short message for the user."""

PIPELINE_MODULE = "gotogether.pipeline"
"""Where the service looks for ``execute_run`` by default (the ``gotogether run`` pipeline)."""


class ExecuteRun(Protocol):
    """Runs one scenario (its documents: the scenario and any custom parents) into ``out_dir``."""

    def __call__(self, scenario_documents: list[dict[str, Any]], out_dir: Path, progress: Progress) -> None:
        """Write result tables, manifest.json and report.html into out_dir; raise GotogetherError if bad."""


def pipeline_executor() -> ExecuteRun:
    """The pipeline's ``execute_run``; until it is installed, an executor whose runs fail saying so."""
    try:
        module = importlib.import_module(PIPELINE_MODULE)
    except ImportError:
        return _missing_pipeline
    function: ExecuteRun = getattr(module, "execute_run", _missing_pipeline)
    return function


def _missing_pipeline(scenario_documents: list[dict[str, Any]], out_dir: Path, progress: Progress) -> None:
    raise GotogetherError(
        f"this build has no run pipeline ({PIPELINE_MODULE}.execute_run is missing); "
        "install a complete gotogether to execute runs"
    )
