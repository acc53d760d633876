"""xarray without Dask in a process that makes no Dask arrays (issue 20).

xarray checks each new variable against Dask's array type, and its first check imports ``dask.array``
(about 0.4 s of CPU, more than half a second with ``dask`` itself) although no result of gotogether is a
Dask array: Dask only schedules ensemble draws (``ensembles.runner``), each computed on NumPy. Telling
xarray once, before it first looks, that there is no Dask array type spares the import; a process that
has already imported ``dask.array`` is left as it is. Likewise, selecting with an array asks whether the
indexer is a Dask collection, and that question imports ``dask`` (about 0.1 s): an object can only be one
once ``dask`` is imported, so until then the answer is no without asking Dask.
"""

from __future__ import annotations

import sys
from typing import Any


def skip_dask_array_checks() -> None:
    """Let xarray treat Dask's array type as absent, unless ``dask.array`` is already imported or xarray
    has already looked it up (then nothing changes), and let it ask whether an object is a Dask collection
    only once ``dask`` is imported."""
    _ask_dask_once_imported()
    if "dask.array" in sys.modules:
        return
    from packaging.version import Version
    from xarray.namedarray import pycompat

    known = pycompat._cached_duck_array_modules
    if "dask" in known:
        return
    absent = object.__new__(pycompat.DuckArrayModule)  # as xarray records a module it cannot import
    absent.module, absent.version, absent.type, absent.available = None, Version("0.0.0"), (), False
    known["dask"] = absent


def _ask_dask_once_imported() -> None:
    """Wrap xarray's ``is_dask_collection`` (which ``is_duck_dask_array`` calls) so that it answers no
    while ``dask`` is not imported (then nothing can be a Dask collection), without importing it."""
    from xarray.namedarray import utils

    asks = utils.is_dask_collection
    if getattr(asks, "_gotogether_lazy", False):
        return

    def is_dask_collection(x: object) -> Any:
        return "dask" in sys.modules and asks(x)

    is_dask_collection._gotogether_lazy = True  # type: ignore[attr-defined]
    utils.is_dask_collection = is_dask_collection  # type: ignore[assignment]
