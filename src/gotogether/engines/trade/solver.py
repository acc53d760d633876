"""The Caliendo-Parro equilibrium in changes, solved as one accelerated fixed point.

Unknowns: wage changes w_hat (N), sector price changes P_hat (N x J) and counterfactual expenditure X'
(N x J). One sweep of the map applies, in turn, the model's equations (model-notes section 1):

1. input-bundle cost  log c_hat = gamma^j log w_hat + sum_k gamma^{k,j} log P_hat^k
2. price index        P_hat^-theta = sum_i pi_ni (kappa_hat c_hat / A_hat)^-theta
3. trade shares       pi' = pi (kappa_hat c_hat / (A_hat P_hat))^-theta
4. expenditure        X' = gamma^{j,k} R' + alpha (w_hat wL + tariff revenue' + D')
5. labour market      w_hat wL = sum_j gamma^j R'_j  (sales R' net of tariffs)

where (5) replaces the trade balance: given (4), labour-market clearing and the trade balance are the same
condition. Fixed points of the sweep are the equilibria; Anderson acceleration (Walker and Ni 2011) makes the
sweep converge in tens of iterations instead of CP's hundreds of damped wage updates. World value added is
the numeraire (sum_n w_hat_n wL_n = sum_n wL_n).

Plain sweeps overshoot in wages: a country's higher wage cuts its sales theta-fold within the sweep, while its
spending catches up only a sweep later (the sweep's Jacobian has about one eigenvalue per country between -0.7
and -1.3). Each sweep's step r = g(z) - z is therefore replaced by a Newton step in wages (``WageNewton``):
with J = dg/dz at the baseline (no change) split into wages w and the other unknowns Y,
    dw = (I - S)^-1 (r_w + J_wY r_Y),  S = J_ww + J_wY J_Yw  (the wage response one sweep of Y later),
    dY = r_Y + J_Yw dw,
and Anderson accelerates z <- z + (dw, dY). The fixed points are the same; the sweeps needed halve.

Several counterfactuals of one baseline are solved at once (``solve_problems``): their arrays are stacked on
a leading axis, so that one sweep of numpy operations serves all of them (at the sizes of the pipeline's
yearly loops, a sweep costs mostly the operations' overhead, not arithmetic), each with its own Anderson
history and convergence test; a counterfactual that has converged leaves the stack. Each follows exactly
the iteration it would follow alone.

Everything here is numpy on arrays ordered (importer n, exporter i, sector j); labels live in ``equilibrium``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from gotogether.errors import ConvergenceError


@dataclass(frozen=True)
class WageNewton:
    """The Newton step in wages that preconditions the sweep (see the module docstring), from the sweep's
    Jacobian at the baseline: unknowns ordered as the solver's z = (log w_hat, log P_hat, X' / scale), Y the
    last two."""

    inverse: np.ndarray  # (n, n): (I - J_ww - J_wY J_Yw)^-1
    wage_rows: np.ndarray  # (n, 2nj): J_wY, the wage outputs' derivatives by Y
    wage_columns: np.ndarray  # (n, 2nj): J_Yw transposed, Y's outputs' derivatives by the wages

    def step(self, residual: np.ndarray) -> np.ndarray:
        """The preconditioned steps (s, size) of the sweeps' steps ``residual`` g(z) - z (s, size)."""
        n = len(self.inverse)
        other = residual[:, n:]
        wage = (residual[:, :n] + other @ self.wage_rows.T) @ self.inverse.T
        step = np.empty_like(residual)
        step[:, :n] = wage
        np.add(other, wage @ self.wage_columns, out=step[:, n:])
        return step


