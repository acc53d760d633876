"""The job's tables stacked by scenario (``jobs.main._stack``) as ``xr.concat`` stacks them."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from gotogether.jobs.main import _stack


def _concat(arrays: list[xr.DataArray], names: list[str], unit: str) -> xr.DataArray:
    stacked = xr.concat(arrays, dim=xr.DataArray(names, dims="scenario", name="scenario"))
    stacked.attrs["units"] = unit
    return stacked


def _array(values: np.ndarray, countries: list[str], **extra: object) -> xr.DataArray:
    return xr.DataArray(
        values,
        dims=("country", "year"),
        coords={"country": countries, "year": [2020, 2021], **extra},
        name="capex",
        attrs={"units": "USD", "note": "first"},
    )


ALIKE = [
    _array(np.arange(4.0).reshape(2, 2), ["USA", "CHN"], region=("country", ["a", "b"])),
    _array(np.ones((2, 2)), ["USA", "CHN"], region=("country", ["a", "b"])).rename("other"),
]
UNALIKE = {
    "labels": [ALIKE[0], _array(np.ones((2, 2)), ["USA", "DEU"], region=("country", ["a", "c"]))],
    "scalar coordinate": [
        _array(np.ones((2, 2)), ["USA", "CHN"], level=0.5),
        _array(np.ones((2, 2)), ["USA", "CHN"], level=0.8),
    ],
    "type": [ALIKE[0], ALIKE[1].astype(np.float32)],
}


def test_arrays_alike_stack_as_concat_does() -> None:
    names = ["a", "b"]
    stacked = _stack(ALIKE, names, "billion USD")
    expected = _concat(ALIKE, names, "billion USD")
    assert stacked.identical(expected)
    assert list(stacked.coords) == list(expected.coords)
    assert stacked.name == "capex"
    assert stacked.attrs == {"units": "billion USD", "note": "first"}


@pytest.mark.filterwarnings("ignore:In a future version of xarray the default value for join")
@pytest.mark.parametrize("case", list(UNALIKE))
def test_arrays_unalike_are_concatenated(case: str) -> None:
    arrays = UNALIKE[case]
    stacked = _stack(arrays, ["a", "b"], "USD")
    expected = _concat(arrays, ["a", "b"], "USD")
    assert stacked.identical(expected)
