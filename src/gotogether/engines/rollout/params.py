"""Parameters of the rollout model: per region from the sourced ``countries`` table, world-wide scalars from
the parameter table (``rollout.*``), plus the base-year vendor shares (incumbency) from the value network's
``market_shares`` table. The pipeline reads the tables (``gotogether.pipeline.world``); this module only
builds the parameters from them.

China's shares are not all published: Dell'Oro gives global and ex-China shares for every vendor and the
China share of Huawei only. With China's weight ``w`` in world RAN revenue solved from Huawei's three shares,
``global = w * china + (1 - w) * ex_china`` gives each vendor's China share (clipped at zero, renormalised).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Final

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.data.rollout.tables import COUNTRY_PARAMETERS
from gotogether.errors import DataConsistencyError, InputError

BASE_YEAR: Final = 2019
CHINA: Final = "CHN"


@dataclass(frozen=True)
class RolloutParameters:
    """Everything the engine reads. ``country`` holds the per-region parameters of
    ``gotogether.data.rollout.tables.COUNTRY_PARAMETERS`` as variables over ``country``; ``base_shares``
    (country, vendor) the incumbency shares; the world-wide scalars are documented in docs/rollout.md."""

    country: xr.Dataset
    base_shares: xr.DataArray
    site_cost_2020: float
    learning_rate: float
    prior_experience_sites: float
    reference_volume_sites: float
    price_sensitivity: float
    coverage_exponent: float
    spare_capacity: float

    @property
    def countries(self) -> list[str]:
        return [str(c) for c in self.country["country"].values]

    @property
    def vendors(self) -> list[str]:
        return [str(v) for v in self.base_shares["vendor"].values]

    @property
    def full_sites(self) -> xr.DataArray:
        """Sites at full population coverage (country): population x density / 10,000."""
        full = self.country["population"].to_numpy() * self.country["site_density"].to_numpy() / 1e4
        return xr.DataArray(full, dims="country", coords={"country": self.countries}, name="full_sites")

    def with_values(self, **changes: float) -> RolloutParameters:
        """A copy with world-wide scalars changed (e.g. ``learning_rate=0.2``)."""
        return replace(self, **changes)  # type: ignore[arg-type]


def regional_base_shares(market_shares: pd.DataFrame, year: int = BASE_YEAR) -> pd.DataFrame:
    """Shares of each vendor in ``china`` and ``ex-china`` RAN markets in ``year`` (columns sum to one)."""
    rows = market_shares[market_shares["year"] == year]
    table = rows.pivot_table(index="vendor", columns="region", values="share", aggfunc="first")
    known = table["china"].dropna()
    if known.empty:
        raise DataConsistencyError(
            f"no China share in {year}", source="market_shares table", expected="a china row for one vendor"
        )
    anchor = str(known.index[0])
    g, e, c = (
        float(table[r].to_numpy(float)[table.index == anchor][0]) for r in ("global", "ex-china", "china")
    )
    weight = (g - e) / (c - e)
    derived = ((table["global"] - (1.0 - weight) * table["ex-china"]) / weight).clip(lower=0.0)
    china = table["china"].fillna(derived)
    shares = pd.DataFrame({"china": china, "ex-china": table["ex-china"]})
    normalised: pd.DataFrame = shares / shares.sum()
    return normalised


WORLD_PARAMETERS: Final = tuple(
    field.name for field in fields(RolloutParameters) if field.name not in ("country", "base_shares")
)
"""The world-wide scalars (parameter table names ``rollout.<name>``)."""


def parameters_from_table(
    table: pd.DataFrame, market_shares: pd.DataFrame, world: Mapping[str, float]
) -> RolloutParameters:
    """Build the parameters from the validated ``countries`` table, the ``market_shares`` table and the
    world-wide scalars ``world`` (name -> value, every one of ``WORLD_PARAMETERS``)."""
    missing = [name for name in WORLD_PARAMETERS if name not in world]
    if missing:
        raise InputError(
            f"missing world-wide rollout parameter(s) {', '.join(missing)}",
            location="rollout parameters",
            expected=", ".join(WORLD_PARAMETERS),
        )
    wide = table.pivot_table(index="country", columns="parameter", values="value", aggfunc="first")
    country = xr.Dataset(
        {p: ("country", wide[p].to_numpy(float)) for p in COUNTRY_PARAMETERS},
        coords={"country": list(wide.index)},
    )
    shares = regional_base_shares(market_shares)
    region_of = np.where(np.asarray(wide.index) == CHINA, "china", "ex-china")
    base = xr.DataArray(
        shares[region_of].to_numpy().T,
        dims=("country", "vendor"),
        coords={"country": list(wide.index), "vendor": list(shares.index)},
    )
    return RolloutParameters(
        country=country, base_shares=base, **{name: float(world[name]) for name in WORLD_PARAMETERS}
    )
