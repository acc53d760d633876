"""Solve the trade model on labelled data: ``solve(baseline, shock) -> TradeEquilibrium``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import xarray as xr

from gotogether.caching import KeptByIdentity
from gotogether.dims import COUNTRY, EXPORTER, IMPORTER, SECTOR
from gotogether.engines.trade.arrays import (
    BaselineArrays,
    Routes,
    ShockArrays,
    equilibrium_variables,
    problem,
    route_kernels,
)
from gotogether.engines.trade.arrays import is_nil as arrays_nil
from gotogether.engines.trade.baseline import TradeBaseline
from gotogether.engines.trade.shock import TradeShock, expand_shock
from gotogether.engines.trade.solver import Problem, Solution, Start, solve_problems

UNITS = {
    "wage_change": "ratio to the baseline",
    "income_change": "ratio to the baseline",
    "price_change": "ratio to the baseline",
    "cost_change": "ratio to the baseline",
    "price_index_change": "ratio to the baseline",
    "welfare_change": "ratio to the baseline",
    "real_wage_change": "ratio to the baseline",
    "trade_share": "share of the importer's expenditure",
    "tariff": "ad-valorem rate",
}
"""Units of the variables that are not levels in the baseline's unit (``value_added``, ``income``,
``flows``, ``expenditure``, ``deficit`` are)."""


@dataclass(frozen=True)
class TradeEquilibrium:
    """A solved counterfactual. ``data`` holds, labelled by country / sector / importer / exporter:

    - ``wage_change`` w_hat, ``value_added`` w_hat wL, ``income`` I' and ``income_change`` I'/I (country);
    - ``price_change`` P_hat^j and ``cost_change`` c_hat^j (country, sector);
    - ``price_index_change`` P_hat = prod_j (P_hat^j)^alpha^j (country);
    - ``welfare_change`` W_hat = I_hat / P_hat, the exact change in real income, and
      ``real_wage_change`` w_hat / P_hat (country);
    - ``trade_share`` pi', ``flows`` X' pi' / (1 + tau') net of tariffs, ``tariff`` tau'
      (importer, exporter, sector); ``expenditure`` X' (country, sector); ``deficit`` D' (country).

    Changes are ratios (1.0 = no change); levels are in the baseline's unit. ``eq[name]`` labels one
    variable; ``data`` labels them all (built on first use, as most callers read a few).
    """

    arrays: Mapping[str, tuple[tuple[str, ...], np.ndarray]]
    baseline: TradeBaseline
    iterations: int
    residual: float

    @cached_property
    def data(self) -> xr.Dataset:
        base = self.baseline.data
        level = str(base.attrs.get("unit") or "the baseline's currency unit")
        data = xr.Dataset(
            dict(self.arrays),
            coords={name: base.indexes[name] for name in (COUNTRY, SECTOR, IMPORTER, EXPORTER)},
            attrs={"unit": level, "iterations": self.iterations},
        )
        for name in data.data_vars:  # on the variables: a DataArray per name costs as much as the Dataset
            data.variables[name].attrs["units"] = UNITS.get(str(name), level)
        return data

    def __getitem__(self, name: str) -> xr.DataArray:
        if "data" in self.__dict__:
            return self.data[name]
        dims, values = self.arrays[name]
        indexes = self.baseline.data.indexes
        return xr.DataArray(values, dims=dims, coords={dim: indexes[dim] for dim in dims}, name=name)

    def as_baseline(self) -> TradeBaseline:
        """This equilibrium as the baseline of further counterfactuals (exact hat algebra re-based)."""
        base = self.baseline.data
        data = base.assign(
            {name: self[name] for name in ("expenditure", "trade_share", "tariff", "value_added", "deficit")}
        )
        return TradeBaseline.from_dataset(data, source="re-based equilibrium")


def build_problem(baseline: TradeBaseline, shock: ShockArrays) -> Problem:
    """The solver's arrays for ``shock`` applied to ``baseline`` (``arrays.problem``)."""
    return problem(baseline.arrays, shock)


def is_nil(baseline: TradeBaseline, shock: ShockArrays) -> bool:
    """Whether ``shock`` changes nothing (``arrays.is_nil``)."""
    return arrays_nil(baseline.arrays, shock)


def unchanged(baseline: TradeBaseline, residual: float) -> TradeEquilibrium:
    """The baseline itself as the equilibrium of a nil shock: every change exactly 1, every level the
    baseline's (copies, so that changing the result leaves the baseline alone). Only valid for a baseline
    that is an equilibrium, with trade-balance ``residual``."""
    n, j = baseline["va_share"].shape
    arrays = baseline.arrays.unshocked()
    solution = Solution(
        wage_change=np.ones(n),
        price_change=np.ones((n, j)),
        cost_change=np.ones((n, j)),
        trade_share=baseline["trade_share"].values.copy(),
        expenditure=baseline["expenditure"].values.copy(),
        income=baseline.income.copy(),
        iterations=0,
        residual=residual,
    )
    return TradeEquilibrium(
        arrays=equilibrium_variables(baseline.arrays, arrays, solution),
        baseline=baseline,
        iterations=0,
        residual=residual,
    )


