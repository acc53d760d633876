"""The real pipeline behind the service, with the operator's ensemble option."""

from pathlib import Path

from fastapi.testclient import TestClient

from gotogether.jobs.uncertainty import EnsembleOptions
from gotogether.service.app import create_app
from gotogether.service.executor import pipeline_executor
from gotogether.service.library import ScenarioLibrary
from gotogether.service.settings import ServiceSettings

from .conftest import wait_for


def test_a_served_run_with_an_ensemble_writes_its_uncertainty_tables(tmp_path: Path) -> None:
    settings = ServiceSettings(data_dir=tmp_path / "data", database_url=None)
    executor = pipeline_executor(EnsembleOptions(draws=2, seed=1, batch_size=1))
    with TestClient(create_app(settings, executor, ScenarioLibrary())) as client:
        run = client.post("/api/scenarios/tariff-war/runs").json()
        done = wait_for(client, run["id"], {"failed", "succeeded"})
        assert done["state"] == "succeeded", done["message"]
        names = {table["name"] for table in client.get(f"/api/runs/{run['id']}/tables").json()}
        assert {"who_pays", "uncertainty_world_welfare", "uncertainty_drivers"} <= names
    assert not list((tmp_path / "data").rglob("*.draws"))  # the draws' working folder is gone
