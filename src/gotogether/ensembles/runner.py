"""Run an ensemble: serially, on a local Dask cluster of processes, or on an existing Dask cluster.

Draws are grouped in batches (one task per batch, to amortise scheduling overhead). The process that
calls ``run_ensemble`` samples the whole design once, sends each batch its rows, and writes each finished
batch to disk as it arrives (see ``storage``); workers only compute, so they need no shared filesystem.
An interrupted run continues with ``resume=True``: finished batches are kept, the others are run, and the
result is identical to an uninterrupted run. One run at a time writes a directory (a lock beside it, see
``gotogether.locking``). A worker that dies mid-batch is replaced by Dask and its
batch run again elsewhere; a batch is written once, when its result first arrives.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from threadpoolctl import threadpool_limits

from gotogether.data.parameters.distributions import Distribution
from gotogether.ensembles.sampling import Method, design
from gotogether.ensembles.storage import (
    BATCHES,
    DESIGN,
    Tables,
    completed_batches,
    read_manifest,
    stack_draws,
    write_batch,
    write_design,
    write_manifest,
)
from gotogether.errors import InputError
from gotogether.locking import locked

DrawFunction = Callable[[Mapping[str, float]], Tables]
"""Parameter values of one draw -> labelled output tables; must be a picklable module-level callable."""
ProgressCallback = Callable[[int, int], None]
"""Called with (draws finished, draws in total) at the start and after each batch."""
DEFAULT_BATCH_SIZE = 25
SETTINGS = ("seed", "n_draws", "batch_size", "method", "parameters", "draw_function")
"""Manifest entries a resumed run must share with the run it continues."""


@dataclass(frozen=True)
class DrawIdentity:
    """What a draw function computes, the same in every process: the function's import name and the
    arguments bound to it (each a SHA-256 of its JSON, so large documents stay out of the manifest).

    A bound function (``functools.partial``) cannot name itself stably (its repr holds a memory address),
    so ``run_ensemble`` needs one of these for it; a module-level function is named by its import path.
    """

    name: str
    arguments: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, function: Callable[..., Any], **bound: Any) -> DrawIdentity:
        """The identity of ``functools.partial(function, **bound)``."""
        digests = {
            key: hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()
            for key, value in bound.items()
        }
        return cls(_function_name(function), tuple(sorted(digests.items())))

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "arguments": dict(self.arguments)}


@dataclass
class EnsembleRun:
    """What a call of ``run_ensemble`` did, with its cost broken down by stage (seconds)."""

    out_dir: Path
    n_draws: int
    batches_run: int
    batches_skipped: int
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class BatchResult:
    batch: int
    tables: dict[str, pd.DataFrame]
    model_seconds: float


def run_batch(draw_function: DrawFunction, batch: int, values: pd.DataFrame) -> BatchResult:
    """Run the draws of one batch (rows of ``values``, indexed by draw) and stack their tables by draw.

    BLAS runs one thread meanwhile: the workers are the parallelism, and BLAS threads on top of them only
    compete for the same cores (Dask's nanny sets the same through environment variables; this also covers
    the serial run and workers started otherwise)."""
    start = time.perf_counter()
    rows = values.to_dict("records")
    with threadpool_limits(limits=1, user_api="blas"):
        results = {
            int(draw): draw_function({str(name): float(value) for name, value in row.items()})
            for draw, row in zip(values.index.tolist(), rows, strict=True)
        }
    return BatchResult(batch, stack_draws(results), time.perf_counter() - start)


def _function_name(function: Callable[..., Any]) -> str:
    """``module:qualname`` of a module-level function; anything else has no stable name."""
    module, qualname = getattr(function, "__module__", None), getattr(function, "__qualname__", None)
    if not module or not qualname or "<" in qualname:
        raise TypeError(
            f"{function!r} has no stable name: pass run_ensemble(..., identity=DrawIdentity(...))"
        )
    return f"{module}:{qualname}"


def _settings(
    identity: DrawIdentity,
    parameters: Mapping[str, Distribution],
    *,
    n_draws: int,
    seed: int,
    batch_size: int,
    method: Method,
) -> dict[str, Any]:
    return {
        "seed": seed,
        "n_draws": n_draws,
        "batch_size": batch_size,
        "method": method,
        "parameters": {name: parameters[name].model_dump() for name in sorted(parameters)},
        "draw_function": identity.as_json(),
    }


def _prepare(out_dir: Path, settings: dict[str, Any], *, resume: bool) -> pd.DataFrame | None:
    """The stored design when resuming a matching ensemble; None when ``out_dir`` is free for a new one."""
    manifest = read_manifest(out_dir)
    if manifest is None:
        if out_dir.exists() and any(out_dir.iterdir()):
            raise InputError(
                "the output directory is not empty and holds no ensemble",
                source=str(out_dir),
                expected="an empty or new directory",
            )
        return None
    afresh = f"to start a new ensemble instead, delete {out_dir} or write elsewhere"
    if not resume:
        raise InputError(
            f"the output directory already holds an ensemble; {afresh}",
            source=str(out_dir),
            expected="--resume to continue (or reuse) it with the same settings",
        )
    differing = [key for key in SETTINGS if manifest.get(key) != settings[key]]
    if differing:
        shown = [
            f"{key}={manifest.get(key)!r}"
            for key in differing
            if key in ("seed", "n_draws", "batch_size", "method")
        ]
        raise InputError(
            f"cannot resume: {', '.join(differing)} differ from the interrupted run; {afresh}",
            source=str(out_dir / "manifest.json"),
            location=", ".join(differing),
            expected="the settings of the interrupted run" + (f" ({', '.join(shown)})" if shown else ""),
        )
    for leftover in (out_dir / BATCHES).glob(".batch-*.tmp"):
        shutil.rmtree(leftover)  # half-written by the interrupted run
    return pd.read_parquet(out_dir / DESIGN)


LOCAL_WORKER_CONFIG: dict[str, Any] = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
}
"""Dask settings of the local cluster's workers. Dask starts its workers with ``MALLOC_TRIM_THRESHOLD_``
set (to hand freed memory back to the system), which also fixes glibc's mmap threshold at 128 KiB: every
array of a draw above it (the disruption's and the trade engine's) is then a new mapping, zeroed page by
page, and a library draw takes about 82,000 page faults instead of 6,000-8,000 and 12-35 % more CPU.
Unset, glibc's threshold adapts as in any Python process. Dask's statistical profiler samples the task's
stack every 10 ms for a dashboard the local cluster does not serve: about a tenth of a library draw's
CPU in the worker's other threads."""