def wage_newton(
    kernels: np.ndarray,
    expenditure: np.ndarray,
    va_share: np.ndarray,
    input_share: np.ndarray,
    final_share: np.ndarray,
    theta: np.ndarray,
    value_added: np.ndarray,
    expenditure_scale: np.ndarray,
) -> WageNewton:
    """``WageNewton`` of a baseline, from its arrays as in ``Problem`` (``kernels`` unshocked: the baseline's
    trade shares), by the sweep's derivatives worked by hand at no change (c_hat = 1, so the exporter terms
    are 1 and the trade shares pi, net pi / (1 + tau) = nu; a test checks them against finite differences).

    With Q_j[k, i] = sum_n pi_nkj X_nj nu_nij (what k's price does to i's sales through importers' price
    indices), a wage change dw_k gives dlog P_hat_nj = pi_nkj beta_kj dw_k and changes sales by
    dR_ij = theta_j beta_kj (Q_j[k, i] - [i = k] R_kj) dw_k; spending and wages follow by equations 4-5.
    A price change dlog P_hat_ik moves i's exporter terms by -theta_j gamma^{k,j}_i, and spending X_nj moves
    sales R_ij by nu_nij; the wage outputs' rows follow from those sales."""
    n, j = va_share.shape
    index = np.arange(n)
    price_power = kernels[:, :n, :].sum(axis=2)[:, :, None]  # (j, n, 1): 1 up to rounding
    share = kernels[:, :n, :] / price_power  # (j, n, i): pi
    net_share = kernels[:, n:, :] / price_power  # (j, n, i): nu
    spending = expenditure.T  # (j, n)
    bought = spending[:, :, None] * net_share  # (j, n, i): X_nj nu_nij
    sales = bought.sum(axis=1)  # (j, i): R_ij
    through = share.transpose(0, 2, 1) @ bought  # (j, k, i): Q_j[k, i]
    scale = expenditure_scale[:, 0]
    labour = (va_share * sales.T).sum(axis=1)  # (n,): sum_j beta_nj R_nj, the sweep's w_hat wL before scaling
    world = labour.sum()
    own = va_share / labour[:, None]  # (n, j): d log w_hat_n / d R_nj before the numeraire
    pull = theta[:, None] * va_share.T  # (j, k): theta_j beta_kj

    # columns: a wage change of k, [k, ...]
    sales_by_wage = (pull[:, :, None] * through).transpose(1, 2, 0).copy()  # [k, i, j]
    sales_by_wage[index, index, :] -= (sales * pull).T
    bought_by_wage = (pull[:, None, :] * spending[:, :, None]) * (
        share * net_share.sum(axis=2)[:, :, None] - net_share
    )  # (j, n, k): spending's purchases net of tariffs
    income_by_wage = -bought_by_wage.sum(axis=0).T  # [k, n]: - imports; plus k's own labour income
    income_by_wage[index, index] += value_added
    spending_by_wage = (sales_by_wage.transpose(1, 0, 2) @ input_share.transpose(0, 2, 1)).transpose(1, 0, 2)
    spending_by_wage += final_share * income_by_wage[:, :, None]
    spending_by_wage /= scale[:, None]
    columns = np.empty((n, 2 * n * j))
    columns[:, : n * j] = (share * va_share.T[:, None, :]).transpose(2, 1, 0).reshape(n, -1)
    columns[:, n * j :] = spending_by_wage.reshape(n, -1)
    wage_by_wage = (own * sales_by_wage).sum(axis=2)  # [k, n]
    wage_by_wage -= (va_share * sales_by_wage).sum(axis=(1, 2))[:, None] / world  # the numeraire

    # rows: the wage outputs by each price and spending, [n, ...]
    rows = np.empty((n, 2 * n * j))
    by_exporter_term = through.transpose(2, 1, 0) * -own[:, None, :]  # [n, i, j]
    by_exporter_term += ((through @ va_share.T[:, :, None])[..., 0] / world).T
    own_sales = va_share * sales.T  # (i, j)
    by_exporter_term -= own_sales / world
    by_exporter_term[index, index, :] += own_sales / labour[:, None]
    by_price = (by_exporter_term * -theta).transpose(1, 0, 2) @ input_share.transpose(0, 2, 1)  # (i, n, k)
    rows[:, : n * j] = by_price.transpose(1, 0, 2).reshape(n, -1)
    by_spending = (own.T[:, None, :] * net_share).transpose(2, 1, 0)  # [n, n', j]
    by_spending -= ((net_share @ va_share.T[:, :, None])[..., 0] / world).T
    by_spending *= scale[:, None]
    rows[:, n * j :] = by_spending.reshape(n, -1)

    schur = wage_by_wage.T + rows @ columns.T
    return WageNewton(np.linalg.inv(np.eye(n) - schur), rows, columns)


