"""Parameters of the rollout model: per region from the sourced ``countries`` table, world-wide scalars
from the parameter table (``rollout.*``), plus the incumbency shares by region and vendor from the
``vendor_shares`` table (the installed 4G RAN at 2019). The pipeline reads the tables
(``gotogether.pipeline.world``); this module only builds the parameters from them.

Vendors outside the model's five (``other``: NEC, Fujitsu, CICT/Datang...) are spread over the five in
proportion to their shares in the region, which is what the logit would do if ``other`` were banned (IIA).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from functools import cached_property
from typing import Final

import numpy as np
import pandas as pd
import xarray as xr
from numpy.typing import NDArray

from gotogether.data.rollout.tables import COUNTRY_PARAMETERS, INCUMBENCY
from gotogether.engines.rollout.curves import Array, Nests
from gotogether.engines.rollout.operators import OperatorNetworks, operator_networks
from gotogether.errors import DataConsistencyError, InputError

DISCOUNTED_HOME: Final = "CHN"
"""Home country of the vendors the ``vendor_discount`` applies to (Huawei, ZTE)."""


@dataclass(frozen=True)
class RolloutParameters:
    """Everything the engine reads. ``country`` holds the per-region parameters of
    ``gotogether.data.rollout.tables.COUNTRY_PARAMETERS`` as variables over ``country``; ``base_shares``
    (country, vendor) the incumbency shares; ``discounted_vendors`` those whose quality-adjusted price is
    ``1 - vendor_discount`` of the others'; the world-wide scalars are documented in docs/rollout.md."""

    country: xr.Dataset
    base_shares: xr.DataArray
    discounted_vendors: tuple[str, ...]
    site_cost_2020: float
    learning_rate: float
    learning_spillover: float
    prior_experience_sites: float
    reference_volume_sites: float
    price_sensitivity: float
    coverage_exponent: float
    spare_capacity: float
    vendor_discount: float
    entrant_share: float
    lte_site_ratio: float
    swap_units_per_site: float
    swap_work_share: float
    core_share: float
    equipment_life_years: float
    lte_vintage_year: float
    upgrade_visit_share: float
    crew_slack: float
    lerner_ceiling: float
    ran_equipment_share: float
    lte_upkeep_share: float
    densification_rate: float
    nest_dissimilarity: float = 1.0
    swap_pace_years: float = 5.0
    swap_crew_visits: float = 1.0
    changeover_years: float = 0.0
    crew_ramp: float = 0.0
    support_share: float = 0.08
    operators: OperatorNetworks = ()

    # the labels and the full sites are read by every run and label: made once per parameters (a frozen
    # instance's tables are not changed; ``with_values`` makes a new instance)
    @cached_property
    def countries(self) -> list[str]:
        return [str(c) for c in self.country["country"].values]

    @cached_property
    def vendors(self) -> list[str]:
        return [str(v) for v in self.base_shares["vendor"].values]

    @cached_property
    def full_sites(self) -> xr.DataArray:
        """Sites at full population coverage (country): population x density / 10,000 (read-only)."""
        full = self.country["population"].to_numpy() * self.country["site_density"].to_numpy() / 1e4
        full.flags.writeable = False
        return xr.DataArray(full, dims="country", coords={"country": self.countries}, name="full_sites")

    @property
    def lte_sites(self) -> NDArray[np.float64]:
        """Installed 4G radio sites at 2019 (N countries x V vendors, as ``countries`` and ``vendors``):
        population x ``lte_site_density`` / 10,000 (the region's 4G grid) x ``lte_site_ratio`` (a world-wide
        scale, 1 by default), split by ``lte_footprint``. On arrays, as the engine reads it (a draw makes it
        for its parameters)."""
        c = self.country
        grid = c["population"].to_numpy() * c["lte_site_density"].to_numpy() / 1e4 * self.lte_site_ratio
        sites: NDArray[np.float64] = grid[:, None] * self.lte_footprint
        return sites

    @property
    def lte_footprint(self) -> NDArray[np.float64]:
        """Each vendor's share of the region's installed 2019 4G radio (N, V; rows sum to 1): the 2019 4G
        RAN shares without the entrant weight, where the kit of vendors outside the model's five
        (``outside_share`` of the countries dataset: NEC and Fujitsu in Japan) goes to the region's vendors
        outside the discounted (Chinese) nest in proportion to their shares, not to all five as in the
        incumbency: no source puts Huawei's or ZTE's radio where those vendors' stands (Docomo bought
        neither's, Taiwan kept both out). Where no such vendor has a share, or nothing is outside the five,
        it is the incumbency's split (to the bit)."""
        shares = self.base_shares.to_numpy()
        if "outside_share" not in self.country:
            return shares
        outside = self.country["outside_share"].to_numpy()[:, None]
        allied = shares * np.array([v not in self.discounted_vendors for v in self.vendors])
        allied_total = allied.sum(axis=1, keepdims=True)
        given = np.divide(outside * allied, allied_total, out=np.zeros_like(allied), where=allied_total > 0)
        footprint: NDArray[np.float64] = np.where(allied_total > 0, shares * (1.0 - outside) + given, shares)
        return footprint

    def with_values(self, **changes: float) -> RolloutParameters:
        """A copy with world-wide scalars changed (e.g. ``learning_rate=0.2``)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def incumbency(self) -> NDArray[np.float64]:
        """The logit's vendor constants (N countries x V vendors): the incumbency shares with
        ``entrant_share`` added to every vendor, renormalised (on arrays: a draw solves with it)."""
        weight = self.base_shares.to_numpy() + self.entrant_share
        shares: NDArray[np.float64] = weight / weight.sum(axis=1, keepdims=True)
        return shares

    @property
    def nests(self) -> Nests:
        """The vendor choice's nests: vendors by home bloc, the discounted (Chinese) vendors in one nest and
        the others in the other, with the dissimilarity ``nest_dissimilarity`` (1: the multinomial
        logit)."""
        home = np.array([v in self.discounted_vendors for v in self.vendors], dtype=np.int64)
        return Nests(of=home, dissimilarity=self.nest_dissimilarity)

    @property
    def relative_price(self) -> NDArray[np.float64]:
        """Quality-adjusted price of each vendor (V, as ``vendors``) relative to the undiscounted vendors'."""
        cut = np.array([v in self.discounted_vendors for v in self.vendors], dtype=float)
        relative: NDArray[np.float64] = 1.0 - self.vendor_discount * cut
        return relative


