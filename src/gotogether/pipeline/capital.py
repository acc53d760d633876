"""Capital accumulation in the dynamic path's yearly trade loop (issue 16; docs/capital.md).

Solow (1956) in every region n, one step a year, with the savings rate s_n, the depreciation rate delta_n and
capital's share alpha_n of value added of 2019 (Penn World Table 10.01, ``data.default_world.capital2019``):

    K_n,t+1 = (1 - delta_n) K_n,t + s_n Y_n,t - c X_n,t

X_n,t is the scenario's 5G capex (new sites and replacement) over the coordinated world's: spending on the
network that the savings would otherwise have put into other capital (its returns are 5G's value, counted
in the trade channel), so a share c of it (``capital.crowding_out``) displaces other investment.

The coordinated world is the dynamic baseline: GDP Y^b along the sourced growth paths (``baseline_gdp``)
and capital K^b accumulated from its investment, starting at 2019's capital-output ratio. The trade engine
works in changes against it, so the loop carries k_hat = K / K^b; with y_hat the year's change in real
income (the equilibrium's W_hat, investment being a fixed share of it),

    k_hat_t+1 = k_hat_t + iota_t (y_hat_t - k_hat_t) - x_t,
    iota_t = s Y^b_t / K^b_t+1,  x_t = c X_t / K^b_t+1

A region's value added is K^alpha L^(1 - alpha): a change k_hat of capital is a change k_hat^alpha of its
primary factor in efficiency units, which is, for sector j with value-added share gamma_nj, the Hicks-neutral
TFP change k_hat^(alpha_n gamma_nj) the trade engine takes (its wage is then per worker, its income w L the
whole value added). ``CapitalStock`` carries k_hat from one year to the next like ``Knowledge`` carries the
stocks of knowledge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import xarray as xr

from gotogether.caching import KeptByIdentity
from gotogether.dims import COUNTRY, YEAR
from gotogether.engines.rollout.result import RolloutResult, extra_capex
from gotogether.engines.trade import TradeBaseline
from gotogether.pipeline.world import World

CROWDING_OUT = "capital.crowding_out"
PRICE_LEVEL_2020 = "who_pays.price_level_2020"
"""US dollars of 2020 (the rollout's) per US dollar of 2019 (the GDP's), as who pays converts them."""


def solow_accumulation(
    capital: np.ndarray,
    output: np.ndarray,
    investment_rate: np.ndarray,
    depreciation: np.ndarray,
    displaced: np.ndarray | float = 0.0,
) -> np.ndarray:
    """Next year's capital, K' = (1 - delta) K + s Y - X, with ``displaced`` X the investment that does not
    add to the stock."""
    result: np.ndarray = (1.0 - depreciation) * capital + investment_rate * output - displaced
    return result


def baseline_capital(
    capital_output: np.ndarray, output: np.ndarray, investment_rate: np.ndarray, depreciation: np.ndarray
) -> np.ndarray:
    """The dynamic baseline's capital K^b (country, year) for the years of ``output`` Y^b (country, year)
    and the one after: K^b_0 = (K/Y) Y^b_0, then ``solow_accumulation``."""
    capital = np.empty((output.shape[0], output.shape[1] + 1))
    capital[:, 0] = capital_output * output[:, 0]
    for year in range(output.shape[1]):
        capital[:, year + 1] = solow_accumulation(
            capital[:, year], output[:, year], investment_rate, depreciation
        )
    return capital


def balanced_growth_capital_output(
    investment_rate: np.ndarray | float, growth: np.ndarray | float, depreciation: np.ndarray | float
) -> np.ndarray | float:
    """K/Y on a balanced growth path where output grows at ``growth`` a year: s / (g + delta), the fixed
    point of K'/Y' = ((1 - delta) K/Y + s) / (1 + g)."""
    ratio: np.ndarray | float = investment_rate / (growth + depreciation)
    return ratio


def relative_accumulation(
    relative_capital: np.ndarray,
    relative_income: np.ndarray,
    investment_share: np.ndarray,
    displaced: np.ndarray,
) -> np.ndarray:
    """k_hat_t+1 = k_hat_t + iota_t (y_hat_t - k_hat_t) - x_t: ``solow_accumulation`` divided by the
    baseline's K^b_t+1 (written so that k_hat = y_hat = 1 and x = 0 give 1 exactly)."""
    gap = relative_income - relative_capital
    result: np.ndarray = relative_capital + investment_share * gap - displaced
    return result


