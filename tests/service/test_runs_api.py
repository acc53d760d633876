"""The API end to end with the fake executor: submit, follow, fetch tables, compare, fail, rerun."""

from __future__ import annotations

import io
import itertools
import json
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
import yaml

from .conftest import TARIFFS, TestClient, make_client, wait_for
from .fakes import WEIGHTS, FakeExecutor


def submit(client: TestClient, document: object) -> str:
    response = client.post("/api/runs", json=document)
    assert response.status_code == 202, response.text
    run_id: str = response.json()["id"]
    return run_id


def test_library_lists_builtins_and_serves_their_documents(client: TestClient) -> None:
    names = [scenario["name"] for scenario in client.get("/api/scenarios").json()]
    assert names == ["mild", "tariffs"]
    assert client.get("/api/scenarios/tariffs").json() == TARIFFS
    assert client.get("/api/scenarios/nothing").status_code == 404


def test_run_succeeds_and_serves_its_tables(client: TestClient) -> None:
    run_id = submit(client, TARIFFS)
    run = wait_for(client, run_id, {"succeeded", "failed"})
    assert (run["state"], run["progress"], run["attempts"]) == ("succeeded", 1.0, 1)
    assert run["created_at"] <= run["started_at"] <= run["finished_at"]
    assert run["created_at"].endswith("Z") or run["created_at"].endswith("+00:00")

    tables = {table["name"]: table for table in client.get(f"/api/runs/{run_id}/tables").json()}
    assert tables["welfare"] == {
        "name": "welfare",
        "title": "Welfare",
        "columns": ["country", "welfare_pct"],
        "rows": 3,
    }
    assert tables["who_pays"]["columns"] == ["country", "share"]

    welfare = client.get(f"/api/runs/{run_id}/tables/welfare").json()
    # human names and units from the table's metadata; shared labels and other columns are named too
    assert welfare["labels"] == {"country": "Country", "welfare_pct": "Welfare change"}
    assert welfare["units"] == {"welfare_pct": "%"}
    got = {row["country"]: row["welfare_pct"] for row in welfare["rows"]}
    assert got == pytest.approx({country: -30.0 * weight for country, weight in WEIGHTS.items()})
    page = client.get(f"/api/runs/{run_id}/tables/welfare", params={"offset": 1, "limit": 1}).json()
    assert (page["total_rows"], [row["country"] for row in page["rows"]]) == (3, ["DEU"])

    parquet = client.get(f"/api/runs/{run_id}/tables/welfare", params={"format": "parquet"})
    frame = pd.read_parquet(io.BytesIO(parquet.content)).set_index("country")
    assert frame.loc["CHN", "welfare_pct"] == pytest.approx(-60.0)
    csv = client.get(f"/api/runs/{run_id}/tables/who_pays", params={"format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert pd.read_csv(io.StringIO(csv.text))["share"].sum() == pytest.approx(1.0)

    manifest = client.get(f"/api/runs/{run_id}/manifest").json()
    assert (manifest["scenarios"], manifest["tables"]["welfare"]["rows"]) == ([TARIFFS], 3)
    report = client.get(f"/api/runs/{run_id}/report")
    assert "<h1>tariffs</h1>" in report.text
    assert report.headers["content-security-policy"] == "sandbox allow-scripts"
    assert client.get(f"/api/runs/{run_id}/scenario").json() == [TARIFFS]
    assert client.get(f"/api/runs/{run_id}/tables/nothing").status_code == 404


def test_yaml_body_and_builtin_runs(client: TestClient) -> None:
    response = client.post(
        "/api/runs", content=yaml.safe_dump(TARIFFS), headers={"content-type": "application/yaml"}
    )
    assert response.status_code == 202
    assert response.json()["scenario_name"] == "tariffs"
    builtin = client.post("/api/scenarios/mild/runs")
    assert builtin.status_code == 202
    assert wait_for(client, builtin.json()["id"], {"succeeded"})["scenario_name"] == "mild"
    assert client.post("/api/scenarios/nothing/runs").status_code == 404


def test_compare_gives_row_by_row_differences(client: TestClient) -> None:
    first = submit(client, TARIFFS)
    second = submit(client, {**TARIFFS, "measures": [{"type": "tariff", "change": 0.1}]})
    for run_id in (first, second):
        wait_for(client, run_id, {"succeeded"})
    comparison = client.get("/api/compare", params={"a": first, "b": second}).json()
    by_name = {table["name"]: table for table in comparison["tables"]}
    assert by_name["welfare"]["columns"] == ["country", "welfare_pct_a", "welfare_pct_b", "welfare_pct_diff"]
    assert by_name["welfare"]["labels"]["welfare_pct_diff"] == "Welfare change (B - A)"
    assert by_name["welfare"]["units"]["welfare_pct_b"] == "%"
    diff = {row["country"]: row["welfare_pct_diff"] for row in by_name["welfare"]["rows"]}
    # shocks 0.3 then 0.1: b - a = +20 w_c percentage points
    assert diff == pytest.approx({country: 20.0 * weight for country, weight in WEIGHTS.items()})
    shares = {row["country"]: row["share_diff"] for row in by_name["who_pays"]["rows"]}
    assert shares == pytest.approx(dict.fromkeys(WEIGHTS, 0.0))
    only = client.get("/api/compare", params={"a": first, "b": second, "table": "welfare"}).json()
    assert [table["name"] for table in only["tables"]] == ["welfare"]
    assert client.get("/api/compare", params={"a": first, "b": second, "table": "x"}).status_code == 404


def test_compare_bounds_its_response(client: TestClient) -> None:
    """Issue 18.3: a table named 1,000 times was compared 1,000 times (645 MB from a 15 KB URL)."""
    first, second = submit(client, TARIFFS), submit(client, {**TARIFFS, "measures": []})
    for run_id in (first, second):
        wait_for(client, run_id, {"succeeded"})
    repeated = client.get("/api/compare", params={"a": first, "b": second, "table": ["welfare"] * 1000})
    assert repeated.status_code == 200
    assert [table["name"] for table in repeated.json()["tables"]] == ["welfare"]
    assert len(repeated.content) < 2_000
    too_many = client.get(
        "/api/compare", params={"a": first, "b": second, "table": [f"t{n}" for n in range(51)]}
    )
    assert too_many.status_code == 422
    assert "at most 50" in too_many.json()["detail"]
    page = client.get(
        "/api/compare", params={"a": first, "b": second, "table": "timeline", "limit": 4}
    ).json()
    assert (len(page["tables"][0]["rows"]), page["tables"][0]["total_rows"]) == (4, 15)


def test_finished_runs_are_deleted_on_request_and_after_the_retention(
    tmp_path: Path, database_url: str
) -> None:
    """Issue 18.9: the service kept every run (about 6 MB each) for ever."""
    executor = FakeExecutor(steps=50, step_seconds=0.02)
    with make_client(tmp_path, database_url, executor=executor, retention_days=1.0) as client:
        first, second = submit(client, TARIFFS), submit(client, TARIFFS)
        response = client.delete(f"/api/runs/{first}")
        assert response.status_code == 409  # running (or queued): it stays
        assert "only finished runs delete" in response.json()["detail"]
        for run_id in (first, second):
            wait_for(client, run_id, {"succeeded"})
        runs = tmp_path / "data" / "runs"
        assert client.delete(f"/api/runs/{first}").status_code == 204
        assert client.get(f"/api/runs/{first}").status_code == 404
        assert not (runs / first).exists()
        assert client.delete(f"/api/runs/{first}").status_code == 404
        worker = client.app.state.service.worker  # type: ignore[attr-defined]
        assert worker.sweep() == []  # a day's retention: still kept
        worker.retention = timedelta(0)
        assert worker.sweep() == [second]
        assert not (runs / second).exists()
        assert client.get("/api/runs").json() == []


def test_failed_run_reports_why_and_can_rerun(client: TestClient) -> None:
    run_id = submit(client, {**TARIFFS, "fail": True})
    run = wait_for(client, run_id, {"succeeded", "failed"})
    assert run["state"] == "failed"
    assert run["message"] == "scenario, fail: the fake pipeline was asked to fail"
    assert client.get(f"/api/runs/{run_id}/tables").status_code == 409
    rerun = client.post(f"/api/runs/{run_id}/rerun")
    assert rerun.status_code == 202
    assert wait_for(client, run_id, {"failed"})["attempts"] == 2


def test_rerun_refuses_a_succeeded_run(client: TestClient) -> None:
    run_id = submit(client, TARIFFS)
    wait_for(client, run_id, {"succeeded"})
    response = client.post(f"/api/runs/{run_id}/rerun")
    assert response.status_code == 409
    assert "only failed or interrupted" in response.json()["detail"]


def test_list_runs_filters_by_state(client: TestClient) -> None:
    done = submit(client, TARIFFS)
    failed = submit(client, {**TARIFFS, "fail": True})
    for run_id in (done, failed):
        wait_for(client, run_id, {"succeeded", "failed"})
    assert [run["id"] for run in client.get("/api/runs", params={"state": "failed"}).json()] == [failed]
    assert {run["id"] for run in client.get("/api/runs").json()} == {done, failed}


def test_events_stream_ends_with_the_finished_run(client: TestClient) -> None:
    run_id = submit(client, TARIFFS)
    with client.stream("GET", f"/api/runs/{run_id}/events") as stream:
        events = [json.loads(line[6:]) for line in stream.iter_lines() if line.startswith("data: ")]
    assert events[-1]["state"] == "succeeded"
    assert all(a != b for a, b in itertools.pairwise(events))
