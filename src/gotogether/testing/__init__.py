"""Public testing helpers: compare labelled results with explicit tolerances (``assert_allclose``), a small
model world for translating scenarios (``worlds``) and hypothesis strategies for valid scenarios
(``strategies``; needs the ``dev`` extra)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr


def assert_allclose(
    actual: xr.DataArray | pd.Series | pd.DataFrame,
    expected: xr.DataArray | pd.Series | pd.DataFrame,
    *,
    rtol: float,
    atol: float = 0.0,
) -> None:
    """Assert two labelled objects have the same labels and values within ``rtol``/``atol``.

    Tolerances are required: every comparison in this project says how close is close enough.
    Labels must match exactly (after aligning order); the message names the worst cell.
    """
    if isinstance(actual, xr.DataArray) and isinstance(expected, xr.DataArray):
        if set(actual.dims) != set(expected.dims):
            raise AssertionError(f"dims differ: {actual.dims} vs {expected.dims}")
        expected = expected.transpose(*actual.dims)
        for dim in actual.dims:
            if not np.array_equal(actual[dim].values, expected[dim].values):
                expected = expected.reindex({dim: actual[dim].values})
        a, e = actual.values, expected.values
        labels: list[tuple[str, np.ndarray]] = [(str(d), actual[d].values) for d in actual.dims]
    elif isinstance(actual, pd.Series | pd.DataFrame) and isinstance(expected, pd.Series | pd.DataFrame):
        if isinstance(actual, pd.DataFrame) and isinstance(expected, pd.DataFrame):
            expected = expected.reindex(index=actual.index, columns=actual.columns)
            labels = [("row", actual.index.to_numpy()), ("column", actual.columns.to_numpy())]
        else:
            expected = expected.reindex(actual.index)
            labels = [("index", actual.index.to_numpy())]
        a, e = actual.to_numpy(dtype=float), expected.to_numpy(dtype=float)
    else:
        raise TypeError(f"cannot compare {type(actual).__name__} with {type(expected).__name__}")
    if a.shape != e.shape:
        raise AssertionError(f"shapes differ: {a.shape} vs {e.shape}")
    if np.isnan(e).any() and not np.isnan(a).any():
        raise AssertionError("labels differ: expected has labels missing from actual")
    excess = np.abs(a - e) - (atol + rtol * np.abs(e))
    if np.any(excess > 0) or np.any(np.isnan(a) != np.isnan(e)):
        worst = np.unravel_index(int(np.nanargmax(excess)), excess.shape)
        where = ", ".join(f"{name}={values[i]}" for (name, values), i in zip(labels, worst, strict=False))
        raise AssertionError(
            f"not close (rtol={rtol}, atol={atol}): worst at {where}: actual {a[worst]!r}, "
            f"expected {e[worst]!r}; {int(np.sum(excess > 0))} of {a.size} cells out of tolerance"
        )