def relative_steady_state(
    relative_income: np.ndarray | float, investment_share: np.ndarray | float, displaced: np.ndarray | float
) -> np.ndarray | float:
    """Where ``relative_accumulation`` goes if y_hat, iota and x lasted: k_hat = y_hat - x / iota."""
    level: np.ndarray | float = relative_income - displaced / investment_share
    return level


def capital_productivity(
    relative_capital: np.ndarray, capital_share: np.ndarray, va_share: np.ndarray
) -> np.ndarray:
    """The TFP change (country, sector) equivalent to capital k_hat (country): k_hat^(alpha_n gamma_nj)."""
    result: np.ndarray = relative_capital[:, None] ** (capital_share[:, None] * va_share)
    return result


def baseline_gdp(gdp_2019: xr.DataArray, growth: xr.DataArray, years: Sequence[int]) -> xr.DataArray:
    """GDP (country, year) of the dynamic baseline in billions of US dollars of 2019: 2019 GDP times the
    sourced growth (to the last year of ``growth``), then each region's average growth over the last five of
    them."""
    last = int(growth[YEAR].max())
    rate = (growth.sel({YEAR: last}) / growth.sel({YEAR: last - 5})) ** (1.0 / 5.0)
    index = xr.DataArray(list(years), dims=YEAR, coords={YEAR: list(years)})
    trend = growth.sel({YEAR: last}) * rate ** (index - last)
    extended = growth.reindex({YEAR: list(years)}).where(index <= last, trend)
    gdp: xr.DataArray = gdp_2019.sel({COUNTRY: growth[COUNTRY]}) * extended
    return gdp.transpose(COUNTRY, YEAR)


def extra_investment(
    scenario: RolloutResult, reference: RolloutResult, price_level_2020: float, years: Sequence[int]
) -> xr.DataArray:
    """The scenario's 5G capex (new sites and replacement) over the reference's (country, year), billions
    of US dollars of 2019, on ``years``: zero before the rollout's first year, its last year's after."""
    capex = extra_capex(scenario, reference)
    rollout_years = [int(year) for year in capex.indexes[YEAR]]
    last = max(rollout_years)
    held = (capex.values / (1e9 * price_level_2020))[:, [rollout_years.index(min(y, last)) for y in years]]
    before = np.asarray(years) < min(rollout_years)
    extra = np.where(before[None, :], 0.0, held)
    return xr.DataArray(
        extra, dims=(COUNTRY, YEAR), coords={COUNTRY: capex.indexes[COUNTRY], YEAR: list(years)}
    )


@dataclass(frozen=True)
class Accumulation:
    """What the yearly loop needs for each year t of ``years`` (the base year first): iota_t and x_t
    (country, year), and the exponents alpha_n gamma_nj (country, sector) of the TFP from capital."""

    baseline: TradeBaseline
    years: tuple[int, ...]
    investment_share: np.ndarray
    displaced: np.ndarray
    capital_share: np.ndarray

    def step(self, relative_capital: np.ndarray, relative_income: np.ndarray, year: int) -> np.ndarray:
        """k_hat_t+1 from k_hat_t and y_hat_t of ``year`` t."""
        column = self.years.index(year)
        return relative_accumulation(
            relative_capital, relative_income, self.investment_share[:, column], self.displaced[:, column]
        )


def accumulation(
    baseline: TradeBaseline,
    accounts: xr.Dataset,
    gdp: xr.DataArray,
    extra: xr.DataArray,
    crowding_out: float,
) -> Accumulation:
    """The yearly loop's ``Accumulation`` on the years of ``gdp`` Y^b (country, year, the base year first),
    with the 2019 capital ``accounts`` by region (``capital2019.ACCOUNTS``) and the ``extra`` 5G investment
    X (country, year, billions like ``gdp``), of which the share ``crowding_out`` displaces other
    investment."""
    countries = tuple(baseline.countries)
    years, investment_share, capital, capital_share = _ACCOUNTS.get(
        (accounts, gdp), lambda: _baseline_accounts(countries, accounts, gdp), extra=countries
    )
    rows = extra.indexes[COUNTRY].get_indexer(list(baseline.countries))  # -1: no 5G capex there
    columns = extra.indexes[YEAR].get_indexer(list(years))
    if (columns < 0).any():
        raise ValueError(f"the extra investment has no value for some of the years {years}")
    values = extra.transpose(COUNTRY, YEAR).values[:, columns]
    extra_values = np.where(rows[:, None] >= 0, values[rows], 0.0)
    return Accumulation(
        baseline, years, investment_share, crowding_out * extra_values / capital, capital_share
    )


