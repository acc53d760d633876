"""Exclusive locks on output directories, so that two processes never write the same one.

The lock of ``DIR`` is ``flock`` on ``.DIR.lock`` beside it, held from the start of the writing to its end;
the operating system releases it when a process dies, so a killed writer never blocks the next one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from gotogether.errors import InputError


def lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


def lock(target: Path, held: str) -> int:
    """Take the lock of ``target`` (its descriptor is returned); InputError saying ``held`` if it is held."""
    path = lock_path(target)
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise InputError(
                held, source=str(target), expected="that run to finish first, or another output directory"
            ) from None
        try:
            same = os.stat(path).st_ino == os.fstat(descriptor).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return descriptor
        os.close(descriptor)  # its holder removed the file as we opened it: lock the new one


def unlock(target: Path, descriptor: int) -> None:
    """Release the lock of ``target``."""
    # Removed while still held, so that whoever opened it meanwhile sees a stale file and opens anew.
    with contextlib.suppress(FileNotFoundError):
        os.unlink(lock_path(target))
    os.close(descriptor)


@contextlib.contextmanager
def locked(target: Path, held: str) -> Iterator[None]:
    """Hold the lock of ``target`` for the ``with`` block (its parent folder must exist)."""
    descriptor = lock(target, held)
    try:
        yield
    finally:
        unlock(target, descriptor)
