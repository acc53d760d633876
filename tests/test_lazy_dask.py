"""xarray without Dask (``gotogether.lazy_dask``) and a run directory's NetCDF without dask.distributed
(``runs.RunWriter.write_dataset``): each import costs tenths of a second of CPU."""

from __future__ import annotations

import json
import subprocess
import sys

# Labelled arrays made, selected by arrays, summed and written as a run's results.nc; then the Dask modules
# imported.
MAKE_AND_WRITE = """
import json, sys, tempfile
from pathlib import Path
import numpy as np
import xarray as xr
from gotogether.lazy_dask import skip_dask_array_checks
from gotogether.runs import RunWriter
skip_dask_array_checks()
data = xr.DataArray(np.arange(6.0).reshape(2, 3), dims=("country", "year"), coords={"year": [1, 2, 3]})
picked = data.sel(year=np.array([1, 3])).isel(country=np.array([1]))
assert picked.values.tolist() == [[3.0, 5.0]]
with tempfile.TemporaryDirectory() as folder:
    with RunWriter(Path(folder) / "run") as writer:
        writer.write_dataset("results.nc", xr.Dataset({"value": data, "total": data.sum("year")}))
    written = xr.load_dataset(Path(folder) / "run" / "results.nc")
    assert written["value"].equals(data) and written["total"].equals(data.sum("year"))
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in ("dask", "distributed"))))
"""


def test_labelled_arrays_and_their_netcdf_import_no_dask() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", MAKE_AND_WRITE], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(completed.stdout.splitlines()[-1]) == []


def test_a_process_with_dask_arrays_keeps_them() -> None:
    """Once dask.array is imported, xarray recognises its arrays as before."""
    code = (
        "import dask.array as da, xarray as xr; from gotogether.lazy_dask import skip_dask_array_checks; "
        "skip_dask_array_checks(); print(xr.DataArray(da.ones(4, chunks=2)).chunks)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert completed.stdout.strip() == "((2, 2),)"


def test_a_process_with_dask_recognises_its_collections() -> None:
    """Once dask is imported, xarray asks it whether an indexer is a Dask collection, as before."""
    code = (
        "import dask.array as da, numpy as np, xarray as xr; from gotogether.lazy_dask import "
        "skip_dask_array_checks; skip_dask_array_checks(); from xarray.namedarray.utils import "
        "is_duck_dask_array; print(is_duck_dask_array(da.ones(2)), is_duck_dask_array(np.ones(2)))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert completed.stdout.strip() == "True False"
