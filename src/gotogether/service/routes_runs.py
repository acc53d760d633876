"""API routes: the scenario library, validation, submitting runs, following them, rerunning them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sse_starlette import EventSourceResponse, ServerSentEvent

from gotogether.errors import InputError
from gotogether.service.catalog import InvalidScenarioError, Issue, ScenarioSummary
from gotogether.service.documents import JSON_TYPES, MAX_DOCUMENTS, YAML_TYPES, media_type, parse_body
from gotogether.service.records import FINISHED_STATES, RunState
from gotogether.service.schemas import RUN_ID, Problem, Rejected, RunOut, ValidationReport
from gotogether.service.state import ServiceState, service_state

router = APIRouter()
State = Annotated[ServiceState, Depends(service_state)]
RunId = Annotated[str, Path(pattern=RUN_ID, description="Run id (32 hex digits)")]
SCENARIO_NAME = r"^[a-z0-9][a-z0-9-]{0,79}$"

EXAMPLE_YAML = """name: my-tariffs
description: The US raises tariffs on Chinese electrical equipment by 25 points.
inherits: coordinated
measures:
  - type: tariff
    importers: USA
    exporters: CHN
    sectors: [electrical-optical]
    change: 0.25
"""


def scenario_body(document: dict[str, Any], description: str) -> dict[str, Any]:
    """OpenAPI description of a scenario body: one document or a list of them, as JSON or YAML."""
    schema = {
        "anyOf": [document, {"type": "array", "items": document, "minItems": 1, "maxItems": MAX_DOCUMENTS}]
    }
    return {
        "requestBody": {
            "required": True,
            "description": f"{description} YAML numbers follow YAML 1.2: quote text that reads as one "
            "(name: '5e3'); keys are always text.",
            "content": {
                "application/json": {"schema": schema},
                "application/yaml": {"schema": schema, "example": EXAMPLE_YAML},
            },
        }
    }


SCENARIO_BODY = scenario_body(
    {"$ref": "#/components/schemas/ScenarioDocument"},
    "A scenario (JSON or YAML), or a list: the scenario, then custom parents it inherits.",
)
ANY_BODY = scenario_body({}, "Anything: a scenario to check, valid or not (JSON or YAML).")
INVALID: dict[int | str, dict[str, Any]] = {
    status.HTTP_422_UNPROCESSABLE_CONTENT: {"model": Problem, "description": "Invalid scenario"},
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: {"model": Problem, "description": "Not JSON or YAML"},
}


async def _documents(request: Request) -> list[dict[str, Any]]:
    if media_type(request.headers.get("content-type")) not in JSON_TYPES | YAML_TYPES:
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "send application/json or application/yaml"
        )
    return parse_body(await request.body(), request.headers.get("content-type"))


@router.get("/scenarios", tags=["scenarios"], response_model=list[ScenarioSummary])
def list_scenarios(state: State) -> list[ScenarioSummary]:
    """The built-in scenario library."""
    return state.catalog.summaries()


@router.get(
    "/scenarios/{name}",
    tags=["scenarios"],
    responses={404: {"model": Problem}},
    response_model=dict[str, Any],
)
def get_scenario(name: Annotated[str, Path(pattern=SCENARIO_NAME)], state: State) -> dict[str, Any]:
    """A built-in scenario's document (a starting point for the editor)."""
    document = state.catalog.document(name)
    if document is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no built-in scenario {name!r}")
    return document


@router.post(
    "/validate",
    tags=["scenarios"],
    openapi_extra=ANY_BODY,
    responses={415: INVALID[status.HTTP_415_UNSUPPORTED_MEDIA_TYPE]},
)
async def validate_scenario(request: Request, state: State) -> ValidationReport:
    """Check a scenario against the schema without running it; every issue located."""
    try:
        documents = await _documents(request)
        name = state.catalog.validate(documents)
    except InputError as error:
        return ValidationReport(valid=False, issues=[_issue(error)])
    except InvalidScenarioError as error:
        return ValidationReport(valid=False, issues=error.issues)
    return ValidationReport(valid=True, name=name)


