"""The 2019 world against the figures it is built to match: GDP by region and electronics output shares.

Value added by region is fitted to GDP 2019 (World Bank WDI; Taiwan: Penn World Table 10.01), tolerance 2
percentage points; the shares of world semiconductor and telecom-equipment output of the regions with their
own sourced figure are fitted into a sourced range (``default_world/electronics_shares_2019.csv``), each
row being the range's midpoint with half its width as tolerance. Taiwan's telecom-equipment share has no
sourced figure and is reported for information.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

from gotogether.data.default_world import gdp_2019, load_default_world
from gotogether.validation.rows import ValidationRow

CASE = "world-2019"
_CHECKED = (
    ("SEMI", "CHN"),
    ("SEMI", "TWN"),
    ("SEMI", "KOR"),
    ("SEMI", "JPN"),
    ("TELEQ", "CHN"),
    ("TELEQ", "USA"),
)


def world_2019_rows() -> list[ValidationRow]:
    """One row per region (value added vs GDP, %) and per sourced electronics share (%)."""
    world = load_default_world("2019")
    value_added = world.va.sum(axis=0).groupby(level="region").sum()
    gdp = gdp_2019().to_series()
    rows = [
        ValidationRow(
            case=CASE,
            country=region,
            quantity="value added 2019 vs GDP 2019 (% gap)",
            published=0.0,
            ours=100.0 * (float(value_added.loc[region]) / float(gdp.loc[region]) - 1.0),
            tolerance=2.0,
        )
        for region in world.regions
    ]
    output = world.x.unstack("sector")[["SEMI", "TELEQ"]]  # noqa: PD010
    share = (100.0 * output / output.sum()).to_dict()  # sector -> region -> %
    package = resources.files("gotogether.data.default_world")
    with package.joinpath("electronics_shares_2019.csv").open(encoding="utf-8") as handle:
        table = pd.read_csv(handle)
    ranges = {
        (str(sector), str(group)): (100.0 * float(low), 100.0 * float(high))
        for sector, group, low, high in zip(
            table["sector"], table["group"], table["low"], table["high"], strict=True
        )
    }
    for sector, region in _CHECKED:
        low, high = ranges[(sector, region)]
        rows.append(
            ValidationRow(
                case=CASE,
                country=region,
                quantity=f"{sector} share of world output (%), sourced range {low:.1f}-{high:.1f}",
                published=(low + high) / 2.0,
                ours=float(share[sector][region]),
                tolerance=(high - low) / 2.0 + 1e-9,
            )
        )
    rows.append(
        ValidationRow(
            case=CASE,
            country="TWN",
            quantity="TELEQ share of world output (%), no sourced figure (assumption 1-8)",
            published=None,
            ours=float(share["TELEQ"]["TWN"]),
            tolerance=0.0,
        )
    )
    return rows