@dataclass(frozen=True)
class Problem:
    """The arrays of one counterfactual. The kernels the iteration multiplies by are stored sector-major and
    stacked, (j, 2n, i), so that the sums over partners are batched matrix products, one pass for both."""

    kernels: np.ndarray  # (j, 2n, i): kernel over kernel_net, sector-major
    kernel: np.ndarray  # (n, i, j): pi_ni (kappa_hat_ni)^-theta
    productivity_power: np.ndarray  # (i, j): (A_hat_i)^theta, the exporter's factor of the kernel
    tariff: np.ndarray  # (n, i, j): tau'_ni; kernel_net = kernel / (1 + tau')
    va_share: np.ndarray  # (n, j)
    input_share: np.ndarray  # (n, k, j)
    final_share: np.ndarray  # (n, j)
    theta: np.ndarray  # (j,)
    value_added: np.ndarray  # (n,)
    deficit: np.ndarray  # (n,)
    expenditure: np.ndarray  # (n, j): baseline expenditure, the starting guess for X'
    expenditure_scale: np.ndarray  # (n, 1): baseline total expenditure, so the unknowns are O(1)
    newton: WageNewton  # the baseline's (``wage_newton``), shared by its counterfactuals


@dataclass(frozen=True)
class Solution:
    """Counterfactual levels and changes, as numpy arrays, with solver diagnostics."""

    wage_change: np.ndarray  # (n,)
    price_change: np.ndarray  # (n, j)
    cost_change: np.ndarray  # (n, j): input-bundle cost c_hat (before productivity)
    trade_share: np.ndarray  # (n, i, j)
    expenditure: np.ndarray  # (n, j)
    income: np.ndarray  # (n,)
    iterations: int
    residual: float  # max |trade balance| / world value added


