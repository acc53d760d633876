"""Parameters of the rollout model: per region and world-wide, from the sourced table, plus the base-year
vendor shares (incumbency) from the value network's ``market_shares`` table.

China's shares are not all published: Dell'Oro gives global and ex-China shares for every vendor and the
China share of Huawei only. With China's weight ``w`` in world RAN revenue solved from Huawei's three shares,
``global = w * china + (1 - w) * ex_china`` gives each vendor's China share (clipped at zero, renormalised).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.data.rollout.tables import COUNTRY_PARAMETERS, WORLD, WORLD_PARAMETERS, load_countries
from gotogether.data.valuenet import load_tables
from gotogether.errors import DataConsistencyError

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


def parameters_from_table(table: pd.DataFrame, market_shares: pd.DataFrame) -> RolloutParameters:
    """Build the parameters from the validated ``countries`` table and the ``market_shares`` table."""
    wide = table.pivot_table(index="country", columns="parameter", values="value", aggfunc="first")
    regions = wide.drop(index=WORLD)
    country = xr.Dataset(
        {p: ("country", regions[p].to_numpy(float)) for p in COUNTRY_PARAMETERS},
        coords={"country": list(regions.index)},
    )
    shares = regional_base_shares(market_shares)
    region_of = np.where(np.asarray(regions.index) == CHINA, "china", "ex-china")
    base = xr.DataArray(
        shares[region_of].to_numpy().T,
        dims=("country", "vendor"),
        coords={"country": list(regions.index), "vendor": list(shares.index)},
    )
    values = wide.loc[WORLD, list(WORLD_PARAMETERS)].to_numpy(float)
    world = {name: float(value) for name, value in zip(WORLD_PARAMETERS, values, strict=True)}
    return RolloutParameters(country=country, base_shares=base, **world)


def load_parameters(path: Path | None = None) -> RolloutParameters:
    """Parameters from the packaged table, or from a user's table at ``path``."""
    if path is None:
        return default_parameters()
    return parameters_from_table(load_countries(path), load_tables()["market_shares"])


@cache
def default_parameters() -> RolloutParameters:
    """The packaged default parameters (read once)."""
    return parameters_from_table(load_countries(), load_tables()["market_shares"])
