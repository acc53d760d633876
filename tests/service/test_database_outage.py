"""Fault injection: the registry's PostgreSQL server stops under load and comes back (issue 18.2).

Before the fix, the worker dropped a run whose start raised (it stayed ``queued`` for ever) and a failed
``finish`` left a run ``running``. Now every run accepted ends succeeded or failed with a reason.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import make_client
from .fakes import FakeExecutor
from .postgres import PostgresServer, postgres_bin

FINISHED = {"succeeded", "failed"}


@pytest.fixture
def server() -> Iterator[PostgresServer]:
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("no PostgreSQL binaries under /usr/lib/postgresql (scripts/ci_postgres.sh installs them)")
    server = PostgresServer(bin_dir)
    try:
        yield server
    finally:
        server.remove()


def test_every_run_ends_when_the_database_stops_under_load(tmp_path: Path, server: PostgresServer) -> None:
    executor = FakeExecutor(steps=3, step_seconds=0.05)
    document = {"name": "outage", "description": "x", "measures": [{"type": "tariff", "change": 0.1}]}
    failing = {**document, "fail": True}
    with make_client(tmp_path, server.url, executor=executor, workers=2) as client:
        accepted = [client.post("/api/runs", json=[failing if n % 5 == 0 else document]) for n in range(20)]
        server.stop()
        during = [client.post("/api/runs", json=[document]) for _ in range(20)]
        assert {response.status_code for response in during} == {503}  # never a 500
        assert client.get("/api/runs").status_code == 503
        time.sleep(1.5)  # the worker meets the outage while taking, running and closing runs
        server.start()
        ids = [response.json()["id"] for response in accepted if response.status_code == 202]
        assert len(ids) == 20
        deadline = time.monotonic() + 30
        while True:
            runs = client.get("/api/runs", params={"limit": 1000}).json()
            if all(run["state"] in FINISHED for run in runs) or time.monotonic() > deadline:
                break
            time.sleep(0.05)
    states = {run["id"]: (run["state"], run["message"]) for run in runs}
    assert sorted(states) == sorted(ids)
    stranded = {run_id: state for run_id, (state, _) in states.items() if state not in FINISHED}
    assert not stranded, f"stranded after the outage: {stranded}"
    failed = [message for state, message in states.values() if state == "failed"]
    assert len(failed) == 4
    assert all("asked to fail" in message for message in failed)