@dataclass(frozen=True)
class _Stack:
    """Counterfactuals of one baseline stacked on a leading axis s: the arrays a shock changes carry it,
    the baseline's are shared (those of the first problem). Counterfactuals with the same route kernels
    (the same tariffs and trade costs: they differ in productivity and deficits) form a group that shares
    them, and the sums over partners are one matrix product per sector and group for all its members (a
    draw's scenarios are a few groups of many years each). Counterfactuals in groups smaller than
    ``ROW_BY_ROW`` are multiplied row by row, in one batched product for all of them, when the kernels are
    small (``SMALL_KERNELS``): there a product's overhead, not its arithmetic, is its cost."""

    kernels: tuple[np.ndarray, ...]  # by group: (j, 2n, i)
    kernel: tuple[np.ndarray, ...]  # by group: (n, i, j)
    group: np.ndarray  # (s,): each counterfactual's group
    members: tuple[tuple[int, np.ndarray], ...]  # (group, its rows of the stack), groups multiplied at once
    single: np.ndarray  # the rows multiplied row by row
    single_kernels: np.ndarray  # (single, j, 2n, i): their kernels
    productivity_power: np.ndarray  # (s, i, j)
    deficit: np.ndarray  # (s, n)
    va_share: np.ndarray  # (n, j)
    input_share: np.ndarray  # (n, k, j)
    final_share: np.ndarray  # (n, j)
    theta: np.ndarray  # (j,)
    value_added: np.ndarray  # (n,)

    @classmethod
    def of(cls, problems: Sequence[Problem]) -> _Stack:
        first = problems[0]
        leaders: dict[int, Problem] = {}  # the first problem of each group, by its kernels
        for problem in problems:
            leaders.setdefault(id(problem.kernels), problem)
        number = {key: position for position, key in enumerate(leaders)}
        group = np.array([number[id(problem.kernels)] for problem in problems])
        kernels = tuple(leader.kernels for leader in leaders.values())
        return cls(
            kernels,
            tuple(leader.kernel for leader in leaders.values()),
            group,
            *_members(group, kernels),
            np.stack([problem.productivity_power for problem in problems]),
            np.stack([problem.deficit for problem in problems]),
            first.va_share,
            first.input_share,
            first.final_share,
            first.theta,
            first.value_added,
        )

    def select(self, rows: np.ndarray) -> _Stack:
        """The counterfactuals at ``rows`` of the stack."""
        position = np.full(len(self.group), -1)
        position[rows] = np.arange(len(rows))
        members = [(group, position[kept]) for group, kept in self.members]
        single = position[self.single] >= 0  # the rows multiplied row by row stay so, their kernels kept
        return replace(
            self,
            group=self.group[rows],
            members=tuple((group, kept[kept >= 0]) for group, kept in members if (kept >= 0).any()),
            single=position[self.single][single],
            single_kernels=self.single_kernels[single],
            productivity_power=self.productivity_power[rows],
            deficit=self.deficit[rows],
        )

    def kernels_times(self, exporter_term: np.ndarray) -> np.ndarray:
        """sum_i kernels[j, m, i] x[s, j, i] (s, j, 2n) for ``exporter_term`` x (s, j, i): for each group,
        one (2n x i) by (i x members) product per sector."""
        if len(self.members) == 1 and not self.single.size:
            kernels = self.kernels[self.members[0][0]]
            return np.asarray((kernels @ exporter_term.transpose(1, 2, 0)).transpose(2, 0, 1))
        if len(self.single) == len(exporter_term):
            return np.asarray((self.single_kernels @ exporter_term[..., None])[..., 0])
        j, two_n = self.kernels[0].shape[:2]
        result = np.empty((len(exporter_term), j, two_n))
        for group, rows in self.members:
            product = self.kernels[group] @ exporter_term[rows].transpose(1, 2, 0)
            result[rows] = product.transpose(2, 0, 1)
        if self.single.size:
            result[self.single] = (self.single_kernels @ exporter_term[self.single][..., None])[..., 0]
        return result

    def times_kernels_net(self, importer_term: np.ndarray) -> np.ndarray:
        """sum_n y[s, j, n] kernel_net[j, n, i] (s, j, i) for ``importer_term`` y (s, j, n)."""
        n = importer_term.shape[2]
        if len(self.members) == 1 and not self.single.size:
            kernels = self.kernels[self.members[0][0]]
            return np.asarray((importer_term.transpose(1, 0, 2) @ kernels[:, n:, :]).transpose(1, 0, 2))
        if len(self.single) == len(importer_term):
            return np.asarray((importer_term[:, :, None, :] @ self.single_kernels[:, :, n:, :])[:, :, 0, :])
        j, _, i = self.kernels[0].shape
        result = np.empty((len(importer_term), j, i))
        for group, rows in self.members:
            product = importer_term[rows].transpose(1, 0, 2) @ self.kernels[group][:, n:, :]
            result[rows] = product.transpose(1, 0, 2)
        if self.single.size:
            single = importer_term[self.single][:, :, None, :] @ self.single_kernels[:, :, n:, :]
            result[self.single] = single[:, :, 0, :]
        return result

    def trade_shares(self, rows: np.ndarray, log_cost: np.ndarray) -> np.ndarray:
        """Counterfactual trade shares pi' (r, n, i, j) of the counterfactuals at ``rows`` given their
        input-bundle cost changes ``log_cost`` (r, n, j) (eq. 3)."""
        exporter = self.productivity_power[rows] * np.exp(-self.theta * log_cost)
        groups = self.group[rows]
        if (groups == groups[0]).all():
            weighted: np.ndarray = self.kernel[groups[0]] * exporter[:, None, :, :]
        else:
            weighted = np.stack([self.kernel[group] for group in groups]) * exporter[:, None, :, :]
        weighted /= weighted.sum(axis=-2, keepdims=True)
        return weighted


