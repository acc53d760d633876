"""The trade model on plain NumPy arrays: a baseline, a shock, the solver's problem and the equilibrium's
variables, without labels (``equilibrium`` labels them). A caller that needs no labels, such as
``gotogether validate cp2015-nafta``, solves here without importing xarray or pandas (issue 20: start-up).

Arrays are ordered as in ``baseline.BASELINE_SCHEMA``: (importer n, exporter i, sector j), (country, sector),
(country, input sector, sector).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from gotogether.dims import COUNTRY, EXPORTER, IMPORTER, SECTOR
from gotogether.engines.trade.solver import Problem, Solution, WageNewton, wage_newton
from gotogether.errors import InputError

SPARSE_SHOCK_SHARE = 0.125
"""Up to this share of bilateral cells changed, the solver's sector-major kernels are the baseline's with
those cells updated; above it they are transposed from the full kernel."""


@dataclass(frozen=True)
class ShockArrays:
    """A shock expanded to full numpy arrays in the baseline's label order."""

    tariff: np.ndarray  # (importer, exporter, sector), new levels
    trade_cost: np.ndarray  # (importer, exporter, sector), d_hat
    productivity: np.ndarray  # (country, sector), A_hat
    deficit: np.ndarray  # (country,), new levels


@dataclass(frozen=True, eq=False)
class BaselineArrays:
    """A trade baseline's variables (see ``baseline.TradeBaseline``) with its country and sector labels."""

    expenditure: np.ndarray
    trade_share: np.ndarray
    tariff: np.ndarray
    va_share: np.ndarray
    input_share: np.ndarray
    final_share: np.ndarray
    theta: np.ndarray
    value_added: np.ndarray
    deficit: np.ndarray
    countries: tuple[str, ...]
    sectors: tuple[str, ...]

    @cached_property
    def income(self) -> np.ndarray:
        """I_n = wL_n + tariff revenue_n + D_n, by country; computed once."""
        spending = self.expenditure[:, None, :] * self.trade_share
        revenue = (spending * self.tariff / (1.0 + self.tariff)).sum(axis=(1, 2))
        income: np.ndarray = self.value_added + revenue + self.deficit
        return income

    @cached_property
    def sector_major_shares(self) -> np.ndarray:
        """(sector, 2 x importer, exporter): pi over pi / (1 + tau), the trade solver's layout (see
        ``solver.Problem.kernels``). Transposing is slow at large sizes, so it is done once per baseline and
        each counterfactual copies it and updates the cells its shock changes."""
        share = self.trade_share
        n, _, j = share.shape
        stacked = np.empty((j, 2 * n, n))
        stacked[:, :n, :] = share.transpose(2, 0, 1)
        stacked[:, n:, :] = (share / (1.0 + self.tariff)).transpose(2, 0, 1)
        return stacked

    @cached_property
    def wage_newton(self) -> WageNewton:
        """The solver's Newton step in wages at this baseline (``solver.wage_newton``), made once per
        baseline and shared by its counterfactuals."""
        return wage_newton(
            self.sector_major_shares,
            self.expenditure,
            self.va_share,
            self.input_share,
            self.final_share,
            self.theta,
            self.value_added,
            self.expenditure.sum(axis=1, keepdims=True),
        )

    def unshocked(self) -> ShockArrays:
        """The shock that changes nothing (to edit: ``dataclasses.replace``)."""
        return ShockArrays(
            tariff=self.tariff.copy(),
            trade_cost=np.ones(self.trade_share.shape),
            productivity=np.ones(self.va_share.shape),
            deficit=self.deficit.copy(),
        )

    def rebased(self, variables: dict[str, tuple[tuple[str, ...], np.ndarray]]) -> BaselineArrays:
        """The equilibrium with ``variables`` (``equilibrium_variables``) as the baseline of further
        counterfactuals (exact hat algebra re-based)."""
        return replace(
            self,
            expenditure=variables["expenditure"][1],
            trade_share=variables["trade_share"][1],
            tariff=variables["tariff"][1],
            value_added=variables["value_added"][1],
            deficit=variables["deficit"][1],
        )


def _no_source(baseline: BaselineArrays, kernel: np.ndarray) -> None:
    """Raise if some importer can buy some sector's goods from no origin under the shock."""
    no_source = kernel.sum(axis=1) == 0
    if no_source.any():
        n, j = np.argwhere(no_source)[0]
        raise InputError(
            f"{baseline.countries[n]} can buy {baseline.sectors[j]} from no origin",
            source="trade shock",
            location=f"trade_cost[importer={baseline.countries[n]}, sector={baseline.sectors[j]}]",
            expected="at least one finite trade cost to an origin with a positive baseline share",
        )


Routes = tuple[np.ndarray, np.ndarray]
"""The route kernels of some tariffs and trade costs (``route_kernels``)."""


