"""Write a run directory completely or not at all.

Everything goes into a hidden temporary sibling (``.NAME.partial-XXXX`` next to ``NAME``, so on the same
file system) and is moved into place by a rename only after the whole run succeeded and the manifest was
written. If anything fails, the temporary directory is removed and ``NAME`` is untouched.

An existing ``NAME`` is replaced only as a whole, and only if it is empty or a previous run (it has a
gotogether ``manifest.json``): any other directory is refused before the run starts, so a mistyped ``--out``
cannot delete a user's files. Replacing takes two renames (old run aside, new run in place) and then removes
the old run; a crash between the two renames leaves the old run complete under ``.NAME.old-XXXX``, never a
half-written ``NAME``.

One writer at a time: the writer holds an exclusive lock (``.NAME.lock`` next to ``NAME``) from start to
finish, and a second run into the same ``NAME`` is refused at once. Holding the lock, the writer knows that
staging folders left next to ``NAME`` belong to killed runs: it removes them, and puts back a previous run
that a crash left aside (``.NAME.old-XXXX``) when ``NAME`` itself is missing.

    with RunWriter(Path("results")) as run:
        run.record(scenarios=[...], parameters={...}, seed=1, data={"default-world": path})
        with run.stage("trade"):
            run.write_table("welfare", welfare)
        run.write_text("report.html", html)
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import platform
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any, Self

import xarray as xr

from gotogether import __version__
from gotogether.errors import InputError
from gotogether.locking import lock, unlock
from gotogether.runs.manifest import MANIFEST_NAME, RunManifest, TableRecord, file_record, read_manifest
from gotogether.runs.tables import Result, long_names, tidy, units, write_tidy

TABLES = "tables"


class RunWriter:
    """A run directory being written; use as a context manager (commit on success, discard on error)."""

    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        self._work: Path | None = None
        self._lock: int | None = None
        self.manifest = RunManifest(
            gotogether_version=__version__,
            created="",
            python=sys.version.split()[0],
            platform=platform.platform(),
        )

    @property
    def path(self) -> Path:
        """The temporary directory being filled (valid inside the ``with`` block)."""
        if self._work is None:
            raise RuntimeError("RunWriter is used outside its 'with' block")
        return self._work

    def __enter__(self) -> Self:
        check_replaceable(self.target)
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self._lock = lock(self.target, "another gotogether run is writing this directory")
            try:
                _recover(self.target)
                check_replaceable(self.target)
                self._work = Path(
                    tempfile.mkdtemp(prefix=f".{self.target.name}.partial-", dir=self.target.parent)
                )
                (self._work / TABLES).mkdir()
            except BaseException:
                self._release()
                raise
        except OSError as error:
            raise InputError(
                f"cannot write the run directory: {error.strerror or error}",
                source=str(self.target),
                expected="a path in a folder you can write",
            ) from None
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        work, self._work = self.path, None
        try:
            if kind is not None:
                shutil.rmtree(work, ignore_errors=True)
                return
            try:
                self._write_manifest(work)
                _move_into_place(work, self.target)
            except BaseException:
                shutil.rmtree(work, ignore_errors=True)
                raise
        finally:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            unlock(self.target, self._lock)
            self._lock = None

    def record(
        self,
        *,
        scenarios: Sequence[Mapping[str, Any]] = (),
        parameters: Mapping[str, Any] | None = None,
        seed: int | None = None,
        data: Mapping[str, Path] | None = None,
    ) -> None:
        """Record what the run is made of: scenario definitions (JSON-able), parameters, seed, input files."""
        self.manifest.scenarios.extend(dict(scenario) for scenario in scenarios)
        self.manifest.parameters.update(parameters or {})
        if seed is not None:
            self.manifest.seed = seed
        for name, path in (data or {}).items():
            self.manifest.data[name] = file_record(Path(path))

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time a stage of the run (seconds of wall clock, added up if a stage is entered twice)."""
        start = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - start
            self.manifest.timings_s[name] = self.manifest.timings_s.get(name, 0.0) + elapsed

    def write_table(self, name: str, data: Result, title: str = "") -> None:
        """Write a labelled result as ``tables/NAME.parquet`` and ``tables/NAME.csv`` (``title``: its human
        name, for the manifest)."""
        table, by_column, human = tidy(data, name), units(data, name), long_names(data, name)
        write_tidy(self.path / TABLES, name, table, by_column, human)
        self.manifest.tables[name] = TableRecord(
            columns=[str(column) for column in table.columns],
            rows=len(table),
            title=title,
            units=by_column,
            long_names=human,
        )

    def write_dataset(self, relative: str, data: xr.Dataset) -> Path:
        """Write a labelled Dataset as NetCDF (version 3, readable by ``xarray.open_dataset`` without
        netCDF4) at a relative path inside the run; returns its temporary path."""
        path = self._inside(relative)
        # what ``to_netcdf(path, engine="scipy")`` writes, without its question to Dask for a scheduler to
        # lock the file against (which imports dask.distributed, 0.3 s of CPU): NumPy data, written here
        store = xr.backends.ScipyDataStore(str(path), mode="w", lock=False)
        try:
            data.dump_to_store(store)
        finally:
            store.close()
        return path

    def write_text(self, relative: str, text: str) -> Path:
        """Write a text file (UTF-8) at a relative path inside the run; returns its temporary path."""
        path = self._inside(relative)
        path.write_text(text, encoding="utf-8")
        return path

    def _inside(self, relative: str) -> Path:
        """The temporary path of a file at ``relative`` in the run (its folder created)."""
        parts = PurePosixPath(relative).parts
        if not parts or PurePosixPath(relative).is_absolute() or ".." in parts or relative == MANIFEST_NAME:
            raise InputError(
                f"invalid file name in a run directory: {relative!r}", expected="a relative path"
            )
        path = self.path.joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def _write_manifest(self, work: Path) -> None:
        self.manifest.created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.manifest.files = [file_record(path, work) for path in sorted(work.rglob("*")) if path.is_file()]
        (work / MANIFEST_NAME).write_text(self.manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")


def check_replaceable(target: Path) -> None:
    """Refuse a target that exists and is neither empty nor a previous run (before any work is done)."""
    if not target.exists() and not target.is_symlink():
        return
    if not target.is_dir() or target.is_symlink():
        raise InputError(
            "exists and is not a directory", source=str(target), expected="a new or run directory"
        )
    if not any(target.iterdir()):
        return
    try:
        read_manifest(target)
    except InputError:
        raise InputError(
            "exists and is not a gotogether run directory; refusing to replace it",
            source=str(target),
            expected="a new path, an empty directory or the directory of a previous run",
        ) from None


def _recover(target: Path) -> None:
    """Clean up after killed writers of ``target`` (the caller holds its lock, so none is still running)."""
    pattern = glob.escape(f".{target.name}")
    for staging in target.parent.glob(f"{pattern}.partial-*"):
        shutil.rmtree(staging, ignore_errors=True)
    aside = sorted(target.parent.glob(f"{pattern}.old-*"), key=lambda path: path.stat().st_mtime)
    if aside and not target.exists() and not target.is_symlink():
        os.rename(aside.pop(), target)  # a crash between the two renames: the previous run comes back
    for old in aside:
        shutil.rmtree(old, ignore_errors=True)


def _move_into_place(work: Path, target: Path) -> None:
    if not target.exists():
        os.rename(work, target)
        return
    check_replaceable(target)
    aside = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
    os.rename(target, aside)
    try:
        os.rename(work, target)
    except BaseException:
        os.rename(aside, target)
        raise
    shutil.rmtree(aside, ignore_errors=True)
