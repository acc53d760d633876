"""Request bodies against the real scenario layer (issue 18.5): every odd input is a located 422, or a run
that succeeds; never a server error, never a run failing on what validation accepted. Ends with a fuzz."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gotogether.runs.writer import RunWriter
from gotogether.scenarios.schema import scenario_json_schema
from gotogether.service.app import create_app
from gotogether.service.executor import Progress
from gotogether.service.library import ScenarioLibrary, resolve
from gotogether.service.settings import ServiceSettings

from .conftest import TestClient, wait_for

BAN = "name: ban\nmeasures:\n  - type: vendor-ban\n    countries: GBR\n    vendors: Huawei\n"
YAML = {"content-type": "application/yaml"}


def resolving_executor(documents: list[dict[str, Any]], out_dir: Path, progress: Progress) -> None:
    """What the pipeline does with a submission before any engine runs: resolve it and record it."""
    scenario = resolve(documents)
    progress(0.5, "resolved")
    with RunWriter(out_dir) as run:
        run.record(scenarios=[scenario.model_dump(mode="json")])
        run.write_text("scenario.txt", scenario.description)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = ServiceSettings(data_dir=tmp_path_factory.mktemp("service"))
    with TestClient(create_app(settings, resolving_executor, ScenarioLibrary())) as client:
        yield client


def issues(client: TestClient, body: bytes, headers: dict[str, str]) -> list[dict[str, str]]:
    """The issues of a body both validation and submission refuse (with 200 + invalid, and 422)."""
    report = client.post("/api/validate", content=body, headers=headers)
    assert report.status_code == 200
    assert report.json()["valid"] is False
    submitted = client.post("/api/runs", content=body, headers=headers)
    assert submitted.status_code == 422, submitted.text
    found: list[dict[str, str]] = report.json()["issues"]
    assert submitted.json()["issues"] == found
    return found


def test_an_impossible_day_is_located(client: TestClient) -> None:
    [issue] = issues(client, (BAN + "    start: 2021-02-30\n").encode(), YAML)
    assert issue["location"] == "request body, line 6 column 12"
    assert "'2021-02-30' is not a real day" in issue["message"]


def test_a_day_beyond_the_model_calendar_is_refused(client: TestClient) -> None:
    [issue] = issues(client, (BAN + "    start: 9999-12-31\n").encode(), YAML)
    assert issue["location"] == "document 0: measures[0].start"
    assert "expected a day between 1990-01-01 and 2100-12-31" in issue["message"]
    # and the published schema says so, so that a schema-valid day is a day the server takes
    pattern = scenario_json_schema()["$defs"]["VendorBan"]["properties"]["start"]["pattern"]
    for day, inside in [
        ("1990-01-01", True),
        ("2100-12-31", True),
        ("1989-12-31", False),
        ("2101-01-01", False),
    ]:
        assert bool(re.fullmatch(pattern, day)) is inside, day


def test_duplicate_keys_are_refused_as_the_command_line_does(client: TestClient) -> None:
    [issue] = issues(client, (BAN + "name: other\n").encode(), YAML)
    assert (issue["location"], issue["message"]) == (
        "request body, line 6 column 1",
        "duplicate key 'name' (expected each key once per mapping)",
    )
    [issue] = issues(client, b'{"name": "a", "name": "b"}', {"content-type": "application/json"})
    assert issue["message"].startswith("duplicate key 'name'")


def test_unpaired_surrogates_are_refused(client: TestClient) -> None:
    [issue] = issues(client, b'{"name": "x", "description": "\\ud83d"}', {"content-type": "application/json"})
    assert issue["location"] == "request body, document 0.description"
    assert "unpaired surrogate U+D83D" in issue["message"]


@pytest.mark.parametrize(
    "description", ["antenna \U0001f4e1 on the mast", "next\x85line", "line\u2028separator", "del\x7f"]
)
def test_any_unicode_text_runs_as_it_was_sent(client: TestClient, description: str) -> None:
    """An emoji was accepted, then failed the run: JSON wrote it as two escapes that YAML read as two
    unpaired surrogates."""
    response = client.post("/api/runs", json={"name": "text", "description": description})
    assert response.status_code == 202
    run = wait_for(client, response.json()["id"], {"succeeded", "failed"})
    assert run["state"] == "succeeded", run["message"]
    text = client.get(f"/api/runs/{run['id']}/manifest").json()["scenarios"][0]["description"]
    assert text == description


ODD = "a -\U0001f4e1\x85\u2028\x7f\ud83d[/b]"
"""Characters that broke runs or messages: emoji, YAML line breaks, DEL, a lone surrogate, rich markup."""
TEXT = st.text(st.sampled_from(ODD) | st.characters(codec="utf-8"), max_size=12)
DAYS = st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | TEXT | DAYS
EXTRA = st.one_of(st.just({}), st.just({}), st.just({}), st.dictionaries(TEXT, SCALARS, max_size=2))
"""Unknown keys, in a quarter of the documents (most bodies should be nearly valid, to reach the run)."""
BAN_MEASURE = st.fixed_dictionaries(
    {
        "type": st.just("vendor-ban"),
        "countries": st.sampled_from(["GBR", "gbr", "USA"]),
        "vendors": st.sampled_from(["Huawei", "ZTE"]),
    },
    optional={"start": DAYS, "label": TEXT},
)
ODD_MEASURE = st.fixed_dictionaries(
    {"type": st.sampled_from(["tariff", "vendor-ban", "export-control", "x"])},
    optional={"countries": TEXT, "start": SCALARS, "change": SCALARS},
)
DOCUMENT = st.fixed_dictionaries(
    {"name": st.sampled_from(["fuzz", "fuzz", "fuzz", "Fuzz", ""])},
    optional={
        "description": TEXT,
        "inherits": st.sampled_from(["coordinated", "coordinated", "nothing"]),
        "measures": st.lists(BAN_MEASURE | BAN_MEASURE | ODD_MEASURE, max_size=2),
    },
)


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(document=DOCUMENT, extra=EXTRA, as_yaml=st.booleans())
def test_fuzzed_bodies_never_give_a_server_error(
    client: TestClient, document: dict[str, Any], extra: dict[str, Any], as_yaml: bool
) -> None:
    text = json.dumps({**extra, **document}, allow_nan=True)
    headers = YAML if as_yaml else {"content-type": "application/json"}
    body = text.encode("utf-8", "surrogatepass")
    assert client.post("/api/validate", content=body, headers=headers).status_code == 200
    response = client.post("/api/runs", content=body, headers=headers)
    assert response.status_code in (202, 422), response.text
    if response.status_code == 202:
        run = wait_for(client, response.json()["id"], {"succeeded", "failed"})
        assert run["state"] == "succeeded", run["message"]
