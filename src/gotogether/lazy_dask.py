"""xarray without Dask's array module in a process that makes no Dask arrays (issue 20).

xarray checks each new variable against Dask's array type, and its first check imports ``dask.array``
(about 0.4 s of CPU, more than half a second with ``dask`` itself) although no result of gotogether is a
Dask array: Dask only schedules ensemble draws (``ensembles.runner``), each computed on NumPy. Telling
xarray once, before it first looks, that there is no Dask array type spares the import; a process that
has already imported ``dask.array`` is left as it is.
"""

from __future__ import annotations

import sys


def skip_dask_array_checks() -> None:
    """Let xarray treat Dask's array type as absent, unless ``dask.array`` is already imported or xarray
    has already looked it up (then nothing changes)."""
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