def incumbency_shares(vendor_shares: pd.DataFrame, countries: list[str], vendors: list[str]) -> xr.DataArray:
    """Incumbency (country, vendor): each region's installed 4G RAN shares at 2019, ``other`` spread over
    the model's vendors in proportion to their shares."""
    shares, _ = _installed_4g(vendor_shares, countries, vendors)
    total = shares.sum(axis=1, keepdims=True)
    if (total <= 0).any():
        raise DataConsistencyError(
            "a region has no share for any of the model's vendors",
            source="vendor_shares table",
            expected=f"a positive share for one of {', '.join(vendors)}",
        )
    return xr.DataArray(
        shares / total, dims=("country", "vendor"), coords={"country": countries, "vendor": vendors}
    )


def outside_shares(vendor_shares: pd.DataFrame, countries: list[str], vendors: list[str]) -> Array:
    """Each region's share (N) of its installed 2019 4G RAN made by vendors outside the model's five (the
    ``other`` rows of ``vendor_shares``): ``other / (other + the five's shares)``, 0 where none is given."""
    shares, other = _installed_4g(vendor_shares, countries, vendors)
    total = shares.sum(axis=1) + other
    outside: Array = np.divide(other, total, out=np.zeros_like(other), where=total > 0)
    return outside


def _installed_4g(
    vendor_shares: pd.DataFrame, countries: list[str], vendors: list[str]
) -> tuple[Array, Array]:
    """The incumbency rows of ``vendor_shares`` as given: the model's vendors' shares (N, V) and the
    ``other`` vendors' (N), 0 where a row is missing."""
    generation, year = INCUMBENCY
    chosen = (vendor_shares["generation"] == generation) & (vendor_shares["year"] == year)
    given, footprint, wide = _wide(vendor_shares[chosen.to_numpy()], "country", "vendor", "share")
    missing = [c for c in countries if c not in given]
    if missing:
        raise DataConsistencyError(
            f"no {generation} {year} vendor shares for {', '.join(missing)}",
            source="vendor_shares table",
            expected="incumbency shares for every region of the countries table",
        )
    row, column = {c: at for at, c in enumerate(given)}, {v: at for at, v in enumerate(footprint)}
    rows = [row[c] for c in countries]
    shares = np.zeros((len(countries), len(vendors)))
    for at, vendor in enumerate(vendors):
        if vendor in column:
            shares[:, at] = wide[rows, column[vendor]]
    other = wide[rows, column["other"]] if "other" in column else np.zeros(len(countries))
    return np.nan_to_num(shares, nan=0.0), np.nan_to_num(other, nan=0.0)


