"""Server-sent events of a run (sse-starlette): named ``run`` events in the event-stream format."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import TARIFFS, make_client


def test_events_are_named_run_and_carry_the_run_as_json(tmp_path: Path) -> None:
    with make_client(tmp_path, f"sqlite:///{tmp_path / 'registry.sqlite3'}") as client:
        run_id = client.post("/api/runs", json=TARIFFS).json()["id"]
        with client.stream("GET", f"/api/runs/{run_id}/events") as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            assert stream.headers["cache-control"] == "no-cache"
            lines = list(stream.iter_lines())
    names = [line.removeprefix("event: ") for line in lines if line.startswith("event: ")]
    runs = [json.loads(line.removeprefix("data: ")) for line in lines if line.startswith("data: ")]
    assert names == ["run"] * len(runs)
    assert {run["id"] for run in runs} == {run_id}
    assert runs[-1]["state"] == "succeeded"


def test_events_of_an_unknown_run_are_a_404(tmp_path: Path) -> None:
    with make_client(tmp_path, f"sqlite:///{tmp_path / 'registry.sqlite3'}") as client:
        response = client.get(f"/api/runs/{'0' * 32}/events")
    assert response.status_code == 404
