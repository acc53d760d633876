"""The Buera-Oberfield law of motion: hand-worked closed forms, the balanced growth path, properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gotogether.engines.diffusion.model import (
    balanced_growth_stocks,
    gains_from_trade,
    idea_weights,
    knowledge_step,
    long_run_knowledge,
    productivity_change,
    share_ratio,
    symmetric_gains_from_trade,
)


def symmetric_shares(countries: int, domestic: float, sectors: int = 1) -> np.ndarray:
    share = np.full((countries, countries, sectors), (1.0 - domestic) / (countries - 1))
    share[np.arange(countries), np.arange(countries), :] = domestic
    return share


def test_two_symmetric_countries_by_hand() -> None:
    # x^(1/2) = sqrt(3/4) + sqrt(1/4), so x = 1 + sqrt(3)/2 and W/W_A = ((4 + 2 sqrt 3) / 3)^(1/4).
    share = symmetric_shares(2, 0.75)
    assert balanced_growth_stocks(share, 0.5) == pytest.approx(
        np.full((2, 1), 1 + math.sqrt(3) / 2), rel=1e-12
    )
    by_hand = ((4 + 2 * math.sqrt(3)) / 3) ** 0.25
    assert gains_from_trade(share, 0.5, np.array([4.0])) == pytest.approx(np.full((2, 1), by_hand), rel=1e-12)
    assert symmetric_gains_from_trade(0.75, 2, 0.5, 4.0) == pytest.approx(by_hand, rel=1e-12)


def test_three_symmetric_countries_by_hand() -> None:
    # x^(1/2) = sqrt(1/2) + sqrt(2) sqrt(1/2) = 1 + sqrt(1/2): x / pi_d = 3 + 2 sqrt 2 = (1 + sqrt 2)^2.
    share = symmetric_shares(3, 0.5)
    assert gains_from_trade(share, 0.5, np.array([4.0]))[0, 0] == pytest.approx(
        math.sqrt(1 + math.sqrt(2)), rel=1e-12
    )


def test_no_diffusion_gives_the_static_gains() -> None:
    share = symmetric_shares(4, 0.6, sectors=2)
    theta = np.array([4.0, 8.0])
    assert gains_from_trade(share, 0.0, theta) == pytest.approx(0.6 ** (-1.0 / theta[None, :]).repeat(4, 0))


def test_weights_sum_to_one_and_follow_the_shares() -> None:
    share = symmetric_shares(3, 0.5, sectors=2)
    weights = idea_weights(share, 0.5)
    assert weights.sum(axis=1) == pytest.approx(np.ones((3, 2)))
    # x is common, so s_ik is proportional to pi_ik^(1/2): sqrt(.5) / (sqrt(.5) + 2 sqrt(.25)).
    assert weights[0, 0, 0] == pytest.approx(math.sqrt(0.5) / (math.sqrt(0.5) + 1.0))


def test_baseline_shares_keep_knowledge_on_the_path() -> None:
    share = symmetric_shares(3, 0.7, sectors=2)
    weights = idea_weights(share, 0.6)
    ratio = share_ratio(share, share)
    knowledge = knowledge_step(np.ones((3, 2)), ratio, weights, 0.6, 0.04)
    np.testing.assert_allclose(knowledge, 1.0, rtol=0, atol=1e-14)
    np.testing.assert_allclose(long_run_knowledge(ratio, weights, 0.6), 1.0, rtol=0, atol=1e-12)


def test_steps_converge_to_the_long_run() -> None:
    base = symmetric_shares(2, 0.75)
    closed = symmetric_shares(2, 0.9)  # a barrier: more bought at home
    weights = idea_weights(base, 0.5)
    ratio = share_ratio(closed, base)
    knowledge = np.ones((2, 1))
    for _ in range(2000):
        knowledge = knowledge_step(knowledge, ratio, weights, 0.5, 0.04)
    np.testing.assert_allclose(knowledge, long_run_knowledge(ratio, weights, 0.5), rtol=1e-10)
    # In the long run knowledge is where the balanced growth path through the closed shares puts it.
    expected = balanced_growth_stocks(closed, 0.5) / balanced_growth_stocks(base, 0.5)
    np.testing.assert_allclose(knowledge, expected, rtol=1e-10)
    assert (knowledge < 1).all()


def test_productivity_is_knowledge_to_the_one_over_theta() -> None:
    assert productivity_change(np.array([[16.0, 256.0]]), np.array([4.0, 8.0])) == pytest.approx(
        np.array([[2.0, 2.0]])
    )


@given(
    domestic=st.floats(0.2, 0.95),
    closer=st.floats(0.0, 1.0),
    beta=st.floats(0.0, 0.9),
    countries=st.integers(2, 6),
)
def test_trading_less_never_raises_knowledge_in_a_home_biased_symmetric_world(
    domestic: float, closer: float, beta: float, countries: int
) -> None:
    # Ideas rise with diversification (sum_k pi_ik^(1-beta) is largest at equal shares), so trading less
    # lowers knowledge only from a home bias, pi_ii >= 1/N: from below, more at home diversifies.
    domestic = max(domestic, 1.0 / countries)
    base = symmetric_shares(countries, domestic)
    closed = symmetric_shares(countries, domestic + closer * (1.0 - domestic) * 0.99)
    weights = idea_weights(base, beta)
    long_run = long_run_knowledge(share_ratio(closed, base), weights, beta)
    assert (long_run <= 1.0 + 1e-12).all()
