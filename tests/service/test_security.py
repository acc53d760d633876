"""Security: size limits, validation with located issues, safe YAML, tokens, CORS, loopback binding."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gotogether.errors import InputError
from gotogether.service.documents import parse_body
from gotogether.service.security import is_loopback
from gotogether.service.settings import MAX_BODY_BYTES

from .conftest import TARIFFS, TestClient, make_client, wait_for


def test_bodies_over_the_limit_get_413(client: TestClient) -> None:
    big = {**TARIFFS, "description": "x" * MAX_BODY_BYTES}
    response = client.post("/api/runs", json=big)
    assert response.status_code == 413
    assert str(MAX_BODY_BYTES) in response.json()["detail"]


def test_chunked_bodies_are_counted_too(client: TestClient) -> None:
    chunks = (b"x" * 65536 for _ in range(MAX_BODY_BYTES // 65536 + 2))
    response = client.post("/api/runs", content=chunks, headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_invalid_scenarios_are_refused_with_located_issues(client: TestClient) -> None:
    bad = {"name": "Not A Slug", "description": "", "measures": [{"change": 0.1}]}
    response = client.post("/api/runs", json=bad)
    assert response.status_code == 422
    locations = {issue["location"] for issue in response.json()["issues"]}
    assert locations == {"document 0: name", "document 0: description", "document 0: measures[0].type"}
    assert client.get("/api/runs").json() == []


def test_validate_endpoint_reports_without_running(client: TestClient) -> None:
    assert client.post("/api/validate", json=TARIFFS).json() == {
        "valid": True,
        "name": "tariffs",
        "issues": [],
    }
    broken = client.post(
        "/api/validate", content=b"name: [unclosed", headers={"content-type": "application/yaml"}
    ).json()
    assert broken["valid"] is False
    assert broken["issues"][0]["location"] == "request body, line 1 column 16"
    assert client.get("/api/runs").json() == []


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"a: &x [1]\nb: *x\n", "YAML aliases"),
        (b"name: !!python/object/apply:os.system ['true']\n", "could not determine a constructor"),
        (b"when: !!binary aGVsbG8=\n", "a bytes value"),
        (b"- 1\n", "document 0 is a int"),
        (b"[]", "0 documents in the body"),
        (b"[" + b"{}, " * 100 + b"{}]", "101 documents in the body"),
        (b"[" * 5000, "nested too deeply"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_unsafe_or_odd_yaml_is_refused(body: bytes, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        parse_body(body, "application/yaml")


def test_json_without_finite_numbers_is_refused() -> None:
    with pytest.raises(InputError, match=r"document 0\.measures\[0\]\.change: nan is not a number"):
        parse_body(b'{"measures": [{"change": NaN}]}', "application/json")
    assert parse_body(b"when: 2019-05-10\n", "text/yaml") == [{"when": "2019-05-10"}]


def test_yaml_keys_are_text_as_written() -> None:
    """PyYAML's dump leaves the key "1e100" unquoted; the loader, which reads 1e100 as a number in values,
    must still read it back as the key that was meant (found by schemathesis in CI)."""
    body = yaml.safe_dump({"1e100": [None], "2019": {"true": 1, "null": 0.5}}).encode()
    assert parse_body(body, "application/yaml") == [{"1e100": [None], "2019": {"true": 1, "null": 0.5}}]
    assert parse_body(b"x: 1e100\n", "application/yaml") == [{"x": 1e100}]
    with pytest.raises(InputError, match="unhashable key"):
        parse_body(b"? [1, 2]\n: x\n", "application/yaml")


def test_other_content_types_get_415(client: TestClient) -> None:
    response = client.post("/api/runs", content=b"name=x", headers={"content-type": "text/plain"})
    assert response.status_code == 415


def test_token_is_required_when_configured(tmp_path: Path) -> None:
    with make_client(tmp_path, f"sqlite:///{tmp_path / 'r.sqlite3'}", token="s3cret") as client:
        assert client.get("/api/runs").status_code == 401
        assert client.get("/api/runs", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert client.get("/api/runs", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        spec = client.get("/api/openapi.json").json()
        assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_cors_is_closed_by_default(client: TestClient) -> None:
    response = client.options(
        "/api/runs", headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET"}
    )
    assert "access-control-allow-origin" not in response.headers


def test_cors_opens_to_the_origins_given_only(tmp_path: Path) -> None:
    allowed = "https://dashboard.example"
    with make_client(tmp_path, f"sqlite:///{tmp_path / 'r.sqlite3'}", cors_origins=(allowed,)) as client:
        for origin, expected in [(allowed, allowed), ("https://elsewhere.example", None)]:
            preflight = {"Origin": origin, "Access-Control-Request-Method": "GET"}
            response = client.options("/api/runs", headers=preflight)
            assert response.headers.get("access-control-allow-origin") == expected


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.3.2.1", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_refuses_a_public_host_without_token(monkeypatch: pytest.MonkeyPatch) -> None:
    from gotogether.cli.serve import serve

    monkeypatch.delenv("GOTOGETHER_TOKEN", raising=False)
    with pytest.raises(InputError, match=r"refusing to listen on 0\.0\.0\.0 without authentication"):
        serve(host="0.0.0.0")


def test_serve_with_a_token_may_listen_beyond_localhost(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import uvicorn

    from gotogether.cli.serve import serve

    started: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.update(app=app, **options))
    monkeypatch.setenv("GOTOGETHER_TOKEN", "from-the-environment")
    serve(host="0.0.0.0", port=8123, data_dir=tmp_path)
    assert (started["host"], started["port"]) == ("0.0.0.0", 8123)
    with TestClient(started["app"]) as client:  # type: ignore[arg-type]
        assert client.get("/api/scenarios").status_code == 401
        authorised = {"Authorization": "Bearer from-the-environment"}
        assert "tariff-war" in {s["name"] for s in client.get("/api/scenarios", headers=authorised).json()}
        # the real pipeline behind the API: a built-in runs to completion and serves its who-pays table
        run = client.post("/api/scenarios/tariff-war/runs", headers=authorised).json()
        # the real pipeline takes seconds (more on a loaded machine): this is no speed test (benchmarks/)
        done = wait_for(client, run["id"], {"failed", "succeeded"}, timeout=120.0, headers=authorised)
        assert done["state"] == "succeeded", done["message"]
        table = client.get(f"/api/runs/{run['id']}/tables/who_pays", headers=authorised)
        assert table.status_code == 200
        assert "CHN" in table.text
    assert (tmp_path / "registry.sqlite3").is_file()
