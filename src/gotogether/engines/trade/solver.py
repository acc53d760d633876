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

Everything here is numpy on arrays ordered (importer n, exporter i, sector j); labels live in ``equilibrium``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gotogether.errors import ConvergenceError


@dataclass(frozen=True)
class Problem:
    """The arrays of one counterfactual. The kernels the iteration multiplies by are stored sector-major and
    stacked, (j, 2n, i), so that the sums over partners are batched matrix products, one pass for both."""

    kernels: np.ndarray  # (j, 2n, i): kernel over kernel_net, sector-major
    kernel: np.ndarray  # (n, i, j): pi_ni (kappa_hat_ni)^-theta (A_hat_i)^theta
    tariff: np.ndarray  # (n, i, j): tau'_ni; kernel_net = kernel / (1 + tau')
    va_share: np.ndarray  # (n, j)
    input_share: np.ndarray  # (n, k, j)
    final_share: np.ndarray  # (n, j)
    theta: np.ndarray  # (j,)
    value_added: np.ndarray  # (n,)
    deficit: np.ndarray  # (n,)
    expenditure: np.ndarray  # (n, j): baseline expenditure, the starting guess for X'
    expenditure_scale: np.ndarray  # (n, 1): baseline total expenditure, so the unknowns are O(1)


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
class _Sweep:
    """What the equations give from the current unknowns: new guesses and the quantities behind them."""

    log_wage: np.ndarray
    log_price: np.ndarray
    expenditure: np.ndarray
    log_cost: np.ndarray
    income: np.ndarray
    sales: np.ndarray  # (n, j), net of tariffs
    imports: np.ndarray  # (n,): purchases from every origin (the own country too), net of tariffs


def _sweep(problem: Problem, log_wage: np.ndarray, log_price: np.ndarray, expenditure: np.ndarray) -> _Sweep:
    """Apply equations 1-5 once (see the module docstring)."""
    theta = problem.theta
    n = log_wage.size
    cost_from_prices = problem.input_share.transpose(0, 2, 1)  # (n, j, k), a view
    log_cost = problem.va_share * log_wage[:, None] + (cost_from_prices @ log_price[:, :, None])[:, :, 0]
    exporter_term = np.exp(-theta * log_cost).T  # (j, i): (c_hat_i)^-theta
    both = (problem.kernels @ exporter_term[:, :, None])[:, :, 0]  # (j, 2n)
    price_power, purchases = both[:, :n], both[:, n:]  # P_hat_n^-theta, and net of tariffs
    spend_per_price = expenditure.T / price_power  # (j, n): X / P_hat^-theta
    sales = (exporter_term * (spend_per_price[:, None, :] @ problem.kernels[:, n:, :])[:, 0, :]).T  # (i, j)
    imports = (spend_per_price * purchases).sum(axis=0)
    # Tariff revenue is spending gross of tariffs minus spending net of them (trade shares sum to one).
    revenue = expenditure.sum(axis=1) - imports
    wage = np.exp(log_wage)
    income = wage * problem.value_added + revenue + problem.deficit
    new_expenditure = (problem.input_share @ sales[:, :, None])[:, :, 0] + problem.final_share * income[
        :, None
    ]
    new_wage = (problem.va_share * sales).sum(axis=1) / problem.value_added
    new_wage *= problem.value_added.sum() / (new_wage * problem.value_added).sum()
    return _Sweep(
        log_wage=np.log(new_wage),
        log_price=(-np.log(price_power) / theta[:, None]).T,
        expenditure=new_expenditure,
        log_cost=log_cost,
        income=income,
        sales=sales,
        imports=imports,
    )


def _trade_balance(problem: Problem, sweep: _Sweep) -> np.ndarray:
    """Imports minus exports minus D' (eq. 5) at the sweep's input state, by country (baseline unit)."""
    return np.asarray(sweep.imports - sweep.sales.sum(axis=1) - problem.deficit)


def trade_shares(problem: Problem, log_cost: np.ndarray) -> np.ndarray:
    """Counterfactual trade shares pi' (n, i, j) given input-bundle cost changes (eq. 3)."""
    weighted: np.ndarray = problem.kernel * np.exp(-problem.theta * log_cost)[None, :, :]
    weighted /= weighted.sum(axis=1, keepdims=True)
    return weighted


