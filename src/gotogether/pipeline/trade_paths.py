"""The trade engine's yearly loops on plain arrays (issues 16 and 20): a path is one shock a year, solved
year after year; with dynamic channels on (diffusion of ideas ``pipeline.diffusion``, scale economies
``pipeline.scale``, capital ``pipeline.capital``), each year's equilibrium sets the next year's TFP.

Several paths advance together, and each year's equilibria of all of them are solved as one stack
(``engines.trade.entry.equilibria``: one vectorised fixed point, each equilibrium as it is alone up to
rounding), each warm-started from its own path's last year. A path without dynamic channels waits on no
earlier year, so all its years are solved in one stack from no change, and a year whose shock is the same
object as another year's is solved once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import xarray as xr

from gotogether.dims import COUNTRY, SECTOR, YEAR
from gotogether.engines.diffusion import DiffusionParameters
from gotogether.engines.trade import TradeBaseline, TradeEquilibrium, TradeShock
from gotogether.engines.trade import entry as trade_engine
from gotogether.engines.trade.arrays import ShockArrays
from gotogether.engines.trade.shock import PRODUCTIVITY_FLOOR, expand_shock
from gotogether.engines.trade.solver import Start
from gotogether.pipeline.capital import Accumulation, CapitalStock
from gotogether.pipeline.diffusion import Knowledge
from gotogether.pipeline.scale import Experience, ScaleParameters


@dataclass(frozen=True)
class YearShock:
    """One year of a path before its dynamic channels: the expanded shock (measures, and the year's TFP
    change from 5G, export controls and the measures), the disruption's TFP change (country, sector) if
    it hits that year, and whether to solve the year without it as well."""

    arrays: ShockArrays
    disruption: np.ndarray | None = None
    apart: bool = False


@dataclass(frozen=True)
class Dynamics:
    """The dynamic channels of a path (none: a sequence of static solves)."""

    diffusion: DiffusionParameters | None = None
    scale: ScaleParameters | None = None
    capital: Accumulation | None = None

    @property
    def on(self) -> bool:
        return not (self.diffusion is None and self.scale is None and self.capital is None)


@dataclass(frozen=True)
class Path:
    """One shock a year (``shocks``, for the calendar ``years``) and the dynamic channels."""

    shocks: Sequence[YearShock]
    years: Sequence[int]
    dynamics: Dynamics = Dynamics()


@dataclass(frozen=True)
class PathResult:
    """W_hat (country, year), W_hat with the disruption off (the same where it is not solved apart), and
    the TFP of each channel that is on in each year ((year, country, sector); capital: k_hat (year,
    country))."""

    welfare: np.ndarray
    apart: np.ndarray
    diffusion: np.ndarray | None = None
    scale: np.ndarray | None = None
    capital_stock: np.ndarray | None = None


def _with_productivity(baseline: TradeBaseline, arrays: ShockArrays, productivity: np.ndarray) -> ShockArrays:
    """``arrays`` with TFP change ``productivity``, checked as ``expand_shock`` checks a shock's (a bad
    cell is named)."""
    if not (np.isfinite(productivity).all() and productivity.min() >= PRODUCTIVITY_FLOOR):
        labels = {COUNTRY: baseline.countries, SECTOR: baseline.sectors}
        expand_shock(
            baseline, TradeShock(productivity=xr.DataArray(productivity, dims=tuple(labels), coords=labels))
        )
    return replace(arrays, productivity=productivity)


def _disrupted(baseline: TradeBaseline, year: YearShock, productivity: np.ndarray) -> list[ShockArrays]:
    """The year's shocks to solve at TFP ``productivity`` before the disruption: with it, then without it
    if it is solved apart."""
    if year.disruption is None:
        return [_with_productivity(baseline, year.arrays, productivity)]
    hit = _with_productivity(baseline, year.arrays, productivity * year.disruption)
    return [hit, _with_productivity(baseline, year.arrays, productivity)] if year.apart else [hit]


def _static(baseline: TradeBaseline, options: Mapping[str, Any], paths: Sequence[Path]) -> list[PathResult]:
    """Paths without dynamic channels: every distinct year of every path in one stack."""
    shocks: list[ShockArrays] = []
    slots: dict[int, list[int]] = {}
    for path in paths:
        for year in path.shocks:
            if id(year) not in slots:
                these = _disrupted(baseline, year, year.arrays.productivity)
                slots[id(year)] = list(range(len(shocks), len(shocks) + len(these)))
                shocks += these
    solved = trade_engine.equilibria(shocks, options, baseline)
    welfare_of = [equilibrium.arrays["welfare_change"][1] for equilibrium in solved]
    results = []
    for path in paths:
        welfare = np.stack([welfare_of[slots[id(year)][0]] for year in path.shocks], axis=1)
        apart = np.stack([welfare_of[slots[id(year)][-1]] for year in path.shocks], axis=1)
        results.append(PathResult(welfare, apart))
    return results


@dataclass(frozen=True)
class _State:
    """A dynamic path's channels this year and its last two equilibria (the next year's start)."""

    knowledge: Knowledge | None
    experience: Experience | None
    stock: CapitalStock | None
    previous: TradeEquilibrium | None = None
    before: TradeEquilibrium | None = None

    @classmethod
    def start(cls, dynamics: Dynamics, baseline: TradeBaseline) -> _State:
        return cls(
            None if dynamics.diffusion is None else Knowledge(dynamics.diffusion, baseline),
            None if dynamics.scale is None else Experience.start(dynamics.scale, baseline),
            None if dynamics.capital is None else CapitalStock.start(dynamics.capital),
        )

    def channels(self) -> dict[str, np.ndarray | None]:
        """This year's TFP (country, sector) from each channel that is on (``None``: 1)."""
        return {
            "diffusion": None if self.knowledge is None else self.knowledge.productivity,
            "scale": None if self.experience is None else self.experience.productivity,
            "capital": None if self.stock is None else self.stock.productivity,
        }

    def productivity(self, base: np.ndarray) -> np.ndarray:
        """``base`` TFP with this year's TFP from the channels multiplied in."""
        for productivity in self.channels().values():
            if productivity is not None:
                base = base * productivity
        return base

    def initial(self) -> Start | None:
        """Where this year's solve starts: last year's wages, prices and expenditure extrapolated on the
        line through the year before's (the channels move them smoothly: fewer iterations than from last
        year's alone), last year's after the first year."""
        if self.previous is None:
            return None
        last = [self.previous.arrays[name][1] for name in ("wage_change", "price_change", "expenditure")]
        if self.before is None:
            return last[0], last[1], last[2]
        first = [self.before.arrays[name][1] for name in ("wage_change", "price_change", "expenditure")]
        expenditure = 2.0 * last[2] - first[2]
        if (expenditure <= 0.0).any():  # a line through a collapse: start from last year's
            return last[0], last[1], last[2]
        return last[0] ** 2 / first[0], last[1] ** 2 / first[1], expenditure

    def following(self, equilibrium: TradeEquilibrium, year: int) -> _State:
        """Next year's channels from this ``year``'s equilibrium."""
        welfare = equilibrium.arrays["welfare_change"][1]
        return _State(
            None if self.knowledge is None else self.knowledge.following(equilibrium),
            None if self.experience is None else self.experience.following(equilibrium),
            None if self.stock is None else self.stock.following(welfare, year),
            equilibrium,
            self.previous,
        )


