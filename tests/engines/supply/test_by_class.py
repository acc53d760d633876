"""The supply engine's sums over lines: by class (``network.by_class``) and the inventory drawn period by
period (``engine._draw_inventory``), each against the plain computation it replaces, to the last bit."""

from __future__ import annotations

import numpy as np
import pytest

from gotogether.engines.supply.engine import TINY, _draw_inventory
from gotogether.engines.supply.network import by_class


@pytest.mark.parametrize("seed", range(5))
def test_class_sums_equal_the_one_hot_einsum_to_the_last_bit(seed: int) -> None:
    rng = np.random.default_rng(seed)
    classes, lines = 9, 40
    line_class = rng.integers(0, classes - 1, lines)  # the last class has no line: its sums are zero
    onehot = np.eye(classes)[line_class]
    values = rng.lognormal(0.0, 4.0, (3, lines, 25)) * (rng.random((3, lines, 25)) < 0.7)
    sums = by_class(values, onehot)
    assert np.array_equal(sums, np.einsum("vlt,lc->vct", values, onehot))
    assert not sums[:, -1, :].any()


def _draw_period_by_period(
    need: np.ndarray,
    available: np.ndarray,
    dt: np.ndarray,
    months: np.ndarray,
    bill: np.ndarray,
    stocked: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Every period in turn, as the engine did before it skipped the periods that draw nothing."""
    V, C, T = available.shape
    B = int(bill.max()) + 1
    stock = stocked * months / 12.0
    feasible, drawn = np.ones((V, B, T)), np.zeros((V, C, T))
    for t in range(T):
        need_t = need[:, :, t] * dt[t]
        has_need = need[:, :, t] > TINY
        flow = available[:, :, t] * dt[t]
        cover = np.where(has_need, (flow + stock) / np.where(has_need, need_t, 1.0), np.inf)
        f = np.ones((V, B))
        for b in range(B):
            f[:, b] = np.minimum(1.0, cover[:, bill == b].min(axis=1, initial=np.inf))
        take = np.clip(f[:, bill] * need_t - flow, 0.0, stock)
        stock = stock - take
        feasible[:, :, t], drawn[:, :, t] = f, take
    return feasible, drawn


@pytest.mark.parametrize("seed", range(6))
def test_stock_drawn_in_the_periods_with_a_shortfall_alone_is_the_loop_over_every_period(seed: int) -> None:
    rng = np.random.default_rng(seed)
    V, C, T = 4, 6, 60
    need = rng.uniform(1.0, 5.0, (V, C, 1)) * np.ones((1, 1, T))
    need[0, 0] = 0.0  # a business sold: no need
    available = need * rng.uniform(0.9, 1.1, (V, C, T))
    available[:, :2, 10:30] *= rng.uniform(0.2, 0.9, (V, 2, 1))  # a block that the stock covers for a while
    available[1, 4, 45:] = 0.0
    dt = np.full(T, 1.0 / 12.0)
    months = rng.uniform(0.0, 6.0, (V, C))
    bill = np.array([0, 0, 0, 1, 1, 3])  # bill 2 has no class: whole
    stocked = need[:, :, 0]
    got = _draw_inventory(need, available, dt, months, bill, stocked)
    expected = _draw_period_by_period(need, available, dt, months, bill, stocked)
    assert np.array_equal(got[0], expected[0])
    assert np.array_equal(got[1], expected[1])
    assert expected[1].any()
    assert (expected[0] < 1.0).any()
