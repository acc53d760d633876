"""Capital accounts of the 2019 world's regions: the capital-output ratio, the investment rate, the
depreciation rate and capital's share of value added in 2019, from the Penn World Table 10.01 (Feenstra,
Inklaar and Timmer 2015, "The Next Generation of the Penn World Table", American Economic Review 105(10),
3150-3182; www.ggdc.net/pwt; CC BY 4.0).

Money is at market prices (the 2019 world's GDP and 5G capex are in current US dollars): the PWT's
current-PPP series times their price levels, K = cn pl_k, Y = cgdpo pl_gdpo, I = csh_i cgdpo pl_i. A region
sums its members (the 19 EU members of the 2011 world in REU, every country no region names in ROW): K/Y is
sum K / sum Y, the investment rate sum I / sum Y, the depreciation rate weighted by capital, capital's share
1 - labsh weighted by GDP over the members that have it (``share_coverage``: their part of the region's GDP).

``capital_by_region`` builds ``capital_2019.csv`` from the PWT's 2019 rows
(``scripts/build_capital_2019.py``); ``capital_2019`` reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.dims import COUNTRY
from gotogether.errors import InputError

CAPITAL_FILE = "capital_2019.csv"
PWT_COLUMNS = ("cgdpo", "cn", "csh_i", "delta", "labsh", "pl_gdpo", "pl_i", "pl_k")
"""The Penn World Table's 2019 series the accounts are made of (by ISO country)."""
ACCOUNTS = {
    "capital_output": "Capital stock over GDP, 2019, at market prices (K/Y)",
    "investment_rate": "Gross capital formation over GDP, 2019, at market prices (s)",
    "depreciation": "Average depreciation rate of the capital stock, 2019 (delta, per year)",
    "capital_share": "Capital's share of value added, 2019: 1 - the labour share (alpha)",
}
SOURCE = (
    "Penn World Table 10.01 (Feenstra, Inklaar and Timmer 2015, American Economic Review 105(10); "
    "www.ggdc.net/pwt; CC BY 4.0), 2019: K = cn pl_k, Y = cgdpo pl_gdpo, I = csh_i cgdpo pl_i, delta, labsh"
)


def capital_by_region(pwt: pd.DataFrame, region_of: Mapping[str, str], regions: list[str]) -> pd.DataFrame:
    """The accounts of each of ``regions`` (``ACCOUNTS``, ``share_coverage``, ``members``, ``source``) from
    the Penn World Table's 2019 rows ``pwt`` (``isocode`` and ``PWT_COLUMNS``); a country is in
    ``region_of[code]``, or in ROW when not listed. Countries without a capital stock are left out."""
    frame = pwt.dropna(subset=["cn", "cgdpo", "csh_i", "delta"]).copy()
    frame["region"] = [region_of.get(str(code), "ROW") for code in frame["isocode"]]
    frame["K"] = frame["cn"] * frame["pl_k"]
    frame["Y"] = frame["cgdpo"] * frame["pl_gdpo"]
    frame["I"] = frame["csh_i"] * frame["cgdpo"] * frame["pl_i"]
    frame["delta_K"] = frame["delta"] * frame["K"]
    frame["alpha_Y"] = (1.0 - frame["labsh"]) * frame["Y"]
    frame["Y_alpha"] = frame["Y"].where(frame["labsh"].notna(), 0.0)
    sums = frame.groupby("region")[["K", "Y", "I", "delta_K", "alpha_Y", "Y_alpha"]].sum(min_count=1)
    missing = [region for region in regions if region not in sums.index]
    if missing:
        raise InputError(
            f"no country with a capital stock in region {missing[0]}", source="Penn World Table 10.01, 2019"
        )
    sums = sums.loc[regions]
    counts = frame.groupby("region").size().loc[regions]
    return pd.DataFrame(
        {
            "region": regions,
            "capital_output": (sums["K"] / sums["Y"]).to_numpy(),
            "investment_rate": (sums["I"] / sums["Y"]).to_numpy(),
            "depreciation": (sums["delta_K"] / sums["K"]).to_numpy(),
            "capital_share": (sums["alpha_Y"] / sums["Y_alpha"]).to_numpy(),
            "share_coverage": (sums["Y_alpha"] / sums["Y"]).to_numpy(),
            "members": counts.to_numpy(),
            "source": SOURCE,
        }
    )


def capital_2019(path: Path | None = None) -> xr.Dataset:
    """The 2019 capital accounts by region (``ACCOUNTS``, dims (country,)), from the packaged
    ``capital_2019.csv`` or the table at ``path``."""
    source = str(path or CAPITAL_FILE)
    with (path or resources.files(__package__).joinpath(CAPITAL_FILE)).open(encoding="utf-8") as handle:
        table = pd.read_csv(handle).set_index("region")
    bad = ~np.isfinite(table[list(ACCOUNTS)].to_numpy(dtype=float)) | (table[list(ACCOUNTS)] <= 0).to_numpy()
    if bad.any():
        row, column = (int(i) for i in np.argwhere(bad)[0])
        raise InputError(
            "a capital account is not a positive number",
            source=source,
            location=f"region {table.index[row]}, column {list(ACCOUNTS)[column]}",
            expected="a finite number above 0",
        )
    return xr.Dataset(
        {
            name: xr.DataArray(
                table[name].to_numpy(dtype=float),
                dims=COUNTRY,
                coords={COUNTRY: list(table.index)},
                attrs={"long_name": long_name, "source": SOURCE},
            )
            for name, long_name in ACCOUNTS.items()
        }
    )
