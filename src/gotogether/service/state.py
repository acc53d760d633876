"""What the routes share: the registry, the worker, the scenario catalog and the settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request, status

from gotogether.service.catalog import ScenarioCatalog
from gotogether.service.records import RunRecord, RunState
from gotogether.service.registry import Registry
from gotogether.service.settings import ServiceSettings
from gotogether.service.worker import Worker, result_dir


@dataclass
class ServiceState:
    """One service instance's collaborators (made in the app's lifespan)."""

    settings: ServiceSettings
    registry: Registry
    worker: Worker
    catalog: ScenarioCatalog

    def run(self, run_id: str) -> RunRecord:
        """The run with this id, or 404."""
        record = self.registry.get(run_id)
        if record is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no run {run_id}")
        return record

    def result_dir(self, run_id: str) -> Path:
        """The folder of a run's results, or 409 if the run has not succeeded."""
        record = self.run(run_id)
        folder = result_dir(self.settings.runs_dir, record.id)
        if record.state is not RunState.SUCCEEDED or not folder.is_dir():
            raise HTTPException(
                status.HTTP_409_CONFLICT, f"run {run_id} has no results (it is {record.state})"
            )
        return folder

    def submit(self, scenario_name: str, documents: list[dict[str, Any]]) -> RunRecord:
        """Register a run and queue it."""
        record = self.registry.create(scenario_name, documents)
        self.worker.submit(record.id)
        return record


def service_state(request: Request) -> ServiceState:
    """FastAPI dependency: the service state of the app serving the request."""
    state: ServiceState = request.app.state.service
    return state
