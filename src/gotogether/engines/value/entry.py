"""The value engine's entry point under the engine contract (``gotogether.engines.contract``): adoption,
GDP contribution and sales enabled in one Dataset, with the calibration they were valued at."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.caching import KeptByIdentity
from gotogether.data.value import Target
from gotogether.dims import COUNTRY, INDUSTRY, YEAR
from gotogether.engines.contract import with_long_names
from gotogether.engines.value.adoption import adoption_values
from gotogether.engines.value.calibration import ValueCalibration, calibrate
from gotogether.engines.value.industries import Industries
from gotogether.engines.value.value import contribution_values, sales_values

LONG_NAMES = {
    "adoption": "share of the industry's activity using 5G",
    "gdp_contribution": "5G's contribution to GDP",
    "sales_enabled": "sales enabled by 5G",
    "uplift": "GDP gain at full adoption and readiness 1, as a share of the industry's value added",
    "readiness": "the country's readiness to turn adoption into value (1 for the countries of no target)",
    "sales_multiplier": "sales enabled per unit of adoption-weighted gross output",
}
"""The ``long_name`` of every variable of the result."""


@dataclass(frozen=True)
class ValueInputs:
    """The rollout's ``coverage`` (share of population) and ``price_ratio`` (its cost index over the
    coordinated world's), by country and year (``engines.rollout.adoption_inputs``)."""

    coverage: xr.DataArray
    price_ratio: xr.DataArray


@dataclass(frozen=True)
class ValueParameters:
    """``price_elasticity`` (``adoption.price_elasticity``); ``calibration``, the value parameters fitted to
    the published projections, or ``None`` to fit them on this run's adoption (the coordinated world),
    with the uplift then times ``uplift_scale`` (``value.uplift_scale``)."""

    price_elasticity: float
    uplift_scale: float
    calibration: ValueCalibration | None = None


@dataclass(frozen=True)
class ValueData:
    """The industries, their size by country in billions of US dollars (``value_added``, ``gross_output``:
    country, industry) and the published projections the calibration is fitted to."""

    industries: Industries
    value_added: xr.DataArray
    gross_output: xr.DataArray
    targets: Mapping[str, Target]


Plain = dict[str, tuple[tuple[str, ...], np.ndarray, dict[str, str]]]
"""Variables as (dims, values, attrs)."""


def run(inputs: ValueInputs, parameters: ValueParameters, data: ValueData) -> xr.Dataset:
    """Adoption, GDP contribution and sales enabled (country, industry, year), and the calibration used:
    ``uplift`` (industry), ``readiness`` (country), ``sales_multiplier`` (``calibration_of`` reads it back).
    On arrays, labelled once (it runs for every scenario of every ensemble draw)."""
    labels, shares = adoption_values(
        inputs.coverage, inputs.price_ratio, data.industries, price_elasticity=parameters.price_elasticity
    )
    countries, industries = labels[COUNTRY], labels[INDUSTRY]
    calibration = parameters.calibration
    if calibration is None:
        adoption = xr.DataArray(shares, dims=tuple(labels), coords=labels)
        fitted = calibrate(adoption, data.value_added, data.gross_output, data.industries, data.targets)
        calibration = replace(fitted, uplift=fitted.uplift * parameters.uplift_scale)
    share_by_industry = shares.transpose(1, 0, 2)
    plain: Plain = {
        "adoption": ((COUNTRY, INDUSTRY, YEAR), shares, {"units": "share of the industry's activity"}),
        "gdp_contribution": (
            (INDUSTRY, COUNTRY, YEAR),
            contribution_values(
                share_by_industry,
                data.value_added,
                calibration.uplift,
                calibration.readiness,
                industries,
                countries,
            ),
            {"units": str(data.value_added.attrs.get("units", ""))},
        ),
        "sales_enabled": (
            (COUNTRY, INDUSTRY, YEAR),
            sales_values(shares, data.gross_output, calibration.sales_multiplier, countries, industries),
            {"units": str(data.gross_output.attrs.get("units", ""))},
        ),
    }
    calibrated = {
        "uplift": calibration.uplift.assign_attrs(units="share of value added"),
        "readiness": calibration.readiness.assign_attrs(units="ratio to the countries of no target"),
        "sales_multiplier": xr.DataArray(calibration.sales_multiplier, attrs={"units": "ratio"}),
    }
    result = _on_labels_of(labels, plain, calibrated, {"calibration_reference": calibration.reference})
    return with_long_names(result, LONG_NAMES)


_COORDINATES: KeptByIdentity[xr.Coordinates] = KeptByIdentity(4)
"""The coordinates of the last few labels (a draw's runs share the rollout's and the industries' indexes,
which are immutable): xarray makes them again for every Dataset given plain indexes."""


def _on_labels_of(
    labels: dict[str, pd.Index], plain: Plain, calibrated: dict[str, xr.DataArray], attrs: dict[str, str]
) -> xr.Dataset:
    """``plain`` (on ``labels``) and ``calibrated`` as one Dataset on ``labels``: without xarray's alignment
    (its copies are most of the engine's cost in a draw) when every calibrated array has those labels on
    its dimensions and no other coordinate, as the engine's own arrays do; aligned otherwise."""
    if all(
        set(array.coords) <= set(array.dims)
        and all(array.get_index(dim).equals(labels[str(dim)]) for dim in array.dims)
        for array in calibrated.values()
    ):
        own = {name: (array.dims, array.values, dict(array.attrs)) for name, array in calibrated.items()}
        coords = _COORDINATES.get(tuple(labels.values()), lambda: xr.Coordinates(labels), extra=tuple(labels))
        return xr.Dataset({**plain, **own}, coords=coords, attrs=attrs)
    return _aligned(labels, plain, calibrated, attrs)


def _aligned(
    labels: dict[str, pd.Index], plain: Plain, calibrated: dict[str, xr.DataArray], attrs: dict[str, str]
) -> xr.Dataset:
    """``_on_labels_of`` by xarray's alignment."""
    arrays = {
        name: xr.DataArray(values, dims=dims, coords={dim: labels[dim] for dim in dims}, attrs=own)
        for name, (dims, values, own) in plain.items()
    }
    return xr.Dataset({**arrays, **calibrated}, attrs=attrs)


def calibration_of(result: xr.Dataset) -> ValueCalibration:
    """The calibration a result of ``run`` was valued at, to value other runs against the same world."""
    return ValueCalibration(
        uplift=result["uplift"],
        readiness=result["readiness"],
        sales_multiplier=float(result["sales_multiplier"]),
        reference=str(result.attrs["calibration_reference"]),
    )