def route_kernels(baseline: BaselineArrays, tariff: np.ndarray, trade_cost: np.ndarray) -> Routes:
    """The kernel pi_ni (kappa_hat_ni)^-theta (importer, exporter, sector) of ``tariff`` (new levels) and
    ``trade_cost`` (d_hat), and the solver's sector-major layout of it (``solver.Problem.kernels``): the
    baseline's own arrays (not copies) when they change nothing.

    Only the cells whose tariff or trade cost changes are recomputed: shocks usually touch a few routes, and
    the baseline's sector-major layout is made once (``BaselineArrays.sector_major_shares``).
    """
    theta = baseline.theta
    share = baseline.trade_share
    old_tariff = baseline.tariff
    n, _, j = share.shape
    changed = tariff != old_tariff
    moved_cost = trade_cost != 1.0
    if moved_cost.any():
        changed |= moved_cost
    cells = np.flatnonzero(changed)
    if cells.size == 0:
        return share, baseline.sector_major_shares
    sector = cells % j
    kappa_change = (1.0 + tariff.flat[cells]) / (1.0 + old_tariff.flat[cells]) * trade_cost.flat[cells]
    with np.errstate(divide="ignore"):  # inf ** -theta is 0: a prohibitive route
        changed_kernel = share.flat[cells] * np.power(kappa_change, -theta[sector])
    kernel = share.copy()
    kernel.flat[cells] = changed_kernel
    if (changed_kernel == 0).any():
        _no_source(baseline, kernel)
    if cells.size <= SPARSE_SHOCK_SHARE * kernel.size:
        kernels = baseline.sector_major_shares.copy()
        importer, exporter = np.divmod(cells // j, n)
        kernels[sector, importer, exporter] = changed_kernel
        kernels[sector, n + importer, exporter] = changed_kernel / (1.0 + tariff.flat[cells])
    else:
        kernels = np.empty((j, 2 * n, n))
        kernels[:, :n, :] = kernel.transpose(2, 0, 1)
        kernels[:, n:, :] = (kernel / (1.0 + tariff)).transpose(2, 0, 1)
    return kernel, kernels


def problem(baseline: BaselineArrays, shock: ShockArrays, routes: Routes | None = None) -> Problem:
    """The solver's arrays for ``shock`` applied to ``baseline``; ``routes``: its ``route_kernels`` if
    already made (counterfactuals with the same tariffs and trade costs share them, and the solver solves
    such counterfactuals together faster)."""
    kernel, kernels = routes or route_kernels(baseline, shock.tariff, shock.trade_cost)
    expenditure = baseline.expenditure
    return Problem(
        kernels=kernels,
        kernel=kernel,
        productivity_power=np.power(shock.productivity, baseline.theta),
        tariff=shock.tariff,
        va_share=baseline.va_share,
        input_share=baseline.input_share,
        final_share=baseline.final_share,
        theta=baseline.theta,
        value_added=baseline.value_added,
        deficit=shock.deficit,
        expenditure=expenditure,
        expenditure_scale=expenditure.sum(axis=1, keepdims=True),
        newton=baseline.wage_newton,
    )


def equilibrium_variables(
    baseline: BaselineArrays, shock: ShockArrays, solution: Solution
) -> dict[str, tuple[tuple[str, ...], np.ndarray]]:
    """The equilibrium's variables (see ``equilibrium.TradeEquilibrium``) as (dims, values)."""
    country_sector = (COUNTRY, SECTOR)
    bilateral = (IMPORTER, EXPORTER, SECTOR)
    alpha = baseline.final_share
    price_index = np.exp((alpha * np.log(solution.price_change)).sum(axis=1))
    income_change = solution.income / baseline.income
    flows = solution.trade_share * solution.expenditure[:, None, :] / (1.0 + shock.tariff)
    return {
        "wage_change": ((COUNTRY,), solution.wage_change),
        "value_added": ((COUNTRY,), solution.wage_change * baseline.value_added),
        "income": ((COUNTRY,), solution.income),
        "income_change": ((COUNTRY,), income_change),
        "price_change": (country_sector, solution.price_change),
        "cost_change": (country_sector, solution.cost_change),
        "price_index_change": ((COUNTRY,), price_index),
        "welfare_change": ((COUNTRY,), income_change / price_index),
        "real_wage_change": ((COUNTRY,), solution.wage_change / price_index),
        "expenditure": (country_sector, solution.expenditure),
        "trade_share": (bilateral, solution.trade_share),
        "flows": (bilateral, flows),
        "tariff": (bilateral, shock.tariff),
        "deficit": ((COUNTRY,), shock.deficit),
    }


def is_nil(baseline: BaselineArrays, shock: ShockArrays) -> bool:
    """Whether ``shock`` changes nothing: the baseline's tariffs and deficits, no trade-cost or productivity
    change."""
    return bool(
        np.array_equal(shock.tariff, baseline.tariff)
        and np.array_equal(shock.deficit, baseline.deficit)
        and (shock.trade_cost == 1.0).all()
        and (shock.productivity == 1.0).all()
    )


def first_order_welfare(
    baseline: BaselineArrays, new_flows: np.ndarray, unit_cost_change: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Caliendo and Parro's terms-of-trade and volume-of-trade effects (fractions of baseline income),
    (country, sector) each, of a counterfactual with flows ``new_flows`` (importer, exporter, sector, net of
    tariffs) and unit-cost change ``unit_cost_change`` c_hat / A_hat (country, sector); formulas in
    ``decomposition``."""
    tariff = baseline.tariff
    imports = baseline.expenditure[:, None, :] * baseline.trade_share / (1.0 + tariff)  # M_ni (n, i, j)
    exports = imports.transpose(1, 0, 2)  # E_ni = M_in
    cost = unit_cost_change - 1.0
    income = baseline.income[:, None]
    terms = (exports * cost[:, None, :] - imports * cost[None, :, :]).sum(axis=1) / income
    with np.errstate(divide="ignore", invalid="ignore"):
        import_growth = np.where(imports > 0, new_flows / imports, 0.0)
    volume = (tariff * imports * (import_growth - unit_cost_change[None, :, :])).sum(axis=1) / income
    return terms, volume
