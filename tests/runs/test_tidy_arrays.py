"""A labelled array made tidy from its arrays (``runs.tables.tidy``) is the table xarray and pandas make
(``to_dataframe().reset_index()``): the same columns, types, values and index, so the files written from it
are the same bytes (issue 20)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from gotogether.runs.tables import tidy

RNG = np.random.default_rng(7)
CUBE = xr.DataArray(
    RNG.random((3, 4, 5)),
    dims=("scenario", "country", "year"),
    coords={"scenario": ["a", "b", "c"], "country": list("ABCD"), "year": np.arange(2019, 2024)},
    name="x",
)


@pytest.mark.parametrize(
    "data",
    [
        CUBE,
        CUBE.rename(None),
        CUBE.astype(np.float32),
        CUBE > 0.5,
        CUBE.isel(year=0),  # a scalar coordinate: xarray's own way
        CUBE.assign_coords(country=np.array(list("ABCD"), dtype=object)),  # labels pandas infers
        CUBE.assign_coords(year=[2019.5, 2020.0, 2021.0, 2022.0, 2023.0]),
        xr.DataArray(np.arange(3), dims="vendor", coords={"vendor": ["e", "h", "z"]}),
    ],
)
def test_an_array_is_tidied_as_xarray_and_pandas_tidy_it(data: xr.DataArray) -> None:
    expected = data.to_dataframe(name=data.name if data.name is not None else "value").reset_index()
    found = tidy(data, "value")
    pd.testing.assert_frame_equal(found, expected, check_exact=True)
    assert list(found.dtypes) == list(expected.dtypes)
    assert found.index.equals(expected.index)
    assert type(found.index) is type(expected.index)
