"""The job's tables stacked by scenario (``jobs.main._stack``) as ``xr.concat`` stacks them."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from gotogether.jobs.main import _stack


def _concat(arrays: list[xr.DataArray], names: list[str], unit: str) -> xr.DataArray:
    stacked = xr.concat(arrays, dim=xr.DataArray(names, dims="scenario", name="scenario"), join="outer")
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


@pytest.mark.parametrize("case", list(UNALIKE))
def test_arrays_unalike_are_concatenated(case: str) -> None:
    arrays = UNALIKE[case]
    stacked = _stack(arrays, ["a", "b"], "USD")
    expected = _concat(arrays, ["a", "b"], "USD")
    assert stacked.identical(expected)


def test_unalike_labels_are_joined_outer_without_a_warning() -> None:
    """The union of the labels, missing cells NaN; no FutureWarning (warnings are errors here) about
    xarray's default join, which a run used to print for the library's country and firm tables."""
    stacked = _stack(UNALIKE["labels"], ["a", "b"], "USD")
    assert stacked.sizes == {"scenario": 2, "country": 3, "year": 2}
    assert stacked.sel(scenario="a", country="DEU").isnull().all()
    assert stacked.sel(scenario="b", country="CHN").isnull().all()
    assert float(stacked.sel(scenario="a", country="CHN", year=2021)) == 3.0
    assert float(stacked.sel(scenario="b", country="DEU", year=2020)) == 1.0
