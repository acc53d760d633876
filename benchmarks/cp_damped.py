"""A plain implementation of Caliendo and Parro's published algorithm, the baseline of the speed comparison.

As described in the paper's appendix: guess wage changes; solve the price equations (1)-(2) by fixed-point
iteration; compute trade shares (3); solve expenditure (4) as a dense linear system; update wages with a
damped step proportional to each country's trade-balance residual (5); repeat. Numpy-vectorised, like the
authors' Matlab code, but with their algorithm. It is benchmark code, not part of the package.
"""

from __future__ import annotations

import numpy as np

from gotogether.engines.trade.solver import Problem


def solve_damped(
    problem: Problem, *, tolerance: float = 1e-10, damping: float = 0.5, max_iterations: int = 100_000
) -> tuple[np.ndarray, int]:
    """Wage changes and the number of wage updates, to a trade-balance residual of ``tolerance`` x world."""
    n, j = problem.va_share.shape
    kernel = problem.kernel  # (n, i, j)
    net = 1.0 / (1.0 + problem.tariff)
    revenue_rate = problem.tariff / (1.0 + problem.tariff)
    world = problem.value_added.sum()
    wage = np.ones(n)
    log_price = np.zeros((n, j))
    for iteration in range(1, max_iterations + 1):
        # (1)-(2): prices given wages, iterated to a tight tolerance.
        for _ in range(10_000):
            log_cost = problem.va_share * np.log(wage)[:, None] + np.einsum(
                "nkj,nk->nj", problem.input_share, log_price
            )
            power = np.einsum("nij,ij->nj", kernel, np.exp(-problem.theta * log_cost))
            new_log_price = -np.log(power) / problem.theta
            if np.max(np.abs(new_log_price - log_price)) < 1e-13:
                log_price = new_log_price
                break
            log_price = new_log_price
        # (3): trade shares.
        share = kernel * np.exp(-problem.theta * log_cost)[None, :, :] / power[:, None, :]
        # (4): X = gamma^{j,k} sum_i X_i^k pi_in^k / (1 + tau) + alpha (w wL + sum_k F X + D), dense solve.
        sold = share * net  # (n buyer, i seller, k)
        size = n * j
        omega = np.einsum("njk,mnk->njmk", problem.input_share, sold).reshape(size, size)
        tariff_share = (share * revenue_rate).sum(axis=1)  # (n, k)
        omega += np.einsum("nj,nk,nm->njmk", problem.final_share, tariff_share, np.eye(n)).reshape(size, size)
        rhs = (problem.final_share * (wage * problem.value_added + problem.deficit)[:, None]).ravel()
        expenditure = np.linalg.solve(np.eye(size) - omega, rhs).reshape(n, j)
        # (5): trade balance and the damped wage update.
        flows = share * net * expenditure[:, None, :]
        own = np.arange(n)
        flows[own, own, :] = 0.0
        surplus = flows.sum(axis=(0, 2)) - flows.sum(axis=(1, 2)) + problem.deficit
        if np.max(np.abs(surplus)) / world <= tolerance:
            return wage, iteration
        wage = wage * (1.0 + damping * surplus / problem.value_added)
        wage *= world / (wage * problem.value_added).sum()
    raise RuntimeError(f"damped iteration did not converge in {max_iterations} steps")
