"""The public comparison helper must fail loudly and name the worst cell."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from gotogether.testing import assert_allclose


def test_xarray_within_tolerance_passes_and_order_is_aligned() -> None:
    a = xr.DataArray([[1.0, 2.0]], dims=("x", "y"), coords={"x": ["a"], "y": ["p", "q"]})
    b = xr.DataArray([[2.0 + 1e-12, 1.0]], dims=("x", "y"), coords={"x": ["a"], "y": ["q", "p"]})
    assert_allclose(a, b, rtol=1e-9)


def test_xarray_outside_tolerance_names_the_cell() -> None:
    a = xr.DataArray([1.0, 2.0], dims="country", coords={"country": ["MEX", "USA"]})
    b = xr.DataArray([1.0, 2.1], dims="country", coords={"country": ["MEX", "USA"]})
    with pytest.raises(AssertionError, match="country=USA"):
        assert_allclose(a, b, rtol=1e-3)


def test_pandas_outside_tolerance_fails() -> None:
    a = pd.Series([1.0, np.nan], index=["a", "b"])
    b = pd.Series([1.0, 3.0], index=["a", "b"])
    with pytest.raises(AssertionError):
        assert_allclose(a, b, rtol=1e-6)
