"""The Caliendo-Parro (2015) replication files: countries, sectors, bilateral flows, tariffs, shares.

Source: Caliendo and Parro (2015), "Estimates of the Trade and Welfare Effects of NAFTA", Review of Economic
Studies 82(1), replication data; files and steps in ``gotogether/data/cp2015/SOURCE.md``. Values in USD.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Final, Literal

import numpy as np

from gotogether.dims import EXPORTER, IMPORTER, SECTOR

if TYPE_CHECKING:
    import xarray as xr

CP2015_COUNTRIES: Final = [
    "ARG",
    "AUS",
    "AUT",
    "BRA",
    "CAN",
    "CHL",
    "CHN",
    "DNK",
    "FIN",
    "FRA",
    "DEU",
    "GRC",
    "HUN",
    "IND",
    "IDN",
    "IRL",
    "ITA",
    "JPN",
    "KOR",
    "MEX",
    "NLD",
    "NZL",
    "NOR",
    "PRT",
    "ZAF",
    "ESP",
    "SWE",
    "TUR",
    "GBR",
    "USA",
    "ROW",
]
CP2015_SECTORS: Final = (
    "Agriculture", "Mining", "Food", "Textile", "Wood", "Paper", "Petroleum", "Chemicals", "Plastic",
    "Minerals", "Basic metals", "Metal products", "Machinery n.e.c.", "Office", "Electrical",
    "Communication", "Medical", "Auto", "Other Transport", "Other", "Electricity", "Construction", "Retail",
    "Hotels", "Land Transport", "Water Transport", "Air Transport", "Aux Transport", "Post", "Finance",
    "Real Estate", "Renting Machinery", "Computer", "R&D", "Other Business", "Public", "Education", "Health",
    "Other services", "Private households",
)  # fmt: skip
NAFTA: Final = ("CAN", "MEX", "USA")
N_TRADED: Final = 20
SERVICES_THETA: Final = 8.22
"""Trade elasticity the paper uses for the 20 non-traded sectors."""


def read_cp2015_file(name: str) -> np.ndarray:
    """One replication file (``GO.txt``, ``B.txt``, ``IO.txt``, ``T.txt``...) as a 2-d array."""
    with resources.files("gotogether.data.cp2015").joinpath(name).open(encoding="utf-8") as handle:
        return np.loadtxt(handle, ndmin=2)


def read_bilateral(name: str) -> np.ndarray:
    """A 620 x 31 file (20 sector blocks of importer rows, exporter columns) as (importer, exporter, sector)
    over all 40 sectors, zero for the non-traded ones."""
    n, j = len(CP2015_COUNTRIES), len(CP2015_SECTORS)
    blocks = read_cp2015_file(name).reshape(N_TRADED, n, n)
    full = np.zeros((n, n, j))
    full[:, :, :N_TRADED] = blocks.transpose(1, 2, 0)
    return full


@cache
def tariff_rates(year: Literal[1993, 2005]) -> np.ndarray:
    """Applied tariffs of ``year`` as ad-valorem rates (importer, exporter, sector), 0.05 for 5%, in the
    order of ``CP2015_COUNTRIES`` and ``CP2015_SECTORS`` (read-only: shared by every caller)."""
    rates = read_bilateral(f"tariffs{year}.txt") / 100.0
    rates.flags.writeable = False
    return rates


@cache
def cp2015_tariffs(year: Literal[1993, 2005]) -> xr.DataArray:
    """Applied tariffs of ``year`` as ad-valorem rates (importer, exporter, sector); 0.05 is 5%."""
    import xarray as xr  # here only: ``validate cp2015-nafta`` solves on arrays, without xarray

    return xr.DataArray(
        tariff_rates(year).copy(),
        dims=(IMPORTER, EXPORTER, SECTOR),
        coords={IMPORTER: CP2015_COUNTRIES, EXPORTER: CP2015_COUNTRIES, SECTOR: list(CP2015_SECTORS)},
        name="tariff",
    )
