"""The engine contract: every engine is entered through one function of one shape.

    run(inputs, parameters, data) -> xr.Dataset

- ``inputs``: what the scenario changes for this engine (its measures, translated by
  ``gotogether.scenarios``) and what the engines before it produced;
- ``parameters``: the engine's parameter values in force (from the parameter table, through the World);
- ``data``: the world the engine runs on (a table, a network, a baseline), or ``None`` when the engine's
  calibration carries it;
- out: one labelled Dataset whose every variable has ``units`` and ``long_name`` attributes.

Each engine package exports its ``run`` with its own input, parameter and data types; the pipeline calls
the engines only through ``run_engine``, which holds every engine to the contract.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, TypeVar

import numpy as np
import pandas as pd
import xarray as xr

Inputs = TypeVar("Inputs", contravariant=True)
Parameters = TypeVar("Parameters", contravariant=True)
Data = TypeVar("Data", contravariant=True)

LABELS = ("units", "long_name")
"""The attributes every variable of an engine's result carries."""


class Engine(Protocol[Inputs, Parameters, Data]):
    """An engine's entry point: inputs, parameters, data in; one labelled Dataset out."""

    def __call__(self, inputs: Inputs, parameters: Parameters, data: Data, /) -> xr.Dataset: ...


def with_long_names(data: xr.Dataset, long_names: Mapping[str, str]) -> xr.Dataset:
    """``data`` with the ``long_name`` of every variable set from ``long_names`` (the engines set ``units``
    where they label their arrays, as some follow the data's own unit)."""
    for name in data.data_vars:
        if str(name) in long_names:  # on the variable: cheaper than a DataArray per name
            data.variables[name].attrs["long_name"] = long_names[str(name)]
    return data


def _labelled_as(array: xr.DataArray, dim: str, labels: Sequence[str] | pd.Index) -> bool:
    """Whether ``array``'s labels along ``dim`` are exactly ``labels``, in that order."""
    index = array.get_index(dim)  # cheaper than ``array.indexes``, which builds every index's mapping
    return index is labels or index.equals(labels if isinstance(labels, pd.Index) else pd.Index(labels))


def in_that_order(array: xr.DataArray, order: Mapping[str, Sequence[str] | pd.Index]) -> bool:
    """Whether ``array`` has exactly the dimensions and labels of ``order``, in that order."""
    return list(array.dims) == list(order) and all(
        _labelled_as(array, dim, labels) for dim, labels in order.items()
    )


def _positions(index: pd.Index, labels: Sequence[str] | pd.Index) -> np.ndarray | None:
    """Where each of ``labels`` sits in ``index`` (None when one is missing or the index has repeats)."""
    if not index.is_unique:
        return None
    positions = index.get_indexer(labels if isinstance(labels, pd.Index) else pd.Index(labels))
    return None if (positions < 0).any() else positions


def in_order(array: xr.DataArray, order: Mapping[str, Sequence[str] | pd.Index]) -> np.ndarray:
    """The values of ``array`` with the dimensions and labels of ``order``, in that order: an engine reads
    a labelled input into its arrays so (without a selection when they are in that order already, as
    results of the engines before it are, which is much cheaper in a yearly loop; else by positions on the
    array's values rather than by xarray's selection)."""
    if in_that_order(array, order):
        return array.values
    if sorted(map(str, array.dims)) != sorted(order):
        return array.sel({dim: list(labels) for dim, labels in order.items()}).transpose(*order).values
    found = [_positions(array.get_index(dim), order[str(dim)]) for dim in array.dims]
    positions = [taken for taken in found if taken is not None]
    if len(positions) < len(found):  # a label missing: the selection says which
        return array.sel({dim: list(labels) for dim, labels in order.items()}).transpose(*order).values
    values = array.values
    shape = values.shape
    if any(not np.array_equal(taken, np.arange(size)) for taken, size in zip(positions, shape, strict=True)):
        values = values[np.ix_(*positions)]
    # C-ordered in the array's own dimensions, as the selection makes it, so that sums over the result add
    # in the same order
    return np.transpose(np.ascontiguousarray(values), [array.dims.index(dim) for dim in order])


def unlabelled(data: xr.Dataset) -> list[str]:
    """Variables of ``data`` missing a label of ``LABELS`` (or with an empty one)."""
    attrs = {name: data.variables[name].attrs for name in data.data_vars}
    return [str(name) for name, labels in attrs.items() if not all(labels.get(key) for key in LABELS)]


def run_engine(
    engine: Engine[Inputs, Parameters, Data], inputs: Inputs, parameters: Parameters, data: Data
) -> xr.Dataset:
    """Run ``engine`` and hold its result to the contract (a broken contract is a programming error)."""
    result = engine(inputs, parameters, data)
    missing = unlabelled(result)
    if missing:
        where = getattr(engine, "__module__", repr(engine))
        raise TypeError(f"{where}.run breaks the engine contract: no units or long_name on {missing}")
    return result
