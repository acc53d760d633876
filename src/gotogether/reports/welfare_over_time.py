"""Welfare over time to 2040, static and dynamic (diffusion of ideas, scale, capital) side by side (issue 16).

Reads ``welfare_over_time_pv`` (scenario, country: present values of the static and dynamic equivalent
variation and of the channels of their difference) and ``welfare_over_time`` (scenario, country, year).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from gotogether.reports.html import Section
from gotogether.reports.rendering import render

WORLD = "World"
YEARS = (2025, 2030, 2035, 2040)
MOST_HIT = 3
"""Regions listed as losing most from diffusion, per scenario."""


EV = ("ev_static", "ev_dynamic")


def _money(value: float) -> str:
    return f"{value:+,.0f}"


def _floats(row: pd.Series) -> dict[str, float]:
    return {str(name): float(value) for name, value in row.items() if isinstance(value, (int, float))}


def _range(world: Mapping[str, float], name: str) -> str:
    """The present values at the high and the low ends of the discount rate's range."""
    return f"{_money(world[f'{name}_pv_high_rate'])} to {_money(world[f'{name}_pv_low_rate'])}"


def welfare_over_time_section(
    present: pd.DataFrame,
    by_year: pd.DataFrame,
    rates: Mapping[str, Mapping[str, float]],
    notes: Sequence[str],
) -> Section:
    """One row per scenario: world EV in present value, static and dynamic (at the central rate and the
    ends of its range), the diffusion, scale and investment channels, the world's EV in % of GDP in some
    years, and the regions that lose most from diffusion."""
    rows: list[dict[str, Any]] = []
    for scenario, table in present.groupby("scenario", sort=False):
        world = _floats(table[table["country"] == WORLD].iloc[0])
        regions = table[table["country"] != WORLD].set_index("country")["diffusion_pv"]
        most = regions.nsmallest(MOST_HIT)
        mine = by_year[by_year["scenario"] == scenario]
        sums = mine.groupby("year")[["ev_static", "ev_dynamic", "gdp"]].sum()
        percent = {name: (100.0 * sums[name] / sums["gdp"]).to_dict() for name in EV}
        share = {int(year): {name: float(percent[name][year]) for name in EV} for year in sums.index}
        rows.append(
            {
                "scenario": str(scenario),
                "static": _money(world["ev_static_pv"]),
                "dynamic": _money(world["ev_dynamic_pv"]),
                "static_range": _range(world, "ev_static"),
                "dynamic_range": _range(world, "ev_dynamic"),
                "diffusion": _money(world["diffusion_pv"]),
                "scale": _money(world["scale_pv"]),
                "investment": _money(world["investment_pv"]),
                "paths": [
                    {"year": year, **{name: f"{share[year][name]:+.2f}" for name in EV}}
                    for year in YEARS
                    if year in share
                ],
                "most_hit": ", ".join(f"{region} {_money(float(value))}" for region, value in most.items()),
                "rate": rates.get(str(scenario), {}),
            }
        )
    intro = (
        "The equivalent variation of the world to 2040 in billions of US dollars of 2019, in present value "
        "in 2019: the static model (each year's trade equilibrium) and the dynamic one (productivity also "
        "grows from the ideas embodied in what each country buys, Buera and Oberfield 2020, and from "
        "cumulative output in semiconductors and telecom equipment, Irwin and Klenow 1994, and capital "
        "accumulates from savings, which follow income, less the extra 5G capex they pay for, Solow 1956). "
        "Their difference is the diffusion channel plus the scale channel plus the investment channel."
    )
    return Section(
        "welfare-over-time",
        "Welfare over time: static and dynamic",
        intro=intro,
        html=render("welfare_over_time.html.j2", rows=rows, notes=list(notes)),
    )
