"""Web service: API latency (validate, submit, status, list), result delivery and comparison at world size.

The executor writes a bilateral flows table the size of a WIOD-like world (41 importers x 41 exporters x
35 sectors = 58,835 rows) and a 41-row welfare table, so table delivery and comparison are timed at the size
real runs produce; scenarios are the built-in tariff war, validated by the scenario layer. Requests go
through Starlette's in-process test client (no network), on SQLite.
"""

from __future__ import annotations

import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from starlette.exceptions import StarletteDeprecationWarning

from benchmarks.harness import time_call
from gotogether.runs.writer import RunWriter
from gotogether.service.app import create_app
from gotogether.service.executor import Progress
from gotogether.service.library import ScenarioLibrary
from gotogether.service.settings import ServiceSettings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

REGIONS = [f"R{n:02d}" for n in range(41)]
SECTORS = [f"c{n}" for n in range(1, 36)]


def world_tables(scenario_documents: list[dict[str, Any]], out_dir: Path, progress: Progress) -> None:
    """A run's output at world size: flows (importer, exporter, sector) and welfare (country)."""
    seed = int(1000 * float(scenario_documents[0]["measures"][0]["change"]))
    rng = np.random.default_rng(seed)
    index = pd.MultiIndex.from_product([REGIONS, REGIONS, SECTORS], names=["importer", "exporter", "sector"])
    flows = pd.DataFrame({"value": rng.lognormal(size=len(index))}, index=index)
    welfare = pd.DataFrame(
        {"welfare_pct": rng.normal(size=len(REGIONS))}, index=pd.Index(REGIONS, name="country")
    )
    with RunWriter(out_dir) as run:
        run.write_table("flows", flows)
        run.write_table("welfare", welfare)
        run.write_text("report.html", "<html></html>")
    progress(1.0, "written")


def _ok(response: Any) -> None:
    """Only successful requests are timed."""
    assert response.status_code == 200, response.text[:300]


def _finished(client: TestClient, run_id: str) -> None:
    while client.get(f"/api/runs/{run_id}").json()["state"] not in {"succeeded", "failed"}:
        time.sleep(0.001)


def tariff_war(change: float) -> dict[str, Any]:
    """The built-in tariff-war scenario with its first tariff set to ``change``."""
    document = ScenarioLibrary().document("tariff-war")
    assert document is not None
    first = {**document["measures"][0], "change": change}
    return {**document, "measures": [first, *document["measures"][1:]]}


def run() -> dict[str, object]:
    library = ScenarioLibrary()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(ServiceSettings(data_dir=Path(folder)), world_tables, library)
        with TestClient(app) as client:

            def submit(change: float = 0.1) -> str:
                run_id: str = client.post("/api/runs", json=tariff_war(change)).json()["id"]
                return run_id

            def submit_and_finish() -> None:
                _finished(client, submit())

            end_to_end = time_call(submit_and_finish, repeat=5)
            first, second = submit(0.1), submit(0.2)
            for run_id in (first, second):
                _finished(client, run_id)
            for _ in range(1000):  # a registry with a thousand runs for the list and status timings
                submit()
            results: dict[str, object] = {
                "flows_rows": len(REGIONS) ** 2 * len(SECTORS),
                "validate": time_call(lambda: _ok(client.post("/api/validate", json=tariff_war(0.25)))),
                "end_to_end_run_of_world_tables": end_to_end,
                "status": time_call(lambda: _ok(client.get(f"/api/runs/{first}")), repeat=21),
                "list_100_of_1000_runs": time_call(
                    lambda: _ok(client.get("/api/runs", params={"limit": 100}))
                ),
                "flows_as_json": time_call(
                    lambda: _ok(client.get(f"/api/runs/{first}/tables/flows", params={"limit": 100_000})),
                    repeat=5,
                ),
                "flows_as_parquet": time_call(
                    lambda: _ok(client.get(f"/api/runs/{first}/tables/flows", params={"format": "parquet"}))
                ),
                "compare_flows": time_call(
                    lambda: _ok(
                        client.get("/api/compare", params={"a": first, "b": second, "table": "flows"})
                    ),
                    repeat=5,
                ),
            }
    return results
