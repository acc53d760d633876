"""The service on the real scenario layer: built-in library, validation with located issues, inheritance
limited to built-ins and documents sent together (never server files), schema in the OpenAPI spec.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gotogether.scenarios import builtin_names, load_scenario
from gotogether.service.app import create_app
from gotogether.service.library import ScenarioLibrary
from gotogether.service.settings import ServiceSettings

from .conftest import TestClient, wait_for
from .fakes import FakeExecutor


@pytest.fixture(scope="module")
def library() -> ScenarioLibrary:
    return ScenarioLibrary()


@pytest.fixture
def client(tmp_path: Path, library: ScenarioLibrary) -> Iterator[TestClient]:
    app = create_app(ServiceSettings(data_dir=tmp_path), FakeExecutor(), library)
    with TestClient(app) as client:
        yield client


def tariff_war(client: TestClient) -> dict[str, Any]:
    document: dict[str, Any] = client.get("/api/scenarios/tariff-war").json()
    return document


def test_library_lists_the_builtins(client: TestClient) -> None:
    listed = client.get("/api/scenarios").json()
    assert [scenario["name"] for scenario in listed] == builtin_names()
    assert (
        listed[builtin_names().index("tariff-war")]["description"] == load_scenario("tariff-war").description
    )
    document = tariff_war(client)
    assert (document["name"], document["inherits"]) == ("tariff-war", "coordinated")


@pytest.mark.parametrize("name", builtin_names())
def test_every_builtin_runs_and_its_document_validates_as_sent(client: TestClient, name: str) -> None:
    document = client.get(f"/api/scenarios/{name}").json()
    assert client.post("/api/validate", json=document).json()["name"] == name
    run = client.post(f"/api/scenarios/{name}/runs").json()
    assert client.get(f"/api/runs/{run['id']}/scenario").json() == [document]


def test_builtin_document_validates_and_runs(client: TestClient) -> None:
    document = tariff_war(client)
    assert client.post("/api/validate", json=document).json() == {
        "valid": True,
        "name": "tariff-war",
        "issues": [],
    }
    run = client.post("/api/runs", json={**document, "name": "my-tariffs"}).json()
    assert wait_for(client, run["id"], {"succeeded"})["scenario_name"] == "my-tariffs"


def test_schema_issues_are_located(client: TestClient) -> None:
    document = tariff_war(client)
    broken = {**document, "measures": [{**document["measures"][0], "change": "a lot"}]}
    response = client.post("/api/runs", json=broken)
    assert response.status_code == 422
    issues = {issue["location"]: issue["message"] for issue in response.json()["issues"]}
    assert "document 0: measures[0].change" in issues
    assert "number" in issues["document 0: measures[0].change"]


def test_what_a_run_would_refuse_is_refused_at_validation(client: TestClient) -> None:
    # valid for the schema, but India makes none of the parts of the value network: the supply engine
    # would refuse the control when the run starts
    document = {
        "name": "india-controls",
        "measures": [
            {
                "type": "export-control",
                "issuers": ["IND"],
                "target_vendors": ["Huawei"],
                "start": "2021-01-01",
                "reach": "coalition-made",
            }
        ],
    }
    report = client.post("/api/validate", json=document).json()
    assert report["valid"] is False
    (issue,) = report["issues"]
    assert issue["location"].startswith("document 0: measure 'india-controls measure 0'")
    assert "IND" in issue["message"]
    assert client.post("/api/runs", json=document).status_code == 422


@pytest.mark.parametrize("parent", ["/etc/passwd", "../../secret.yaml", "scenario.yaml", "missing"])
def test_inheriting_anything_but_builtins_or_sent_documents_is_refused(
    client: TestClient, parent: str
) -> None:
    report = client.post("/api/validate", json={**tariff_war(client), "inherits": parent}).json()
    assert report["valid"] is False
    assert report["issues"][0]["location"] == "document 0: inherits"
    assert "unknown parent" in report["issues"][0]["message"]


def test_a_custom_parent_sent_with_the_scenario_is_inherited(client: TestClient) -> None:
    document = tariff_war(client)
    parent = {**document, "name": "my-base"}
    child = {
        "name": "my-child",
        "description": "The tariff war, plus nothing.",
        "inherits": "my-base.yaml",
        "measures": [],
    }
    assert client.post("/api/validate", json=[child, parent]).json()["name"] == "my-child"
    bad_parent = {**parent, "measures": [{"type": "tariff"}]}
    issues = client.post("/api/validate", json=[child, bad_parent]).json()["issues"]
    assert issues
    assert all(issue["location"].startswith("my-base.yaml") for issue in issues)


def test_openapi_documents_the_scenario_schema(client: TestClient) -> None:
    components = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert "measures" in components["ScenarioDocument"]["properties"]
    # Issue 18.9: the spec allowed any inherits string; it now says what the server accepts.
    inherits = components["ScenarioDocument"]["properties"]["inherits"]["anyOf"]
    assert inherits[0]["enum"] == builtin_names()
    assert re.fullmatch(inherits[1]["pattern"].strip("^$"), "my-base.yaml")
    assert not re.fullmatch(inherits[1]["pattern"].strip("^$"), "../etc/passwd")
    assert inherits[2] == {"type": "null"}
    assert "ScenarioTariff" in components
    text = str(components)
    assert "#/$defs/" not in text
