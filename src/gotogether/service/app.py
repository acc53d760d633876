"""The FastAPI application: routes under /api, the registry and worker owned by the lifespan."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from gotogether import __version__
from gotogether.service import routes_results, routes_runs
from gotogether.service.catalog import Issue, ScenarioCatalog
from gotogether.service.executor import ExecuteRun
from gotogether.service.frontend import mount_frontend
from gotogether.service.registry import Registry
from gotogether.service.schemas import Problem
from gotogether.service.security import BearerToken, BodyLimit
from gotogether.service.settings import ServiceSettings
from gotogether.service.state import ServiceState
from gotogether.service.worker import Worker

TAGS = [
    {"name": "scenarios", "description": "The built-in scenario library and validation of scenarios."},
    {"name": "runs", "description": "Submit scenarios, follow runs (status or server-sent events), rerun."},
    {
        "name": "results",
        "description": "Result tables (JSON, Parquet, CSV), manifests, reports, comparisons.",
    },
]
DESCRIPTION = """What geopolitical fragmentation costs the global 5G economy, and who pays: submit scenarios,
follow their runs and fetch the results. With a token configured, every call under /api needs
`Authorization: Bearer <token>`. Request bodies are limited in size (413 above the limit)."""


def create_app(settings: ServiceSettings, execute_run: ExecuteRun, catalog: ScenarioCatalog) -> FastAPI:
    """The service: connects to (and migrates) the registry and starts the worker when it starts up."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        registry = Registry.open(settings.resolved_database_url)
        worker = Worker(
            registry, settings.runs_dir, execute_run, threads=settings.workers, retention=settings.retention
        )
        worker.start()
        app.state.service = ServiceState(settings, registry, worker, catalog)
        try:
            yield
        finally:
            worker.stop()
            registry.close()

    app = FastAPI(
        title="gotogether",
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    for router in (routes_runs.router, routes_results.router):
        app.include_router(
            router,
            prefix="/api",
            dependencies=[Depends(BearerToken(settings.token))],
            responses={
                401: {"model": Problem, "description": "Missing or wrong bearer token"},
                413: {"model": Problem, "description": "Request body over the size limit"},
                422: {"model": Problem, "description": "Invalid request or scenario"},
            },
        )
    mount_frontend(app)
    app.add_exception_handler(StarletteHTTPException, _http_problem)
    app.add_exception_handler(RequestValidationError, _request_problem)
    app.add_exception_handler(DBAPIError, _registry_unavailable)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["*"])
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.openapi = lambda: _openapi(app, catalog, secured=settings.token is not None)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI, catalog: ScenarioCatalog, *, secured: bool) -> dict[str, Any]:
    """The spec, with the scenario schema (and its definitions) as components."""
    if app.openapi_schema is None:
        spec = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
            tags=app.openapi_tags,
        )
        spec.setdefault("components", {}).setdefault("schemas", {}).update(_scenario_components(catalog))
        if secured:
            spec["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
            spec["security"] = [{"bearer": []}]
        app.openapi_schema = spec
    return app.openapi_schema


def _scenario_components(catalog: ScenarioCatalog) -> dict[str, Any]:
    """The scenario schema as OpenAPI components: ``ScenarioDocument`` and its definitions, prefixed."""
    schema = {key: value for key, value in catalog.json_schema().items() if key not in {"$schema", "$id"}}
    definitions = schema.pop("$defs", {})
    components = {f"Scenario{name}": definition for name, definition in definitions.items()}
    components["ScenarioDocument"] = schema
    text = json.dumps(components).replace('"#/$defs/', '"#/components/schemas/Scenario')
    result: dict[str, Any] = json.loads(text)
    return result


async def _http_problem(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    problem = Problem(detail=str(error.detail), issues=getattr(error, "issues", []))
    headers = dict(error.headers or {})
    if error.status_code == status.HTTP_405_METHOD_NOT_ALLOWED:
        headers["Allow"] = ", ".join(_allowed_methods(request))
    return JSONResponse(problem.model_dump(), status_code=error.status_code, headers=headers)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette lists only the first route's)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


async def _registry_unavailable(request: Request, error: Exception) -> JSONResponse:
    """The database is down or restarting: the client may retry (nothing was changed)."""
    problem = Problem(detail="the runs registry is unavailable for a moment; retry shortly")
    return JSONResponse(problem.model_dump(), status_code=503, headers={"Retry-After": "2"})


async def _request_problem(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    issues = [
        Issue(location=".".join(str(part) for part in detail["loc"]), message=detail["msg"])
        for detail in error.errors()
    ]
    return JSONResponse(Problem(detail="invalid request", issues=issues).model_dump(), status_code=422)
