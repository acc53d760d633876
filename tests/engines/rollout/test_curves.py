"""Hand-worked cases of the rollout's equations (two countries, two vendors)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from gotogether.engines.rollout.curves import (
    allocate_capacity,
    coverage_from_sites,
    desired_sites,
    logit_shares,
    scale_to_budget,
)
from gotogether.engines.rollout.measures import decimal_year


def test_logit_shares_by_hand() -> None:
    base = np.array([[0.6, 0.4], [0.2, 0.8]])
    price = np.array([[1.0, 2.0], [1.0, 1.0]])
    allowed = np.array([[1.0, 1.0], [1.0, 0.0]])
    # AAA: weights 0.6 * 1 and 0.4 * 2^-1 = 0.2, so 0.75 / 0.25; BBB: y banned, x takes all.
    shares = logit_shares(base, price, allowed, beta=1.0)
    np.testing.assert_allclose(shares, [[0.75, 0.25], [1.0, 0.0]], rtol=1e-12)
    # equal prices return the base shares (incumbency) whatever beta
    np.testing.assert_allclose(logit_shares(base, np.ones((2, 2)), np.ones((2, 2)), 3.0), base, rtol=1e-12)
    # no vendor allowed: no shares
    assert logit_shares(base, price, np.zeros((2, 2)), 1.0).sum() == 0.0


def test_coverage_is_concave_in_sites() -> None:
    covered = coverage_from_sites(np.array([[0.0, 250.0, 1000.0, 2000.0]]), np.array([1000.0]), 0.5)
    np.testing.assert_allclose(covered, [[0.0, 0.5, 1.0, 1.0]], rtol=1e-12)


def test_desired_path_is_zero_before_launch_and_half_at_the_midpoint() -> None:
    years = np.arange(2019, 2023)
    path = desired_sites(np.array([1000.0]), np.array([2021.0]), np.array([1.0]), np.array([2020.0]), years)
    assert path[0, 0] == 0.0
    assert path[0, 1] == pytest.approx(500.0)  # end of 2020 = 2021.0 = midpoint
    assert path[0, 2] == pytest.approx(1000.0 / (1.0 + np.exp(-1.0)))


def test_capacity_shifts_unmet_demand_to_vendors_with_spare_capacity() -> None:
    demand = np.array([[60.0, 40.0], [50.0, 50.0]])
    shares = demand / demand.sum(axis=1, keepdims=True)
    # x can make 88 of the 110 asked (80%); y (90 asked) has 30 spare for the 22 unmet
    served = allocate_capacity(demand, np.array([88.0, 120.0]), shares)
    np.testing.assert_allclose(served[:, 0], [48.0, 40.0])
    np.testing.assert_allclose(served[:, 1], [40.0 + 12.0, 50.0 + 10.0])
    # y short too: the unmet part waits
    waited = allocate_capacity(demand, np.array([88.0, 90.0]), shares)
    np.testing.assert_allclose(waited.sum(), 178.0)


def test_budget_scale_and_decimal_years() -> None:
    np.testing.assert_allclose(
        scale_to_budget(np.array([200.0, 50.0, 0.0]), np.array([100.0] * 3)), [0.5, 1, 1]
    )
    assert decimal_year(date(2021, 1, 1)) == 2021.0
    assert decimal_year(date(2020, 7, 2)) == pytest.approx(2020.5, abs=1e-3)