ROW_BY_ROW = 4
"""Groups of fewer counterfactuals than this are multiplied row by row (``_Stack``), if ``SMALL_KERNELS``."""
SMALL_KERNELS = 1 << 17
"""Kernels of up to this many numbers (1 MiB) are small: copied for each row multiplied row by row."""


def _members(
    group: np.ndarray, kernels: tuple[np.ndarray, ...]
) -> tuple[tuple[tuple[int, np.ndarray], ...], np.ndarray, np.ndarray]:
    """(group, the rows in it) for each group in ``group`` (the group of each row) multiplied at once, the
    rows multiplied row by row and their kernels (see ``_Stack``)."""
    members = [(int(each), np.flatnonzero(group == each)) for each in np.unique(group)]
    small = [rows for _, rows in members if len(rows) < ROW_BY_ROW]
    if kernels[0].size > SMALL_KERNELS or len(members) == 1 or not small:
        return tuple(members), np.array([], dtype=int), np.empty((0, *kernels[0].shape))
    single = np.sort(np.concatenate(small))
    together = tuple((each, rows) for each, rows in members if len(rows) >= ROW_BY_ROW)
    return together, single, np.stack([kernels[each] for each in group[single]])


@dataclass(frozen=True)
class _Sweep:
    """What the equations give from the current unknowns (stacked: s first): new guesses and the quantities
    behind them."""

    log_wage: np.ndarray  # (s, n)
    log_price: np.ndarray  # (s, n, j)
    expenditure: np.ndarray  # (s, n, j)
    log_cost: np.ndarray  # (s, n, j)
    income: np.ndarray  # (s, n)
    sales: np.ndarray  # (s, n, j), net of tariffs
    imports: np.ndarray  # (s, n): purchases from every origin (the own country too), net of tariffs


def _sweep(stack: _Stack, log_wage: np.ndarray, log_price: np.ndarray, expenditure: np.ndarray) -> _Sweep:
    """Apply equations 1-5 once to every counterfactual of ``stack`` (see the module docstring)."""
    theta = stack.theta
    n = log_wage.shape[1]
    # sum_k gamma^{k,j} log P_hat^k, one (s x k) by (k x j) product per country
    from_prices = (log_price.transpose(1, 0, 2) @ stack.input_share).transpose(1, 0, 2)
    log_cost = stack.va_share * log_wage[:, :, None] + from_prices
    # (s, j, i): (c_hat_i / A_hat_i)^-theta
    exporter_term = (stack.productivity_power * np.exp(-theta * log_cost)).transpose(0, 2, 1)
    both = stack.kernels_times(exporter_term)  # (s, j, 2n)
    price_power, purchases = both[:, :, :n], both[:, :, n:]  # P_hat_n^-theta, and net of tariffs
    spend_per_price = expenditure.transpose(0, 2, 1) / price_power  # (s, j, n): X / P_hat^-theta
    sales = (exporter_term * stack.times_kernels_net(spend_per_price)).transpose(0, 2, 1)  # (s, i, j)
    imports = (spend_per_price * purchases).sum(axis=1)
    # Tariff revenue is spending gross of tariffs minus spending net of them (trade shares sum to one).
    revenue = expenditure.sum(axis=2) - imports
    income = np.exp(log_wage) * stack.value_added + revenue + stack.deficit
    # sum_j gamma^{k,j} R'_j, one (k x j) by (j x s) product per country
    intermediate = (stack.input_share @ sales.transpose(1, 2, 0)).transpose(2, 0, 1)
    new_expenditure = intermediate + stack.final_share * income[..., None]
    new_wage = (stack.va_share * sales).sum(axis=2) / stack.value_added
    new_wage *= stack.value_added.sum() / (new_wage * stack.value_added).sum(axis=1, keepdims=True)
    return _Sweep(
        log_wage=np.log(new_wage),
        log_price=(-np.log(price_power) / theta[:, None]).transpose(0, 2, 1),
        expenditure=new_expenditure,
        log_cost=log_cost,
        income=income,
        sales=sales,
        imports=imports,
    )


