"""Welfare over time, static and dynamic side by side (issue 16; docs/diffusion.md).

For each country n and year t to 2040, the equivalent variation EV[n, t] = (W_hat[n, t] - 1) GDP[n, t]
(``accounting.equivalent_variation``) of the static run (the trade engine's equilibrium each year) and of
the dynamic run (with diffusion of ideas through trade and scale economies in SEMI and TELEQ), and the
difference by channel, in sequence: ``trade`` is the static EV (terms and volume of trade, the measures,
5G's value: what the static model sees), ``diffusion`` the dynamic run without scale less the static (the
ideas lost or gained through the change of trade shares) and ``scale`` the dynamic run less the one without
scale (the learning lost or gained through the change of cumulative output). Investment is not modelled
yet. Present values in 2019 at the discount rate in force
(``who_pays.discount_rate``) and at the ends of its range.
"""

from __future__ import annotations

import pandas as pd
import xarray as xr

from gotogether.data.parameters import parameter_table
from gotogether.dims import COUNTRY, YEAR
from gotogether.pipeline.accounting import equivalent_variation, present_value
from gotogether.pipeline.run import HORIZON, TRADE_YEARS, ScenarioOutcome, dynamic_welfare_path, welfare_paths
from gotogether.pipeline.scale import scale_parameters
from gotogether.pipeline.who_pays import BASE_YEAR, DISCOUNT_RATE, MONEY, discount_rate

CHANNELS = {
    "trade": "Static trade equilibrium (measures, terms and volume of trade, 5G value)",
    "diffusion": "Diffusion of ideas through trade (dynamic without scale less static)",
    "scale": "Scale economies from cumulative output in SEMI and TELEQ (dynamic less dynamic without scale)",
}
"""The channels of the difference between the dynamic and static equivalent variations (with the static)."""
NOTES = (
    "Welfare paths run to 2040: after 2035 (the engines' last year) the measures, 5G's productivity and "
    "the disruption of 2035 hold, and GDP grows at each region's 2030-2035 average rate.",
    "The dynamic run adds diffusion of ideas through trade (Buera and Oberfield 2020) and scale economies "
    "from cumulative output in semiconductors and telecom equipment (Irwin and Klenow 1994); capital "
    "accumulation is not modelled yet.",
    "Scale: cumulative output is gross output deflated by the input bundle's cost, cumulated from 2019's "
    "output without weighting years by GDP growth; telecom equipment is given the semiconductors' "
    "learning rate.",
)
WORLD = "World"
RATE_ENDS = ("low", "high")


def gdp_path(outcome: ScenarioOutcome, years: tuple[int, ...] = HORIZON) -> xr.DataArray:
    """GDP (country, year) in billions of US dollars of 2019: 2019 GDP times the sourced growth to 2035,
    then each region's 2030-2035 average growth rate."""
    world = outcome.world
    regions = list(world.trade.countries)
    growth = world.growth.sel({COUNTRY: regions})
    last = TRADE_YEARS[-1]
    rate = (growth.sel({YEAR: last}) / growth.sel({YEAR: last - 5})) ** (1.0 / 5.0)
    index = xr.DataArray(list(years), dims=YEAR, coords={YEAR: list(years)})
    trend = growth.sel({YEAR: last}) * rate ** (index - last)
    extended = growth.reindex({YEAR: list(years)}).where(index <= last, trend)
    gdp: xr.DataArray = world.gdp_2019.sel({COUNTRY: regions}) * extended
    return gdp.transpose(COUNTRY, YEAR)


def welfare_over_time(outcome: ScenarioOutcome) -> xr.Dataset:
    """EV per country and year, static and dynamic, and the channels of their difference (``CHANNELS``),
    in billions of US dollars of 2019; the welfare changes and GDP they come from."""
    static, ideas, _ = welfare_paths(outcome)
    dynamic = dynamic_welfare_path(outcome, scale=scale_parameters(outcome.world.parameters))
    gdp = gdp_path(outcome)
    ev_static, ev_ideas, ev_dynamic = (equivalent_variation(w, gdp) for w in (static, ideas, dynamic))
    variables = {
        "ev_static": (ev_static, MONEY, "Equivalent variation, static model"),
        "ev_dynamic": (ev_dynamic, MONEY, "Equivalent variation, with diffusion of ideas and scale"),
        "trade": (ev_static, MONEY, CHANNELS["trade"]),
        "diffusion": (ev_ideas - ev_static, MONEY, CHANNELS["diffusion"]),
        "scale": (ev_dynamic - ev_ideas, MONEY, CHANNELS["scale"]),
        "welfare_static": (static, "ratio to the coordinated world", "Welfare change, static"),
        "welfare_dynamic": (
            dynamic,
            "ratio to the coordinated world",
            "Welfare change, with diffusion and scale",
        ),
        "gdp": (gdp, MONEY, "GDP"),
    }
    return xr.Dataset(
        {
            name: data.transpose(COUNTRY, YEAR).assign_attrs(units=units, long_name=long_name)
            for name, (data, units, long_name) in variables.items()
        },
        attrs={"base_year": BASE_YEAR, "discount_rate": discount_rate(outcome)},
    )


def discount_rates(outcome: ScenarioOutcome) -> dict[str, float]:
    """The rate in force (``central``) and the ends of the discount rate's range in the parameter table."""
    distribution = parameter_table()[DISCOUNT_RATE].distribution
    central = discount_rate(outcome)
    if distribution is None:
        return {"central": central, "low": central, "high": central}
    low, high = distribution.ends()
    return {"central": central, "low": low, "high": high}


def present_values(paths: xr.Dataset, rates: dict[str, float]) -> pd.DataFrame:
    """One row per region and the world: the present values of the static and dynamic EV and of the
    channels at the central rate, the static and dynamic ones at the ends of the rate's range, and the
    dynamic present value in % of that of GDP."""
    with_world = xr.concat([paths, paths.sum(COUNTRY).expand_dims({COUNTRY: [WORLD]})], dim=COUNTRY)
    columns: dict[str, pd.Series] = {}
    units: dict[str, str] = {}
    long_names: dict[str, str] = {}
    for name in ("ev_static", "ev_dynamic", *CHANNELS):
        column = f"{name}_pv"
        columns[column] = present_value(with_world[name], rates["central"], BASE_YEAR).to_series()
        units[column], long_names[column] = MONEY, f"{with_world[name].attrs['long_name']}, present value"
    for end in RATE_ENDS:
        for name in ("ev_static", "ev_dynamic"):
            column = f"{name}_pv_{end}_rate"
            columns[column] = present_value(with_world[name], rates[end], BASE_YEAR).to_series()
            units[column] = MONEY
            long_names[column] = f"{with_world[name].attrs['long_name']}, present value at {rates[end]:.1%}"
    gdp_pv = present_value(with_world["gdp"], rates["central"], BASE_YEAR).to_series()
    columns["ev_dynamic_pv_pct_gdp"] = 100.0 * columns["ev_dynamic_pv"] / gdp_pv
    units["ev_dynamic_pv_pct_gdp"] = "% of the present value of GDP"
    long_names["ev_dynamic_pv_pct_gdp"] = (
        "Equivalent variation with diffusion and scale, % of GDP (present values)"
    )
    table = pd.DataFrame(columns)
    table.index.name = COUNTRY
    table.attrs = {"units": units, "long_names": long_names, "rates": rates}
    return table