@contextmanager
def _dask_client(workers: int, scheduler: str | None) -> Iterator[Any]:
    """A client of the cluster at ``scheduler``, or of a local cluster of ``workers`` processes (started
    with ``LOCAL_WORKER_CONFIG``)."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler is not None:
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    # the scheduler serves HTTP even without a dashboard, on 8787 unless told: any free port, so that two
    # ensembles on one machine neither clash nor warn
    with dask.config.set(LOCAL_WORKER_CONFIG):
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": ":0"},
        )
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


def _batches(values: pd.DataFrame, batch_size: int, done: set[int]) -> dict[int, pd.DataFrame]:
    starts = range(0, len(values), batch_size)
    return {
        index: values.iloc[start : start + batch_size]
        for index, start in enumerate(starts)
        if index not in done
    }


def run_ensemble(
    draw_function: DrawFunction,
    parameters: Mapping[str, Distribution],
    n_draws: int,
    seed: int,
    out_dir: Path,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    method: Method = "lhs",
    resume: bool = False,
    progress: ProgressCallback | None = None,
    identity: DrawIdentity | None = None,
) -> EnsembleRun:
    """Run ``n_draws`` draws of ``draw_function`` and stream the results to ``out_dir`` batch by batch.

    Serial when ``workers`` is 1 and no ``scheduler`` is given; a local Dask cluster of ``workers``
    single-threaded processes when ``workers`` > 1; the existing Dask cluster at ``scheduler`` otherwise.
    The results depend on (draw_function, parameters, n_draws, seed, method) only. ``identity`` names
    ``draw_function`` in the manifest, so that ``resume`` can check it continues the same computation;
    it is required when ``draw_function`` is not a module-level function (see ``DrawIdentity``).
    """
    if n_draws < 1 or batch_size < 1 or workers < 1:
        raise InputError(
            f"n_draws={n_draws}, batch_size={batch_size}, workers={workers}", expected="positive integers"
        )
    clock = time.perf_counter()
    settings = _settings(
        identity or DrawIdentity(_function_name(draw_function)),
        parameters,
        n_draws=n_draws,
        seed=seed,
        batch_size=batch_size,
        method=method,
    )
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with locked(out_dir, "another ensemble run is writing this directory"):
        values = _prepare(out_dir, settings, resume=resume)
        if values is None:
            values = design(parameters, n_draws, seed=seed, method=method)
            out_dir.mkdir(parents=True, exist_ok=True)
            write_design(out_dir, values)
        done = completed_batches(out_dir)
        manifest = {**settings, "completed": sorted(done), "complete": False}
        write_manifest(out_dir, manifest)
        pending = _batches(values, batch_size, done)
        seconds = {"sampling": time.perf_counter() - clock, "model": 0.0, "writing": 0.0}
        finished = n_draws - sum(len(rows) for rows in pending.values())
        if progress is not None:
            progress(finished, n_draws)

        def record(result: BatchResult) -> None:
            nonlocal finished
            start = time.perf_counter()
            write_batch(out_dir, result.batch, result.tables)
            done.add(result.batch)
            write_manifest(out_dir, {**manifest, "completed": sorted(done)})
            seconds["writing"] += time.perf_counter() - start
            seconds["model"] += result.model_seconds
            finished += len(pending[result.batch])
            if progress is not None:
                progress(finished, n_draws)

        if workers == 1 and scheduler is None:
            for batch, rows in pending.items():
                record(run_batch(draw_function, batch, rows))
        else:
            _run_on_dask(draw_function, pending, record, workers=workers, scheduler=scheduler)
        write_manifest(out_dir, {**manifest, "completed": sorted(done), "complete": True})
        seconds["wall"] = time.perf_counter() - clock
        return EnsembleRun(out_dir, n_draws, len(pending), len(done) - len(pending), seconds)


def _run_on_dask(
    draw_function: DrawFunction,
    pending: Mapping[int, pd.DataFrame],
    record: Callable[[BatchResult], None],
    *,
    workers: int,
    scheduler: str | None,
) -> None:
    """One task per pending batch; each result is recorded as soon as it arrives."""
    from distributed import as_completed

    run_id = uuid.uuid4().hex[:8]  # keys unique per run, so runs sharing a cluster never collide
    with _dask_client(workers, scheduler) as client:
        futures = [
            client.submit(run_batch, draw_function, batch, rows, key=f"gotogether-batch-{run_id}-{batch}")
            for batch, rows in pending.items()
        ]
        try:
            for future in as_completed(futures):  # type: ignore[no-untyped-call]
                record(future.result())
                future.release()
        finally:
            client.cancel(futures)
