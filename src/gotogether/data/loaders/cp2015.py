"""The Caliendo-Parro (2015) 1993 data, turned into a ``TradeBaseline`` as the paper does.

Source: Caliendo and Parro (2015), "Estimates of the Trade and Welfare Effects of NAFTA", Review of Economic
Studies 82(1), replication data; files and steps in ``gotogether/data/cp2015/SOURCE.md``. Values in USD.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Final, Literal

import numpy as np
import xarray as xr

from gotogether.engines.trade.baseline import EXPORTER, IMPORTER, SECTOR, TradeBaseline, baseline_from_arrays

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


def _read(name: str) -> np.ndarray:
    with resources.files("gotogether.data.cp2015").joinpath(name).open(encoding="utf-8") as handle:
        return np.loadtxt(handle, ndmin=2)


def _bilateral(name: str) -> np.ndarray:
    """A 620 x 31 file (20 sector blocks of importer rows, exporter columns) as (importer, exporter, sector)
    over all 40 sectors, zero for the non-traded ones."""
    n, j = len(CP2015_COUNTRIES), len(CP2015_SECTORS)
    blocks = _read(name).reshape(N_TRADED, n, n)
    full = np.zeros((n, n, j))
    full[:, :, :N_TRADED] = blocks.transpose(1, 2, 0)
    return full


@cache
def cp2015_tariffs(year: Literal[1993, 2005]) -> xr.DataArray:
    """Applied tariffs of ``year`` as ad-valorem rates (importer, exporter, sector); 0.05 is 5%."""
    return xr.DataArray(
        _bilateral(f"tariffs{year}.txt") / 100.0,
        dims=(IMPORTER, EXPORTER, SECTOR),
        coords={IMPORTER: CP2015_COUNTRIES, EXPORTER: CP2015_COUNTRIES, SECTOR: list(CP2015_SECTORS)},
        name="tariff",
    )


@cache
def load_cp2015() -> TradeBaseline:
    """The 1993 baseline of Caliendo and Parro (2015), with the observed 1993 trade deficits.

    Follows steps 1-9 of SOURCE.md: flows to USD; gross output raised to at least exports and domestic sales
    on the diagonal; expenditure gross of tariffs; value added GO x B; input shares IO x (1 - B) (the one
    negative IO entry set to zero and columns rescaled to sum to one, see SOURCE.md); final-demand shares
    from final use over income, negatives set to zero and renormalised; theta from T.txt and 8.22 for
    services.
    """
    n, j = len(CP2015_COUNTRIES), len(CP2015_SECTORS)
    flows = _bilateral("xbilat1993.txt") * 1000.0  # importer, exporter, sector; net of tariffs
    tariff = cp2015_tariffs(1993).values
    gross_output = _read("GO.txt").T  # country, sector
    va_share = _read("B.txt").T

    exports = flows.sum(axis=0)  # exporter, sector (the diagonal is zero in the file)
    gross_output = np.maximum(gross_output, exports)
    own = np.arange(n)
    flows[own, own, :] = gross_output - exports

    spending = flows * (1.0 + tariff)
    expenditure = spending.sum(axis=1)
    trade_share = spending / expenditure[:, None, :]

    foreign = flows.copy()
    foreign[own, own, :] = 0.0
    deficit = foreign.sum(axis=(1, 2)) - foreign.sum(axis=(0, 2))
    value_added = gross_output * va_share

    io = np.maximum(_read("IO.txt").reshape(n, j, j), 0.0)  # country, input k, using j; see SOURCE.md
    column_sums = io.sum(axis=1, keepdims=True)
    io = np.divide(io, column_sums, out=np.zeros_like(io), where=column_sums > 0)
    input_share = io * (1.0 - va_share)[:, None, :]

    intermediate_use = np.einsum("nkj,nj->nk", input_share, gross_output)
    final_use = np.maximum(expenditure - intermediate_use, 0.0)
    # Dividing by income and renormalising after clipping (the paper's step 8) equals this.
    final_share = final_use / final_use.sum(axis=1, keepdims=True)

    theta = np.concatenate([_read("T.txt").ravel(), np.full(j - N_TRADED, SERVICES_THETA)])
    return baseline_from_arrays(
        expenditure=expenditure,
        trade_share=trade_share,
        tariff=tariff,
        va_share=va_share,
        input_share=input_share,
        final_share=final_share,
        theta=theta,
        value_added=value_added.sum(axis=1),
        deficit=deficit,
        countries=CP2015_COUNTRIES,
        sectors=list(CP2015_SECTORS),
        attrs={"unit": "USD", "year": 1993, "source": "Caliendo and Parro (2015) replication data"},
        source="Caliendo-Parro 1993 data",
    )