@router.post(
    "/runs",
    tags=["runs"],
    status_code=status.HTTP_202_ACCEPTED,
    openapi_extra=SCENARIO_BODY,
    responses=INVALID,
)
async def submit_run(request: Request, state: State) -> RunOut:
    """Submit a scenario (JSON or YAML); it is validated, registered as queued and run in the background."""
    try:
        documents = await _documents(request)
        name = state.catalog.validate(documents)
    except InputError as error:
        raise _invalid([_issue(error)]) from error
    except InvalidScenarioError as error:
        raise _invalid(error.issues) from error
    return RunOut.of(await run_in_threadpool(state.submit, name, documents))


@router.post(
    "/scenarios/{name}/runs",
    tags=["runs"],
    status_code=status.HTTP_202_ACCEPTED,
    responses={404: {"model": Problem}},
)
def run_builtin(name: Annotated[str, Path(pattern=SCENARIO_NAME)], state: State) -> RunOut:
    """Run a built-in scenario as it is."""
    document = state.catalog.document(name)
    if document is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no built-in scenario {name!r}")
    return RunOut.of(state.submit(name, [document]))


@router.get("/runs", tags=["runs"])
def list_runs(
    state: State,
    run_state: Annotated[RunState | None, Query(alias="state", description="Only runs in this state")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[RunOut]:
    """Runs, newest first."""
    return [RunOut.of(record) for record in state.registry.runs(run_state, limit, offset)]


@router.get("/runs/{run_id}", tags=["runs"], responses={404: {"model": Problem}})
def get_run(run_id: RunId, state: State) -> RunOut:
    """A run's state, progress and last message."""
    return RunOut.of(state.run(run_id))


@router.get(
    "/runs/{run_id}/scenario",
    tags=["runs"],
    responses={404: {"model": Problem}},
    response_model=list[dict[str, Any]],
)
def get_run_scenario(run_id: RunId, state: State) -> list[dict[str, Any]]:
    """The scenario documents a run was submitted with."""
    return state.run(run_id).scenario_documents


@router.post(
    "/runs/{run_id}/rerun",
    tags=["runs"],
    status_code=status.HTTP_202_ACCEPTED,
    responses={404: {"model": Problem}, 409: {"model": Problem, "description": "Run not failed/interrupted"}},
)
def rerun(run_id: RunId, state: State) -> RunOut:
    """Queue a failed or interrupted run again, under the same id (it restarts from the beginning)."""
    record = state.run(run_id)
    if not state.registry.requeue(record.id):
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"run {run_id} is {record.state}; only failed or interrupted runs rerun"
        )
    state.worker.submit(record.id)
    return RunOut.of(state.run(run_id))


@router.delete(
    "/runs/{run_id}",
    tags=["runs"],
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={404: {"model": Problem}, 409: {"model": Problem, "description": "Run queued or running"}},
)
def delete_run(run_id: RunId, state: State) -> Response:
    """Delete a finished run: its record and its results (runs are also deleted after the retention)."""
    record = state.run(run_id)
    if not state.worker.delete(record.id):
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"run {run_id} is {state.run(run_id).state}; only finished runs delete"
        )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/runs/{run_id}/events",
    tags=["runs"],
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "Server-sent events, one per change"},
        404: {"model": Problem},
    },
)
async def run_events(run_id: RunId, state: State) -> EventSourceResponse:
    """Follow a run: a server-sent event ``run`` (data: the run as JSON) at each change, until it finishes."""
    state.run(run_id)

    async def events() -> AsyncIterator[ServerSentEvent]:
        last = None
        while True:
            record = await run_in_threadpool(state.run, run_id)
            current = RunOut.of(record)
            if current != last:
                yield ServerSentEvent(current.model_dump_json(), event="run")
                last = current
            if record.state in FINISHED_STATES:
                return
            await asyncio.sleep(0.5)

    # sse-starlette ends the stream when the client goes away, and pings idle connections.
    return EventSourceResponse(events(), sep="\n", headers={"Cache-Control": "no-cache"})


def _issue(error: InputError) -> Issue:
    where = ", ".join(part for part in (error.source, error.location) if part) or "request body"
    message = error.problem + (f" (expected {error.expected})" if error.expected else "")
    return Issue(location=where, message=message)


def _invalid(issues: list[Issue]) -> Rejected:
    return Rejected(status.HTTP_422_UNPROCESSABLE_CONTENT, "the scenario is invalid", issues)
