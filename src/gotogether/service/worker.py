"""The background worker: daemon threads that take queued runs and execute them into their result folders.

A run writes into a staging folder ``runs/.<id>.partial``, renamed to ``runs/<id>`` only when the pipeline
returns, so a result folder is complete or absent. Stopping the worker makes the pipeline's next progress
call raise :class:`RunStoppedError`; the run is then marked interrupted (and can be rerun).

The registry may be unreachable for a while (a database restart). Taking a run and closing it are retried
with backoff until the database answers, so no run stays ``queued`` or ``running`` once it is back; progress
reports are best effort (a run does not fail because one was lost). A run left ``running`` by a server that
stopped while retrying is marked interrupted when the next one starts.

With a ``retention``, finished runs older than it (registry row and result folder) are deleted at start,
after each run and at least every ``SWEEP_SECONDS``.
"""

from __future__ import annotations

import logging
import queue
import shutil
import threading
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

from gotogether.errors import GotogetherError
from gotogether.service.executor import ExecuteRun, Progress
from gotogether.service.records import RunState, utc_now
from gotogether.service.registry import Registry

log = logging.getLogger(__name__)

T = TypeVar("T")
FIRST_RETRY_SECONDS = 0.05
LAST_RETRY_SECONDS = 2.0
"""Backoff between attempts to reach the registry: doubling from the first to at most the last."""
SWEEP_SECONDS = 3600.0
"""Longest time between two deletions of runs past their retention."""
INTERRUPTED_MESSAGE = "interrupted: the server stopped during the run; rerun it with POST /runs/{id}/rerun"


class RunStoppedError(Exception):
    """Raised inside the pipeline (at its next progress call) when the server is shutting down."""


def result_dir(runs_dir: Path, run_id: str) -> Path:
    """The folder of a run's results (ids are hex strings made by the registry, never client input)."""
    return runs_dir / run_id


class Worker:
    """Executes queued runs, ``threads`` at a time, with ``execute_run``."""

    def __init__(
        self,
        registry: Registry,
        runs_dir: Path,
        execute_run: ExecuteRun,
        threads: int = 1,
        retention: timedelta | None = None,
    ) -> None:
        self.registry = registry
        self.runs_dir = runs_dir
        self.execute_run = execute_run
        self.retention = retention
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._stopping = threading.Event()
        self._threads = [
            threading.Thread(target=self._loop, name=f"gotogether-run-{n}", daemon=True)
            for n in range(threads)
        ]

    def start(self) -> None:
        """Recover from a previous stop, then start the threads.

        Runs left ``running`` by a server that stopped are marked interrupted; runs still ``queued`` are
        queued again, in submission order.
        """
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        for stale in self.runs_dir.glob(".*"):  # staging folders (ours and the run writer's)
            shutil.rmtree(stale, ignore_errors=True)
        interrupted = self.registry.interrupt_running(INTERRUPTED_MESSAGE)
        if interrupted:
            log.warning("marked %d run(s) interrupted: %s", len(interrupted), ", ".join(interrupted))
        for run_id in self.registry.ids_in(RunState.QUEUED):
            self._queue.put(run_id)
        self.sweep()
        for thread in self._threads:
            thread.start()

    def delete(self, run_id: str) -> bool:
        """Delete a finished run: its registry row, then its result folder; False if it is not finished."""
        if not self.registry.delete(run_id):
            return False
        shutil.rmtree(result_dir(self.runs_dir, run_id), ignore_errors=True)
        return True

    def sweep(self) -> list[str]:
        """Delete the finished runs older than the retention; returns their ids."""
        if self.retention is None:
            return []
        deleted = [
            run_id
            for run_id in self.registry.finished_before(utc_now() - self.retention)
            if self.delete(run_id)
        ]
        if deleted:
            log.info("deleted %d run(s) past the retention of %s", len(deleted), self.retention)
        return deleted

    def submit(self, run_id: str) -> None:
        """Queue a run that the registry holds as queued."""
        self._queue.put(run_id)

    def stop(self, timeout: float = 5.0) -> None:
        """Ask running pipelines to stop, wait briefly, and mark whatever still runs as interrupted."""
        self._stopping.set()
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout)
        try:
            self.registry.interrupt_running(INTERRUPTED_MESSAGE)
        except DBAPIError:  # the next start marks them
            log.warning("registry unreachable: runs still running are marked interrupted at next start")

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                run_id = self._queue.get(timeout=SWEEP_SECONDS)
            except queue.Empty:
                run_id = ""  # idle: only sweep
            if run_id is None or self._stopping.is_set():
                return
            try:
                if run_id and self._retrying(f"start run {run_id}", partial(self.registry.start, run_id)):
                    self._execute(run_id)
                self.sweep()
            except RunStoppedError:
                return
            except Exception:  # a bug, or the registry unreachable while sweeping: keep the thread
                log.exception("could not execute run %s", run_id)

    def _retrying(self, what: str, action: Callable[[], T]) -> T:
        """``action()``, tried again with backoff while the database is unreachable; RunStoppedError if the
        worker stops first."""
        wait = FIRST_RETRY_SECONDS
        while True:
            try:
                return action()
            except DBAPIError as error:
                log.warning("registry unreachable (%s), will retry to %s", type(error.orig).__name__, what)
            if self._stopping.wait(wait):
                raise RunStoppedError
            wait = min(2 * wait, LAST_RETRY_SECONDS)

    def _finish(self, run_id: str, state: RunState, message: str) -> None:
        self._retrying(f"finish run {run_id}", partial(self.registry.finish, run_id, state, message))

    def _progress(self, run_id: str) -> Progress:
        def progress(fraction: float, message: str) -> None:
            if self._stopping.is_set():
                raise RunStoppedError
            try:
                self.registry.report_progress(run_id, fraction, message)
            except DBAPIError:  # the next report, or the end of the run, will say where it is
                log.warning("registry unreachable: progress of run %s not recorded", run_id)

        return progress

    def _execute(self, run_id: str) -> None:
        record = self._retrying(f"read run {run_id}", partial(self.registry.get, run_id))
        assert record is not None
        staging = self.runs_dir / f".{run_id}.partial"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        try:
            self.execute_run(record.scenario_documents, staging, self._progress(run_id))
            final = result_dir(self.runs_dir, run_id)
            shutil.rmtree(final, ignore_errors=True)  # left by an earlier attempt that was interrupted late
            staging.rename(final)
        except RunStoppedError:
            self._finish(run_id, RunState.INTERRUPTED, INTERRUPTED_MESSAGE)
        except GotogetherError as error:
            self._finish(run_id, RunState.FAILED, str(error))
        except Exception as error:  # a bug in the pipeline must not kill the worker thread
            log.exception("run %s failed", run_id)
            self._finish(run_id, RunState.FAILED, f"internal error: {type(error).__name__}: {error}")
        else:
            self._finish(run_id, RunState.SUCCEEDED, "done")
        finally:
            shutil.rmtree(staging, ignore_errors=True)
