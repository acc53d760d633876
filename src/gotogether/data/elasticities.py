"""Sector trade elasticities (theta): Caliendo and Parro (2015) estimates mapped onto table sectors.

The parameter table holds CP's 20 traded-sector estimates (their replication file T.txt) and 8.22, the
paper's value for services, as the defaults of ``trade.theta.<CP sector>``.
``classifications/wiod2013_cp2015_concordance.csv`` maps each WIOD 2013 industry to one or more CP sectors
with weights (equal weights where an industry spans several CP sectors, e.g. c14 electrical and optical
equipment = office, electrical, communication and medical equipment). Aggregated sectors take the mean of
their industries' theta weighted by world gross output.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import pandas as pd

from gotogether.data.classifications import read_classification
from gotogether.data.parameters import parameter_table
from gotogether.errors import InputError

THETA = "trade.theta."
"""Prefix of the trade elasticities in the parameter table."""


def cp2015_elasticities() -> pd.Series:
    """Theta by Caliendo-Parro sector (20 traded sectors and ``Services``): the parameter table's defaults."""
    table = parameter_table()
    theta = {
        name.removeprefix(THETA): float(p.default)
        for name, p in table.items()
        if name.startswith(THETA) and p.default is not None
    }
    return pd.Series(theta, name="theta").rename_axis("cp_sector")


def wiod2013_elasticities() -> pd.Series:
    """Theta by WIOD 2013 industry (c1..c35): the weighted mean over the CP sectors it maps to."""
    concordance = read_classification("wiod2013_cp2015_concordance")
    theta = cp2015_elasticities()
    unknown = sorted(set(concordance["cp_sector"]) - set(theta.index))
    if unknown:
        raise InputError(f"unknown CP sectors {unknown}", source="wiod2013_cp2015_concordance.csv")
    weight = concordance["weight"].astype(float)
    weighted = concordance.assign(w=weight, wt=weight * theta.reindex(concordance["cp_sector"]).to_numpy())
    sums = weighted.groupby("wiod_code", sort=False)[["w", "wt"]].sum()
    return (sums["wt"] / sums["w"]).rename("theta")


def aggregate_elasticities(
    theta: pd.Series,
    mapping: Mapping[str, str] | Mapping[int, str],
    weights: pd.Series,
    *,
    mean: Literal["arithmetic", "harmonic"] = "harmonic",
) -> pd.Series:
    """Theta of aggregated sectors over the sectors mapped to each (``mapping``: fine -> aggregated sector;
    ``weights`` e.g. world gross output by fine sector).

    ``harmonic``: 1/theta is the ``weights``-weighted mean of 1/theta. Welfare and the gains from trade go
    with 1/theta (Arkolakis, Costinot and Rodriguez-Clare 2012), so this keeps an aggregate's gains those of
    its parts; ``arithmetic`` (the weighted mean of theta) is kept only to rebuild the 2011 world as shipped.
    """
    frame = pd.DataFrame({"theta": theta, "weight": weights.reindex(theta.index)})
    frame["group"] = [mapping[sector] for sector in frame.index]
    frame["value"] = 1.0 / frame["theta"] if mean == "harmonic" else frame["theta"]
    frame["product"] = frame["value"] * frame["weight"]
    sums = frame.groupby("group", sort=False)[["product", "weight"]].sum()
    average = sums["product"] / sums["weight"]
    return (1.0 / average if mean == "harmonic" else average).rename("theta")