def _dynamic(baseline: TradeBaseline, options: Mapping[str, Any], paths: Sequence[Path]) -> list[PathResult]:
    """Paths with dynamic channels, a year at a time, each year's equilibria of all paths in one stack."""
    states = [_State.start(path.dynamics, baseline) for path in paths]
    n, j = baseline.arrays.va_share.shape
    size = len(paths[0].years)
    welfare, apart = np.empty((len(paths), n, size)), np.empty((len(paths), n, size))
    ones = np.ones((n, j))
    tracked = {name: np.empty((len(paths), size, n, j)) for name in ("diffusion", "scale")}
    capital = np.empty((len(paths), size, n))
    for position in range(size):
        shocks: list[ShockArrays] = []
        starts: list[Start | None] = []
        for k, (path, state) in enumerate(zip(paths, states, strict=True)):
            year = path.shocks[position]
            solved = _disrupted(baseline, year, state.productivity(year.arrays.productivity))
            shocks += solved
            starts += [state.initial()] * len(solved)
            channels = state.channels()
            for name in tracked:
                productivity = channels[name]
                tracked[name][k, position] = ones if productivity is None else productivity
            if state.stock is not None:
                capital[k, position] = state.stock.relative
        equilibria = iter(trade_engine.equilibria(shocks, options, baseline, starts))
        for k, (path, state) in enumerate(zip(paths, states, strict=True)):
            year = path.shocks[position]
            hit = next(equilibria)
            welfare[k, :, position] = hit.arrays["welfare_change"][1]
            without = next(equilibria) if year.disruption is not None and year.apart else hit
            apart[k, :, position] = without.arrays["welfare_change"][1]
            states[k] = state.following(hit, path.years[position])
    return [
        PathResult(
            welfare[k],
            apart[k],
            tracked["diffusion"][k] if path.dynamics.diffusion is not None else None,
            tracked["scale"][k] if path.dynamics.scale is not None else None,
            capital[k] if path.dynamics.capital is not None else None,
        )
        for k, path in enumerate(paths)
    ]


