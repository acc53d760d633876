"""Welfare over time, static and dynamic side by side (issue 16; docs/diffusion.md).

For each country n and year t to 2040, the equivalent variation EV[n, t] = (W_hat[n, t] - 1) GDP[n, t]
(``accounting.equivalent_variation``) of the static run (the trade engine's equilibrium each year) and of
the dynamic run (with diffusion of ideas through trade, scale economies in SEMI and TELEQ and capital
accumulation), and the difference by channel, in sequence: ``trade`` is the static EV (terms and volume of
trade, the measures, 5G's value: what the static model sees), ``diffusion`` the dynamic run without scale
and capital less the static (the ideas lost or gained through the change of trade shares), ``scale`` the
dynamic run without capital less the one without scale (the learning lost or gained through the change of
cumulative output) and ``investment`` the dynamic run less the one without capital (the capital lost or
gained as savings follow income and extra 5G capex displaces other investment, ``pipeline.capital``).
Present values in 2019 at the discount rate in force (``who_pays.discount_rate``) and at the ends of its
range.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import xarray as xr

from gotogether.data.parameters import parameter_table
from gotogether.dims import COUNTRY, YEAR
from gotogether.pipeline.accounting import equivalent_variation, present_value
from gotogether.pipeline.capital import baseline_gdp, capital_accumulation
from gotogether.pipeline.run import HORIZON, ScenarioOutcome, Variant, welfare_paths_together
from gotogether.pipeline.scale import scale_parameters
from gotogether.pipeline.who_pays import BASE_YEAR, DISCOUNT_RATE, MONEY, discount_rate

CHANNELS = {
    "trade": "Static trade equilibrium (measures, terms and volume of trade, 5G value)",
    "diffusion": "Diffusion of ideas through trade (dynamic without scale less static)",
    "scale": "Scale economies from cumulative output in SEMI and TELEQ (dynamic without capital less "
    "dynamic without scale)",
    "investment": "Capital accumulation: savings follow income, extra 5G capex displaces other investment "
    "(dynamic less dynamic without capital)",
}
"""The channels of the difference between the dynamic and static equivalent variations (with the static)."""
NOTES = (
    "Welfare paths run to 2040: after 2035 (the engines' last year) the measures, 5G's productivity and "
    "the disruption of 2035 hold, and GDP grows at each region's 2030-2035 average rate.",
    "The dynamic run adds diffusion of ideas through trade (Buera and Oberfield 2020), scale economies "
    "from cumulative output in semiconductors and telecom equipment (Irwin and Klenow 1994) and capital "
    "accumulation (Solow 1956; savings rates, depreciation, capital-output ratios and capital's share of "
    "2019 from the Penn World Table 10.01).",
    "Capital: each region saves a fixed share of its real income (the equilibrium's W_hat); the scenario's "
    "extra 5G capex displaces other investment (capital.crowding_out), its returns being 5G's value in the "
    "trade channel; capital's share of value added is the same in every sector of a region; capital and "
    "GDP at market prices are the Penn World Table's at current PPPs times their price levels; after 2035 "
    "the extra capex of 2035 holds.",
    "Scale: cumulative output is gross output deflated by the input bundle's cost, cumulated from 2019's "
    "output without weighting years by GDP growth; telecom equipment is given the semiconductors' "
    "learning rate.",
)
WORLD = "World"
RATE_ENDS = ("low", "high")


def gdp_path(outcome: ScenarioOutcome, years: tuple[int, ...] = HORIZON) -> xr.DataArray:
    """GDP (country, year) in billions of US dollars of 2019: 2019 GDP times the sourced growth to 2035,
    then each region's 2030-2035 average growth rate (the dynamic baseline's, ``capital.baseline_gdp``)."""
    world = outcome.world
    growth = world.growth.sel({COUNTRY: list(world.trade.countries)})
    return baseline_gdp(world.gdp_2019, growth, years)


def welfare_over_time(outcome: ScenarioOutcome) -> xr.Dataset:
    """EV per country and year, static and dynamic, and the channels of their difference (``CHANNELS``),
    in billions of US dollars of 2019; the welfare changes and GDP they come from."""
    return welfare_over_time_of([outcome])[0]


def _variants(outcome: ScenarioOutcome) -> list[Variant]:
    """The dynamic paths of ``welfare_over_time``: diffusion, then with scale, then with capital too."""
    scale = scale_parameters(outcome.world.parameters)
    capital = capital_accumulation(outcome.world, outcome.rollout, outcome.reference.rollout, HORIZON)
    return [(None, None), (scale, None), (scale, capital)]


def welfare_over_time_of(outcomes: Sequence[ScenarioOutcome]) -> list[xr.Dataset]:
    """``welfare_over_time`` of each of ``outcomes``, the welfare paths of all of them solved together
    (``run.welfare_paths_together``)."""
    requests = [(outcome, _variants(outcome)) for outcome in outcomes]
    return [
        _tables(outcome, static, dynamic)
        for outcome, (static, dynamic) in zip(outcomes, welfare_paths_together(requests), strict=True)
    ]


def _tables(outcome: ScenarioOutcome, static: xr.DataArray, dynamic_paths: list[xr.DataArray]) -> xr.Dataset:
    """``welfare_over_time`` from the static path and the three dynamic ones of ``_variants``."""
    ideas, learned, dynamic = dynamic_paths
    gdp = gdp_path(outcome)
    ev_static, ev_ideas, ev_learned, ev_dynamic = (
        equivalent_variation(w, gdp) for w in (static, ideas, learned, dynamic)
    )
    variables = {
        "ev_static": (ev_static, MONEY, "Equivalent variation, static model"),
        "ev_dynamic": (ev_dynamic, MONEY, "Equivalent variation, with diffusion of ideas, scale and capital"),
        "trade": (ev_static, MONEY, CHANNELS["trade"]),
        "diffusion": (ev_ideas - ev_static, MONEY, CHANNELS["diffusion"]),
        "scale": (ev_learned - ev_ideas, MONEY, CHANNELS["scale"]),
        "investment": (ev_dynamic - ev_learned, MONEY, CHANNELS["investment"]),
        "welfare_static": (static, "ratio to the coordinated world", "Welfare change, static"),
        "welfare_dynamic": (
            dynamic,
            "ratio to the coordinated world",
            "Welfare change, with diffusion, scale and capital",
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
        "Equivalent variation with diffusion, scale and capital, % of GDP (present values)"
    )
    table = pd.DataFrame(columns)
    table.index.name = COUNTRY
    table.attrs = {"units": units, "long_names": long_names, "rates": rates}
    return table