_Accounts = tuple[tuple[int, ...], np.ndarray, np.ndarray, np.ndarray]


def _baseline_accounts(countries: tuple[str, ...], accounts: xr.Dataset, gdp: xr.DataArray) -> _Accounts:
    """The scenario-free part of ``accumulation``: the years, iota_t, the baseline's K^b_t+1 (country, year)
    and alpha_n, in the order of the trade baseline's ``countries``."""
    regions = {COUNTRY: list(countries)}
    account = {name: accounts[name].sel(regions).values for name in accounts.data_vars}
    output = gdp.sel(regions).transpose(COUNTRY, YEAR).values
    capital = baseline_capital(
        account["capital_output"], output, account["investment_rate"], account["depreciation"]
    )
    years = tuple(int(year) for year in gdp[YEAR].values)
    investment_share = account["investment_rate"][:, None] * output / capital[:, 1:]
    return years, investment_share, capital[:, 1:], account["capital_share"]


_ACCOUNTS: KeptByIdentity[_Accounts] = KeptByIdentity(8)
"""``_baseline_accounts`` by its sources and the trade baseline's countries (all it reads of the baseline,
whose other arrays a draw's sampled theta changes): every scenario of a run, and every draw, shares them."""
_GDP: KeptByIdentity[xr.DataArray] = KeptByIdentity(8)
"""``baseline_gdp`` of a world's GDP and growth by span of years: every scenario of a draw shares it."""


def capital_accumulation(
    world: World, scenario: RolloutResult, reference: RolloutResult, years: Sequence[int]
) -> Accumulation:
    """The ``Accumulation`` of a scenario whose rollout is ``scenario`` against the ``reference`` rollout on
    ``world`` (its capital accounts, growth paths and ``capital.crowding_out``), from 2019 to the last of
    ``years``."""
    base_year = int(world.growth[YEAR].min())
    span = tuple(range(base_year, max(years) + 1))
    sources = (world.gdp_2019, world.growth)
    gdp = _GDP.get(sources, lambda: baseline_gdp(world.gdp_2019, world.growth, span), extra=span)
    extra = extra_investment(scenario, reference, world.parameters[PRICE_LEVEL_2020], span)
    return accumulation(world.trade, world.capital, gdp, extra, world.parameters[CROWDING_OUT])


@dataclass(frozen=True)
class CapitalStock:
    """k_hat (country) this year and the TFP it gives (``None`` while k_hat is 1: the dynamic baseline)."""

    accumulation: Accumulation
    relative: np.ndarray
    productivity: np.ndarray | None = None  # (country, sector), the baseline's order

    @classmethod
    def start(cls, accumulation: Accumulation) -> CapitalStock:
        """The stock of the year after the base year: the base year's investment displaced by its extra
        5G capex, income unchanged."""
        ones = np.ones(len(accumulation.baseline.countries))
        return cls(accumulation, ones).with_relative(accumulation.step(ones, ones, accumulation.years[0]))

    def with_relative(self, relative: np.ndarray) -> CapitalStock:
        """This stock with k_hat ``relative`` and its TFP."""
        if (relative == 1.0).all():
            return replace(self, relative=relative, productivity=None)
        va_share = self.accumulation.baseline.arrays.va_share
        tfp = capital_productivity(relative, self.accumulation.capital_share, va_share)
        return replace(self, relative=relative, productivity=tfp)

    def following(self, income: np.ndarray, year: int) -> CapitalStock:
        """Next year's stock from this ``year``'s change in real income y_hat (country: the equilibrium's
        W_hat), of which the savings rate is invested."""
        return self.with_relative(self.accumulation.step(self.relative, income, year))