def _trade_balance(stack: _Stack, sweep: _Sweep) -> np.ndarray:
    """Imports minus exports minus D' (eq. 5) at the sweep's input state, (s, country) (baseline unit)."""
    return np.asarray(sweep.imports - sweep.sales.sum(axis=2) - stack.deficit)


class _Anderson:
    """Anderson acceleration (type II) of z <- g(z) with memory ``depth`` (Walker and Ni 2011), for a stack
    of independent fixed points (one history each).

    Keeps rolling differences of residuals and images in preallocated rows, and their Gram matrix updated
    by one row per step (not recomputed); solves the small least-squares problem by regularised normal
    equations (a depth x depth solve per step and fixed point).
    """

    def __init__(self, depth: int, stack: int, size: int) -> None:
        self.depth = depth
        self.d_residual = np.zeros((stack, depth, size))
        self.d_image = np.zeros((stack, depth, size))
        self.gram = np.zeros((stack, depth, depth))
        self.stored = 0
        self.previous: tuple[np.ndarray, np.ndarray] | None = None

    def keep(self, rows: np.ndarray) -> None:
        """Keep the histories of the fixed points at ``rows`` (increasing) only, moved up in place: a row
        is never overwritten before it is read, and the kept rows are the same numbers in the same layout
        as a copy's, without allocating (and faulting in) new histories at every exit."""
        for kept, row in enumerate(rows.tolist()):
            if kept != row:
                self.d_residual[kept] = self.d_residual[row]
                self.d_image[kept] = self.d_image[row]
        size = len(rows)
        self.d_residual, self.d_image = self.d_residual[:size], self.d_image[:size]
        self.gram = self.gram[rows]
        if self.previous is not None:
            self.previous = (self.previous[0][rows], self.previous[1][rows])

    def step(self, image: np.ndarray, residual: np.ndarray) -> np.ndarray:
        if self.previous is not None:
            row = self.stored % self.depth
            np.subtract(residual, self.previous[1], out=self.d_residual[:, row])
            np.subtract(image, self.previous[0], out=self.d_image[:, row])
            self.stored += 1
            filled = min(self.stored, self.depth)
            column = (self.d_residual[:, :filled] @ self.d_residual[:, row, :, None])[..., 0]
            self.gram[:, row, :filled] = column
            self.gram[:, :filled, row] = column
        self.previous = (image, residual)
        used = min(self.stored, self.depth)
        if used == 0:
            return image
        gram = self.gram[:, :used, :used].copy()
        gram.reshape(len(gram), -1)[:, :: used + 1] *= (
            1.0 + 1e-12
        )  # keeps the solve defined when differences align
        gamma = np.linalg.solve(gram, self.d_residual[:, :used] @ residual[..., None])  # (s, used, 1)
        return np.asarray(image - (gamma.transpose(0, 2, 1) @ self.d_image[:, :used])[:, 0, :])


Start = tuple[np.ndarray, np.ndarray, np.ndarray]
"""(w_hat, P_hat, X') of a previous solution, to start from."""


def solve_problem(
    problem: Problem,
    *,
    tolerance: float = 1e-10,
    max_iterations: int = 500,
    initial: Start | None = None,
    step_tolerance: float = 1e-8,
    depth: int = 6,
) -> Solution:
    """Solve for the counterfactual; ``initial`` = (w_hat, P_hat, X') warm-starts from a previous solution.

    Converged when no unknown moves by more than ``step_tolerance`` in a sweep (in logs for w_hat and
    P_hat, relative to the country's total spending for X') and the trade-balance residual (imports minus
    exports, both net of tariffs, minus D') is at most ``tolerance`` times world value added. Raises
    ``ConvergenceError`` otherwise.
    """
    return solve_problems(
        [problem],
        tolerance=tolerance,
        max_iterations=max_iterations,
        initial=[initial],
        step_tolerance=step_tolerance,
        depth=depth,
    )[0]