def solve_paths(
    baseline: TradeBaseline, options: Mapping[str, Any], paths: Sequence[Path]
) -> list[PathResult]:
    """Every path of ``paths`` on ``baseline`` with the trade solver's ``options`` (the dynamic ones over
    the same number of years)."""
    static = [k for k, path in enumerate(paths) if not path.dynamics.on]
    dynamic = [k for k, path in enumerate(paths) if path.dynamics.on]
    results: dict[int, PathResult] = {}
    if static:
        results |= dict(zip(static, _static(baseline, options, [paths[k] for k in static]), strict=True))
    if dynamic:
        results |= dict(zip(dynamic, _dynamic(baseline, options, [paths[k] for k in dynamic]), strict=True))
    return [results[k] for k in range(len(paths))]


def trade_path(
    baseline: TradeBaseline,
    shocks: Sequence[TradeShock],
    options: Mapping[str, Any],
    diffusion: DiffusionParameters | None,
    capital: Accumulation | None = None,
) -> tuple[xr.DataArray, xr.DataArray]:
    """Welfare change W_hat (country, year) and TFP from diffusion (country, sector, year) of one shock a
    year (years numbered from 0), with diffusion when ``diffusion`` is given and capital accumulation
    with ``capital`` (static solves otherwise, TFP from diffusion 1): the loop on its own, for properties
    and studies."""
    expanded = [YearShock(expand_shock(baseline, shock)) for shock in shocks]
    years = list(range(len(shocks)))
    path = Path(expanded, years, Dynamics(diffusion=diffusion, capital=capital))
    result = solve_paths(baseline, options, [path])[0]
    countries, sectors = list(baseline.countries), list(baseline.sectors)
    welfare = xr.DataArray(result.welfare, dims=(COUNTRY, YEAR), coords={COUNTRY: countries, YEAR: years})
    productivity = np.ones((len(years), len(countries), len(sectors)))
    if result.diffusion is not None:
        productivity = result.diffusion
    coords = {YEAR: years, COUNTRY: countries, SECTOR: sectors}
    tfp = xr.DataArray(productivity, dims=tuple(coords), coords=coords)
    return welfare.transpose(YEAR, COUNTRY), tfp
