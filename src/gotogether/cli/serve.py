"""``gotogether serve``: the web service (API and dashboard) with uvicorn."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from gotogether.cli.ensemble_options import DEFAULT_SEED, Scheduler, Seed
from gotogether.errors import InputError
from gotogether.service.settings import ENV_PREFIX, RETENTION_DAYS, TOKEN_ENV, ServiceSettings


def resolve_token(token: str | None, token_file: Path | None) -> str | None:
    """The bearer token: ``--token``, else the first line of ``--token-file``, else ``$GOTOGETHER_TOKEN``.

    A file or the environment keeps the token out of the process list (``ps`` shows ``--token``).
    """
    if token is not None and token_file is not None:
        raise InputError(
            "--token and --token-file both given", location="command line", expected="one of them"
        )
    if token_file is not None:
        try:
            lines = token_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(
                f"cannot read the token file ({getattr(error, 'strerror', None) or error})",
                source=str(token_file),
                expected="a UTF-8 text file holding the token on its first line",
            ) from None
        token = lines[0].strip() if lines else ""
        if not token:
            raise InputError("the token file is empty", source=str(token_file), expected="a token")
        return token
    return token or os.environ.get(TOKEN_ENV) or None


def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (other than loopback needs a token).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    database_url: Annotated[
        str | None,
        typer.Option(
            help="Runs registry (SQLAlchemy URL); default: $GOTOGETHER_DATABASE_URL, else an SQLite file in "
            "the data directory."
        ),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            help="Where the registry and run results live; default: $GOTOGETHER_DATA_DIR, else the user's "
            "data directory (~/.local/share/gotogether on Linux).",
            show_default=False,
        ),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            help=f"Bearer token of every API call (shows in ps: prefer --token-file or {TOKEN_ENV})."
        ),
    ] = None,
    token_file: Annotated[
        Path | None, typer.Option(help="File whose first line is the bearer token.", show_default=False)
    ] = None,
    keep_days: Annotated[
        float,
        typer.Option(
            min=0, help="Delete finished runs (records and results) after this many days; 0 keeps them."
        ),
    ] = RETENTION_DAYS,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Runs executed at the same time.")] = 1,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option(help="A web origin allowed to call the API from browsers (repeatable); default: none."),
    ] = None,
    draws: Annotated[
        int | None,
        typer.Option("--draws", min=1, help="Run every scenario also as a Monte Carlo ensemble of N draws."),
    ] = None,
    seed: Seed = DEFAULT_SEED,
    dask_workers: Annotated[
        int,
        typer.Option("--dask-workers", min=1, help="Ensemble draws on a local Dask cluster of K processes."),
    ] = 1,
    scheduler: Scheduler = None,
) -> None:
    """Serve the API (docs at /api/docs) and run submitted scenarios in the background. The ensemble and
    Dask options are the operator's: they apply to every run, and clients cannot choose hosts."""
    import uvicorn

    from gotogether.jobs.uncertainty import EnsembleOptions
    from gotogether.service.app import create_app
    from gotogether.service.executor import pipeline_executor
    from gotogether.service.library import ScenarioLibrary
    from gotogether.service.security import is_loopback

    token = resolve_token(token, token_file)
    given: dict[str, Any] = {"data_dir": data_dir, "database_url": database_url}
    try:  # what is not given comes from the environment (GOTOGETHER_DATA_DIR...) or the defaults
        settings = ServiceSettings(
            **{name: value for name, value in given.items() if value is not None},
            token=token,
            workers=workers,
            cors_origins=tuple(cors_origin or ()),
            retention_days=keep_days or None,
        )
    except ValidationError as error:
        problem = error.errors()[0]
        name = ".".join(str(part) for part in problem["loc"])
        raise InputError(
            f"invalid setting {name}: {problem['msg']}",
            source=f"environment variable {ENV_PREFIX}{name.upper()}",
            expected=f"a valid {name}",
        ) from None
    if settings.token is None and not is_loopback(host):
        raise InputError(
            f"refusing to listen on {host} without authentication",
            source="--host",
            expected=f"a loopback address, or a token (--token or {TOKEN_ENV})",
        )
    ensemble = None if draws is None else EnsembleOptions(draws, seed, dask_workers, scheduler)
    app = create_app(settings, pipeline_executor(ensemble), ScenarioLibrary())
    uvicorn.run(app, host=host, port=port, log_level="info")
