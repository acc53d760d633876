"""API routes: a finished run's tables (JSON, Parquet, CSV), manifest and report; comparing two runs."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse

from gotogether.errors import InputError
from gotogether.runs.compare import compare_tables
from gotogether.runs.manifest import MANIFEST_NAME
from gotogether.runs.tables import column_labels, field_metadata, humanised
from gotogether.service import results
from gotogether.service.schemas import RUN_ID, TABLE_NAME, Comparison, Problem, TableInfo, TableOut
from gotogether.service.state import ServiceState, service_state

router = APIRouter(tags=["results"])
State = Annotated[ServiceState, Depends(service_state)]
RunId = Annotated[str, Path(pattern=RUN_ID, description="Run id (32 hex digits)")]
TableName = Annotated[str, Path(pattern=TABLE_NAME, description="A name listed by /runs/{run_id}/tables")]
NOT_READY: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No such run or table"},
    409: {"model": Problem, "description": "The run has not succeeded"},
}
MAX_COMPARED_TABLES = 50
"""Most distinct tables one comparison may name (a run has about twenty); repeated names count once."""
MAX_ROWS = 100_000
"""Most JSON rows of one table in one response: larger tables come in pages, or whole as Parquet or CSV."""
REPORT_POLICY = "sandbox allow-scripts"
"""The report's scripts run in an opaque origin: they cannot call the API with the user's credentials."""


class TableFormat(StrEnum):
    """How to deliver a table."""

    JSON = "json"
    PARQUET = "parquet"
    CSV = "csv"


def _table(state: ServiceState, run_id: str, name: str) -> FilePath:
    path = results.tables(state.result_dir(run_id)).get(name)
    if path is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"run {run_id} has no table {name!r}")
    return path


def _page(name: str, path: FilePath, offset: int, limit: int) -> TableOut:
    frame = results.read_table(path)
    columns = [str(column) for column in frame.columns]
    labels, units = column_labels(columns, field_metadata(path))
    return TableOut(
        name=name,
        columns=columns,
        labels=labels,
        units=units,
        total_rows=len(frame),
        offset=offset,
        rows=results.records(frame.iloc[offset : offset + limit]),
    )


@router.get("/runs/{run_id}/tables", responses=NOT_READY)
def list_tables(run_id: RunId, state: State) -> list[TableInfo]:
    """The result tables of a succeeded run."""
    found = results.tables(state.result_dir(run_id))
    frames = {name: results.read_table(path) for name, path in found.items()}
    titles = results.titles(state.result_dir(run_id))
    return [
        TableInfo(
            name=name,
            title=titles.get(name) or humanised(name),
            columns=[str(column) for column in frame.columns],
            rows=len(frame),
        )
        for name, frame in frames.items()
    ]


@router.get(
    "/runs/{run_id}/tables/{name}",
    responses={
        **NOT_READY,
        200: {
            "description": "The table: JSON rows, or the Parquet or CSV file",
            "content": {"application/vnd.apache.parquet": {}, "text/csv": {}},
        },
    },
    response_model=TableOut,
)
async def get_table(
    run_id: RunId,
    name: TableName,
    state: State,
    format: Annotated[TableFormat, Query(description="json (paged), parquet or csv")] = TableFormat.JSON,
    offset: Annotated[int, Query(ge=0, le=100_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_ROWS)] = 10_000,
) -> Any:
    """One result table. JSON rows are paged with ``offset`` and ``limit``; files come whole."""
    path = _table(state, run_id, name)
    if format is TableFormat.PARQUET:
        return FileResponse(path, media_type="application/vnd.apache.parquet", filename=path.name)
    if format is TableFormat.CSV:
        csv = path.with_suffix(".csv")
        if not csv.is_file():
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"run {run_id} has no CSV of table {name!r}")
        return FileResponse(csv, media_type="text/csv", filename=csv.name)
    return await run_in_threadpool(_page, name, path, offset, limit)


@router.get("/runs/{run_id}/manifest", responses=NOT_READY, response_model=dict[str, Any])
def get_manifest(run_id: RunId, state: State) -> Any:
    """The run's manifest.json (inputs, versions, tables) as written by the pipeline."""
    path = state.result_dir(run_id) / MANIFEST_NAME
    if not path.is_file():
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"run {run_id} has no manifest")
    return json.loads(path.read_text(encoding="utf-8"))


@router.get(
    "/runs/{run_id}/report",
    responses={**NOT_READY, 200: {"content": {"text/html": {}}, "description": "Self-contained HTML"}},
    response_class=FileResponse,
)
def get_report(run_id: RunId, state: State) -> FileResponse:
    """The run's self-contained HTML report."""
    path = state.result_dir(run_id) / results.REPORT
    if not path.is_file():
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"run {run_id} has no report")
    return FileResponse(path, media_type="text/html", headers={"Content-Security-Policy": REPORT_POLICY})


@router.get("/compare", responses=NOT_READY)
async def compare_runs(
    a: Annotated[str, Query(pattern=RUN_ID, description="First run (the reference)")],
    b: Annotated[str, Query(pattern=RUN_ID, description="Second run")],
    state: State,
    table: Annotated[
        list[str] | None,
        Query(
            description=f"Tables to compare (default: every table both runs have; repeated names count once, "
            f"at most {MAX_COMPARED_TABLES})"
        ),
    ] = None,
    limit: Annotated[
        int, Query(ge=1, le=MAX_ROWS, description="Rows per table at most (total_rows says how many)")
    ] = 10_000,
) -> Comparison:
    """Differences between two succeeded runs' tables, row by row (b - a for every numeric column)."""
    names = list(dict.fromkeys(table or []))
    if len(names) > MAX_COMPARED_TABLES:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"{len(names)} tables named; compare at most {MAX_COMPARED_TABLES} at a time",
        )
    first, second = results.tables(state.result_dir(a)), results.tables(state.result_dir(b))
    names = names or [name for name in first if name in second]
    missing = [name for name in names if name not in first or name not in second]
    if missing:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"not in both runs: {', '.join(missing[:10])}")
    return await run_in_threadpool(_compare, a, b, names, first, second, limit)


def _compare(
    a: str,
    b: str,
    names: list[str],
    first: dict[str, FilePath],
    second: dict[str, FilePath],
    limit: int,
) -> Comparison:
    compared, skipped = [], {}
    for name in names:
        try:
            frame = compare_tables(results.read_table(first[name]), results.read_table(second[name]))
        except (ValueError, InputError) as error:
            skipped[name] = str(error)
            continue
        columns = [str(c) for c in frame.columns]
        labels, units = column_labels(columns, field_metadata(first[name]))
        compared.append(
            TableOut(
                name=name,
                columns=columns,
                labels=labels,
                units=units,
                total_rows=len(frame),
                offset=0,
                rows=results.records(frame.iloc[:limit]),
            )
        )
    return Comparison(a=a, b=b, tables=compared, skipped=skipped)
