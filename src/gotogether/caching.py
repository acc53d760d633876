"""A small cache of values made from objects, found again by those objects' identity.

The pipeline and the engines compute some things once per reference, world or parameter set and reuse them
across the scenarios of a run or an ensemble draw. Those inputs are xarray objects and tables, not hashable
by value, so an entry is keyed by their ids and keeps them alive while it is kept: an id is never reused
for another object as long as its entry can still be found.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class KeptByIdentity(Generic[Value]):
    """The last ``size`` values made from ``sources`` (and a hashable ``extra`` key), least recently used
    dropped first; safe to share between threads (a value may then be made twice, never mixed up)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[tuple[object, ...], Value]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, sources: tuple[object, ...], make: Callable[[], Value], extra: Hashable = None) -> Value:
        """The value kept for ``sources`` and ``extra``, or ``make()`` kept for them."""
        key = (tuple(id(source) for source in sources), extra)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key][1]
        value = make()
        with self._lock:
            self._entries[key] = (sources, value)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value