class _Anderson:
    """Anderson acceleration (type II) of z <- g(z) with memory ``depth`` (Walker and Ni 2011).

    Keeps rolling differences of residuals and images in preallocated rows, and their Gram matrix updated
    by one row per step (not recomputed); solves the small least-squares problem by regularised normal
    equations (a depth x depth solve per step).
    """

    def __init__(self, depth: int, size: int) -> None:
        self.depth = depth
        self.d_residual = np.zeros((depth, size))
        self.d_image = np.zeros((depth, size))
        self.gram = np.zeros((depth, depth))
        self.stored = 0
        self.previous: tuple[np.ndarray, np.ndarray] | None = None

    def step(self, image: np.ndarray, residual: np.ndarray) -> np.ndarray:
        if self.previous is not None:
            row = self.stored % self.depth
            np.subtract(residual, self.previous[1], out=self.d_residual[row])
            np.subtract(image, self.previous[0], out=self.d_image[row])
            self.stored += 1
            filled = min(self.stored, self.depth)
            column = self.d_residual[:filled] @ self.d_residual[row]
            self.gram[row, :filled] = column
            self.gram[:filled, row] = column
        self.previous = (image, residual)
        used = min(self.stored, self.depth)
        if used == 0:
            return image
        gram = self.gram[:used, :used].copy()
        gram.flat[:: used + 1] *= 1.0 + 1e-12  # keeps the solve defined when differences align
        gamma = np.linalg.solve(gram, self.d_residual[:used] @ residual)
        return np.asarray(image - gamma @ self.d_image[:used])


def solve_problem(
    problem: Problem,
    *,
    tolerance: float = 1e-10,
    max_iterations: int = 500,
    initial: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    step_tolerance: float = 1e-8,
    depth: int = 6,
) -> Solution:
    """Solve for the counterfactual; ``initial`` = (w_hat, P_hat, X') warm-starts from a previous solution.

    Converged when no unknown moves by more than ``step_tolerance`` in a sweep (in logs for w_hat and
    P_hat, relative to the country's total spending for X') and the trade-balance residual (imports minus
    exports, both net of tariffs, minus D') is at most ``tolerance`` times world value added. Raises
    ``ConvergenceError`` otherwise.
    """
    n, j = problem.va_share.shape
    scale = problem.expenditure_scale
    if initial is None:
        log_wage, log_price, expenditure = np.zeros(n), np.zeros((n, j)), problem.expenditure.copy()
    else:
        log_wage, log_price, expenditure = np.log(initial[0]), np.log(initial[1]), initial[2].copy()
    z = np.concatenate([log_wage, log_price.ravel(), (expenditure / scale).ravel()])
    accelerator = _Anderson(depth, z.size)
    world = problem.value_added.sum()
    for iteration in range(1, max_iterations + 1):
        log_wage, log_price = z[:n], z[n : n + n * j].reshape(n, j)
        sweep = _sweep(problem, log_wage, log_price, z[n + n * j :].reshape(n, j) * scale)
        image = np.concatenate([sweep.log_wage, sweep.log_price.ravel(), (sweep.expenditure / scale).ravel()])
        step = image - z
        step_size = float(np.max(np.abs(step)))
        residual = np.inf
        if step_size <= step_tolerance:
            residual = float(np.max(np.abs(_trade_balance(problem, sweep))) / world)
        if residual <= tolerance:
            return Solution(
                wage_change=np.exp(log_wage),
                price_change=np.exp(log_price),
                cost_change=np.exp(sweep.log_cost),
                trade_share=trade_shares(problem, sweep.log_cost),
                expenditure=z[n + n * j :].reshape(n, j) * scale,
                income=sweep.income,
                iterations=iteration,
                residual=residual,
            )
        z = accelerator.step(image, step)
        if not np.all(np.isfinite(z)):
            break
    raise ConvergenceError(
        "Caliendo-Parro equilibrium solver (residual: largest step of the unknowns unless it met "
        "step_tolerance, then the trade balance over world value added)",
        iterations=iteration,
        residual=residual if np.isfinite(residual) else step_size,
        tolerance=tolerance,
    )
