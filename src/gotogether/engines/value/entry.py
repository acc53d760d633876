"""The value engine's entry point under the engine contract (``gotogether.engines.contract``): adoption,
GDP contribution and sales enabled in one Dataset, with the calibration they were valued at."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import xarray as xr

from gotogether.data.value import Target
from gotogether.engines.contract import with_long_names
from gotogether.engines.value.adoption import adoption_share
from gotogether.engines.value.calibration import ValueCalibration, calibrate
from gotogether.engines.value.industries import Industries
from gotogether.engines.value.value import gdp_contribution, sales_enabled

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


def run(inputs: ValueInputs, parameters: ValueParameters, data: ValueData) -> xr.Dataset:
    """Adoption, GDP contribution and sales enabled (country, industry, year), and the calibration used:
    ``uplift`` (industry), ``readiness`` (country), ``sales_multiplier`` (``calibration_of`` reads it back).
    """
    adoption = adoption_share(
        inputs.coverage, inputs.price_ratio, data.industries, price_elasticity=parameters.price_elasticity
    )
    calibration = parameters.calibration
    if calibration is None:
        fitted = calibrate(adoption, data.value_added, data.gross_output, data.industries, data.targets)
        calibration = replace(fitted, uplift=fitted.uplift * parameters.uplift_scale)
    variables = {
        "adoption": adoption,
        "gdp_contribution": gdp_contribution(
            adoption, data.value_added, calibration.uplift, calibration.readiness
        ),
        "sales_enabled": sales_enabled(adoption, data.gross_output, calibration.sales_multiplier),
        "uplift": calibration.uplift.assign_attrs(units="share of value added"),
        "readiness": calibration.readiness.assign_attrs(units="ratio to the countries of no target"),
        "sales_multiplier": xr.DataArray(calibration.sales_multiplier, attrs={"units": "ratio"}),
    }
    result = _on_labels_of(adoption, variables, {"calibration_reference": calibration.reference})
    return with_long_names(result, LONG_NAMES)


def _on_labels_of(
    first: xr.DataArray, variables: dict[str, xr.DataArray], attrs: dict[str, str]
) -> xr.Dataset:
    """``variables`` as one Dataset on the coordinates of ``first``: without xarray's alignment (its
    copies are most of the engine's cost in a draw) when every variable has ``first``'s labels on its
    dimensions and no other coordinate, as the engine's own arrays do; aligned otherwise."""
    indexes = first.indexes
    if all(
        set(array.coords) <= set(array.dims)
        and all(array.get_index(dim).equals(indexes[dim]) for dim in array.dims)
        for array in variables.values()
    ):
        plain = {name: (array.dims, array.values, dict(array.attrs)) for name, array in variables.items()}
        return xr.Dataset(plain, coords=first.coords, attrs=attrs)
    return xr.Dataset(variables, attrs=attrs)


def calibration_of(result: xr.Dataset) -> ValueCalibration:
    """The calibration a result of ``run`` was valued at, to value other runs against the same world."""
    return ValueCalibration(
        uplift=result["uplift"],
        readiness=result["readiness"],
        sales_multiplier=float(result["sales_multiplier"]),
        reference=str(result.attrs["calibration_reference"]),
    )
