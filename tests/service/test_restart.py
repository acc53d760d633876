"""No run is lost when the server stops: killed mid-run, the run is marked interrupted on restart and can be
rerun; runs still queued are executed by the restarted server; a graceful stop interrupts cleanly.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import TARIFFS, make_client, wait_for
from .fakes import FakeExecutor
from .server import server


def poll(client: httpx.Client, run_id: str, done: Any, timeout: float = 20) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        run: dict[str, Any] = client.get(f"/api/runs/{run_id}").json()
        if done(run):
            return run
        if time.monotonic() > deadline:
            raise AssertionError(f"run {run_id}: {run}")
        time.sleep(0.05)


@pytest.mark.slow
def test_killed_server_leaves_runs_interrupted_and_rerunnable(tmp_path: Path) -> None:
    with server(tmp_path, step_seconds=0.2) as (process, client):
        first = client.post("/api/runs", json=TARIFFS).json()["id"]
        second = client.post("/api/runs", json={**TARIFFS, "name": "second"}).json()["id"]
        poll(client, first, lambda run: run["state"] == "running" and run["progress"] > 0)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    # the kill left the run's staging folder and no result folder
    assert [path.name for path in (tmp_path / "runs").iterdir()] == [f".{first}.partial"]

    with server(tmp_path, step_seconds=0.0) as (process, client):
        interrupted = client.get(f"/api/runs/{first}").json()
        assert interrupted["state"] == "interrupted"
        assert "rerun" in interrupted["message"]
        assert poll(client, second, lambda run: run["state"] == "succeeded")["attempts"] == 1
        assert client.post(f"/api/runs/{first}/rerun").status_code == 202
        rerun = poll(client, first, lambda run: run["state"] not in {"queued", "running"})
        assert (rerun["state"], rerun["attempts"]) == ("succeeded", 2)
        welfare = client.get(f"/api/runs/{first}/tables/welfare").json()
        assert {row["country"]: row["welfare_pct"] for row in welfare["rows"]}["CHN"] == pytest.approx(-60.0)
        process.send_signal(signal.SIGTERM)
        assert process.wait(10) in {0, -signal.SIGTERM}  # uvicorn re-raises the signal it stopped on
    assert sorted(path.name for path in (tmp_path / "runs").iterdir()) == sorted([first, second])


def test_graceful_stop_interrupts_the_running_run(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    with make_client(tmp_path, url, executor=FakeExecutor(steps=1000, step_seconds=0.01)) as client:
        run_id = client.post("/api/runs", json=TARIFFS).json()["id"]
        wait_for(client, run_id, {"running"})
    with make_client(tmp_path, url) as client:
        run = client.get(f"/api/runs/{run_id}").json()
        assert run["state"] == "interrupted"
        assert run["progress"] < 1
        assert not (tmp_path / "data" / "runs" / run_id).exists()