def _wide(frame: pd.DataFrame, index: str, columns: str, values: str) -> tuple[list[str], list[str], Array]:
    """``frame``'s ``values`` by its sorted ``index`` labels (rows) and ``columns`` labels, the first row of
    a repeated pair, NaN where no row gives one (``pivot_table(aggfunc="first")`` on arrays: a draw builds
    the parameters from its drawn tables)."""
    rows, row_codes = np.unique(frame[index].to_numpy(dtype=str), return_inverse=True)
    labels, column_codes = np.unique(frame[columns].to_numpy(dtype=str), return_inverse=True)
    cells, first = np.unique(row_codes * labels.size + column_codes, return_index=True)
    wide = np.full((rows.size, labels.size), np.nan)
    wide.flat[cells] = frame[values].to_numpy(dtype=float)[first]
    return rows.tolist(), labels.tolist(), wide


WORLD_PARAMETERS: Final = tuple(
    field.name
    for field in fields(RolloutParameters)
    if field.name not in ("country", "base_shares", "discounted_vendors", "operators")
)
"""The world-wide scalars (parameter table names ``rollout.<name>``)."""


def parameters_from_table(
    table: pd.DataFrame,
    vendor_shares: pd.DataFrame,
    vendor_home: Mapping[str, str],
    world: Mapping[str, float],
    operators: pd.DataFrame | None = None,
) -> RolloutParameters:
    """Build the parameters from the validated ``countries`` and ``vendor_shares`` tables, the vendors'
    home countries (vendor -> ISO code; the model's vendors), the world-wide scalars ``world`` (name ->
    value, every one of ``WORLD_PARAMETERS``) and the validated ``operators`` table (none: every cap acts
    on the country's network)."""
    missing = [name for name in WORLD_PARAMETERS if name not in world]
    if missing:
        raise InputError(
            f"missing world-wide rollout parameter(s) {', '.join(missing)}",
            location="rollout parameters",
            expected=", ".join(WORLD_PARAMETERS),
        )
    countries, parameters, wide = _wide(table, "country", "parameter", "value")
    column = {p: at for at, p in enumerate(parameters)}
    country = xr.Dataset(
        {p: ("country", wide[:, column[p]].copy()) for p in COUNTRY_PARAMETERS},
        coords={"country": countries},
    )
    vendors = sorted(vendor_home)
    country["outside_share"] = ("country", outside_shares(vendor_shares, countries, vendors))
    return RolloutParameters(
        country=country,
        base_shares=incumbency_shares(vendor_shares, countries, vendors),
        discounted_vendors=tuple(v for v in vendors if vendor_home[v] == DISCOUNTED_HOME),
        **{name: float(world[name]) for name in WORLD_PARAMETERS},
        operators=() if operators is None else operator_networks(operators),
    )
