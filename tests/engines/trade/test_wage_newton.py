"""The solver's Newton step in wages: derivatives worked by hand against the sweep's finite differences."""

import numpy as np

from gotogether.engines.trade.arrays import problem
from gotogether.engines.trade.solver import _Stack, _sweep
from gotogether.engines.trade.synthetic import random_baseline


def _sweep_jacobian(seed: int) -> tuple[np.ndarray, np.ndarray, int]:
    """The sweep's Jacobian at no change by central differences, and the hand-worked one's blocks."""
    baseline = random_baseline(5, 4, seed=seed).arrays
    unshocked = problem(baseline, baseline.unshocked())
    n, j = unshocked.va_share.shape
    scale = unshocked.expenditure_scale
    start = np.concatenate([np.zeros(n + n * j), (unshocked.expenditure / scale).ravel()])
    size, step = start.size, 1e-6
    points = np.concatenate([start + step * np.eye(size), start - step * np.eye(size)])
    sweep = _sweep(
        _Stack.of([unshocked] * len(points)),
        points[:, :n],
        points[:, n : n + n * j].reshape(-1, n, j),
        points[:, n + n * j :].reshape(-1, n, j) * scale,
    )
    prices, spending = sweep.log_price.reshape(len(points), -1), sweep.expenditure / scale
    images = np.concatenate([sweep.log_wage, prices, spending.reshape(len(points), -1)], axis=1)
    jacobian = ((images[:size] - images[size:]) / (2 * step)).T
    newton = baseline.wage_newton
    by_hand = np.zeros_like(jacobian)
    by_hand[n:, :n] = newton.wage_columns.T
    by_hand[:n, n:] = newton.wage_rows
    by_hand[:n, :n] = np.eye(n) - np.linalg.inv(newton.inverse) - newton.wage_rows @ newton.wage_columns.T
    return jacobian, by_hand, n


def test_wage_newton_is_the_sweeps_jacobian_at_no_change() -> None:
    for seed in (1, 2):
        jacobian, by_hand, n = _sweep_jacobian(seed)
        blocks = (np.s_[:n, :n], np.s_[n:, :n], np.s_[:n, n:])  # J_ww, J_Yw, J_wY
        for block in blocks:
            np.testing.assert_allclose(by_hand[block], jacobian[block], rtol=0, atol=1e-7)
        assert np.abs(jacobian[:n, :n]).max() > 0.1  # the wages' block is far from nil
