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
    issuers_share: np.ndarray,
    denied: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Every period in turn, as the engine did before it skipped the periods that draw nothing; the
    issuers' part of the stock locked in the share ``denied`` (V, T) of a period, drawn last."""
    V, C, T = available.shape
    B = int(bill.max()) + 1
    stock = stocked * months / 12.0
    issuers = stock * issuers_share * (denied.max(axis=1, keepdims=True) > 0.0)
    feasible, drawn = np.ones((V, B, T)), np.zeros((V, C, T))
    for t in range(T):
        need_t = need[:, :, t] * dt[t]
        has_need = need[:, :, t] > TINY
        flow = available[:, :, t] * dt[t]
        usable = stock - issuers * denied[:, t, None]
        cover = np.where(has_need, (flow + usable) / np.where(has_need, need_t, 1.0), np.inf)
        f = np.ones((V, B))
        for b in range(B):
            f[:, b] = np.minimum(1.0, cover[:, bill == b].min(axis=1, initial=np.inf))
        take = np.clip(f[:, bill] * need_t - flow, 0.0, usable)
        stock = stock - take
        issuers = np.minimum(issuers, stock)
        feasible[:, :, t], drawn[:, :, t] = f, take
    return feasible, drawn


@pytest.mark.parametrize("denial", [False, True])
@pytest.mark.parametrize("seed", range(6))
def test_stock_drawn_in_the_periods_with_a_shortfall_alone_is_the_loop_over_every_period(
    seed: int, denial: bool
) -> None:
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
    issuers_share = rng.uniform(0.0, 1.0, (V, C))
    denied = np.zeros((V, T))
    if denial:  # an order on vendors 1 and 2 over part of the block, in part of its first and last months
        denied[1:3, 12:25] = 1.0
        denied[1:3, [11, 25]] = 0.5
    got = _draw_inventory(need, available, dt, months, bill, stocked, issuers_share, denied)
    expected = _draw_period_by_period(need, available, dt, months, bill, stocked, issuers_share, denied)
    assert np.array_equal(got[0], expected[0])
    assert np.array_equal(got[1], expected[1])
    assert expected[1].any()
    assert (expected[0] < 1.0).any()
    if denial:  # in the months under the order, vendors 1 and 2 draw on the others' items alone
        others = (stocked * months / 12.0 * (1.0 - issuers_share))[1:3]
        assert (got[1][1:3, :, 12:25].sum(axis=2) <= others * (1.0 + 1e-12)).all()
        usable = _draw_inventory(need, available, dt, months, bill, stocked, issuers_share, 0.0 * denied)
        assert (got[1][1:3, :, 12:25] < usable[1][1:3, :, 12:25]).any()