def solve(
    baseline: TradeBaseline,
    shock: TradeShock | None = None,
    *,
    tolerance: float = 1e-10,
    step_tolerance: float = 1e-8,
    max_iterations: int = 500,
    warm_start: xr.Dataset | None = None,
) -> TradeEquilibrium:
    """Solve the Caliendo-Parro (2015) equilibrium in changes for ``shock`` relative to ``baseline``.

    ``tolerance`` bounds the trade-balance residual relative to world value added, ``step_tolerance`` the
    last step of every unknown (in logs for wages and prices, so about the relative error of results);
    ``warm_start`` starts from a previous equilibrium of the same baseline (its ``data``), which saves
    iterations in a sequence of similar scenarios. Raises ``ConvergenceError`` with diagnostics if the
    solver stops before the tolerance, ``InputError`` if the shock does not fit the baseline.
    """
    return solve_expanded(
        baseline,
        expand_shock(baseline, shock or TradeShock()),
        tolerance=tolerance,
        step_tolerance=step_tolerance,
        max_iterations=max_iterations,
        warm_start=warm_start,
    )


def solve_expanded(
    baseline: TradeBaseline,
    arrays: ShockArrays,
    *,
    tolerance: float = 1e-10,
    step_tolerance: float = 1e-8,
    max_iterations: int = 500,
    warm_start: xr.Dataset | TradeEquilibrium | None = None,
) -> TradeEquilibrium:
    """``solve`` for a shock already expanded by ``expand_shock``; ``warm_start`` may also be the
    equilibrium itself (its arrays are read without labelling them)."""
    return solve_stacked(
        baseline,
        [arrays],
        [warm_start],
        tolerance=tolerance,
        step_tolerance=step_tolerance,
        max_iterations=max_iterations,
    )[0]


ROUTES_KEPT = 16
"""How many ``route_kernels`` of a baseline ``_problems`` keeps for the next stacks."""
_ROUTES: KeptByIdentity[list[tuple[ShockArrays, Routes]]] = KeptByIdentity(2)
"""By baseline: the last ``route_kernels`` made on it, each with a shock of its tariffs and trade costs. A
dynamic path solves one stack a year, and its years' tariffs and trade costs are most often those of the
year before (equal values, if not the same arrays)."""


def _problems(baseline: BaselineArrays, shocks: Sequence[ShockArrays]) -> list[Problem]:
    """The solver's arrays of each of ``shocks``, those with equal tariffs and trade costs sharing one
    ``route_kernels`` (with earlier stacks' too: ``_ROUTES``)."""
    made = _ROUTES.get((baseline,), list)
    problems = []
    for arrays in shocks:
        routes = next(
            (
                routes
                for known, routes in reversed(made)
                if _same_values(known.tariff, arrays.tariff)
                and _same_values(known.trade_cost, arrays.trade_cost)
            ),
            None,
        )
        if routes is None:
            routes = route_kernels(baseline, arrays.tariff, arrays.trade_cost)
            made.append((arrays, routes))
            del made[:-ROUTES_KEPT]
        problems.append(problem(baseline, arrays, routes))
    return problems


def _same_values(first: np.ndarray, second: np.ndarray) -> bool:
    """Whether two arrays hold the same values (the same array, most often: a path's years)."""
    return first is second or np.array_equal(first, second)


WarmStart = xr.Dataset | TradeEquilibrium | Start | None
"""Where the solver starts: a previous equilibrium, labelled or not, or (w_hat, P_hat, X') themselves."""


def _start(warm_start: WarmStart) -> Start | None:
    """(w_hat, P_hat, X') of ``warm_start``."""
    if isinstance(warm_start, tuple):
        return warm_start
    if isinstance(warm_start, TradeEquilibrium):
        start = {name: warm_start.arrays[name][1] for name in ("wage_change", "price_change", "expenditure")}
        return start["wage_change"], start["price_change"], start["expenditure"]
    if warm_start is not None:
        data = warm_start
        return data["wage_change"].values, data["price_change"].values, data["expenditure"].values
    return None


def solve_stacked(
    baseline: TradeBaseline,
    shocks: Sequence[ShockArrays],
    warm_starts: Sequence[WarmStart],
    *,
    tolerance: float = 1e-10,
    step_tolerance: float = 1e-8,
    max_iterations: int = 500,
) -> list[TradeEquilibrium]:
    """``solve_expanded`` for several shocks at once (``solver.solve_problems``: one stacked fixed point,
    each shock's equilibrium as it is alone up to rounding), each from its ``warm_starts`` entry."""
    solutions = solve_problems(
        _problems(baseline.arrays, shocks),
        tolerance=tolerance,
        step_tolerance=step_tolerance,
        max_iterations=max_iterations,
        initial=[_start(warm_start) for warm_start in warm_starts],
    )
    return [
        TradeEquilibrium(
            arrays=equilibrium_variables(baseline.arrays, arrays, solution),
            baseline=baseline,
            iterations=solution.iterations,
            residual=solution.residual,
        )
        for arrays, solution in zip(shocks, solutions, strict=True)
    ]