def solve_problems(
    problems: Sequence[Problem],
    *,
    tolerance: float = 1e-10,
    max_iterations: int = 500,
    initial: Sequence[Start | None] | None = None,
    step_tolerance: float = 1e-8,
    depth: int = 6,
) -> list[Solution]:
    """``solve_problem`` for several counterfactuals of one baseline at once (stacked; see the module
    docstring), ``initial`` by counterfactual; each converges on its own test and gives what it gives
    alone, up to rounding. Raises ``ConvergenceError`` if any does not converge."""
    stack = _Stack.of(problems)
    size, (n, j) = len(problems), stack.va_share.shape
    first = problems[0]
    scale = first.expenditure_scale
    log_wage, log_price = np.zeros((size, n)), np.zeros((size, n, j))
    expenditure = np.repeat(first.expenditure[None], size, axis=0)
    for position, start in enumerate(initial or ()):
        if start is not None:
            log_wage[position], log_price[position] = np.log(start[0]), np.log(start[1])
            expenditure[position] = start[2]
    z = np.concatenate(
        [log_wage, log_price.reshape(size, -1), (expenditure / scale).reshape(size, -1)], axis=1
    )
    accelerator = _Anderson(depth, size, z.shape[1])
    newton = first.newton
    world = stack.value_added.sum()
    active = np.arange(size)  # the position in ``problems`` of each row of the stack
    solutions: list[Solution | None] = [None] * size
    for iteration in range(1, max_iterations + 1):
        log_wage, log_price = z[:, :n], z[:, n : n + n * j].reshape(-1, n, j)
        expenditure = z[:, n + n * j :].reshape(-1, n, j) * scale
        sweep = _sweep(stack, log_wage, log_price, expenditure)
        step = np.empty_like(z)
        np.subtract(sweep.log_wage, log_wage, out=step[:, :n])
        np.subtract(sweep.log_price.reshape(len(active), -1), z[:, n : n + n * j], out=step[:, n : n + n * j])
        np.subtract(
            (sweep.expenditure / scale).reshape(len(active), -1), z[:, n + n * j :], out=step[:, n + n * j :]
        )
        step_size = np.abs(step).max(axis=1)
        small = step_size <= step_tolerance
        residual = None
        if small.any():
            residual = np.full(len(active), np.inf)
            residual[small] = np.abs(_trade_balance(stack, sweep)[small]).max(axis=1) / world
            done = residual <= tolerance
            if done.any():
                rows = np.flatnonzero(done)
                shares = stack.trade_shares(rows, sweep.log_cost[rows])
                for row, share in zip(rows, shares, strict=True):
                    solutions[active[row]] = Solution(
                        wage_change=np.exp(log_wage[row]),
                        price_change=np.exp(log_price[row]),
                        cost_change=np.exp(sweep.log_cost[row]),
                        trade_share=share,
                        expenditure=expenditure[row],
                        income=sweep.income[row],
                        iterations=iteration,
                        residual=float(residual[row]),
                    )
                left = np.flatnonzero(~done)
                if left.size == 0:
                    return [solution for solution in solutions if solution is not None]
                active, stack, z = active[left], stack.select(left), z[left]
                step, step_size, residual = step[left], step_size[left], residual[left]
                accelerator.keep(left)
        step = newton.step(step)
        z = accelerator.step(z + step, step)
        # the Newton step in wages keeps the numeraire only to first order: restore it
        z[:, :n] -= np.log(np.exp(z[:, :n]) @ stack.value_added / world)[:, None]
        if not np.isfinite(z).all():
            break
    worst = int(np.argmax(step_size))
    met_step = residual is not None and np.isfinite(residual[worst])
    raise ConvergenceError(
        "Caliendo-Parro equilibrium solver (residual: largest step of the unknowns unless it met "
        "step_tolerance, then the trade balance over world value added)",
        iterations=iteration,
        residual=float(residual[worst]) if met_step and residual is not None else float(step_size[worst]),
        tolerance=tolerance,
    )
