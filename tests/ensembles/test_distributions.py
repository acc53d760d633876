"""Distributions: quantiles against scipy.stats, validation, JSON Schema."""

from __future__ import annotations

import json

import numpy as np
import pytest
from pydantic import ValidationError
from scipy import stats

from gotogether.data.parameters.distributions import (
    Fixed,
    LogNormal,
    Normal,
    Pert,
    Triangular,
    Uniform,
    distribution_json_schema,
    parse_distribution,
)

U = np.array([0.001, 0.05, 0.25, 0.5, 0.75, 0.95, 0.999])


@pytest.mark.parametrize(
    ("distribution", "reference"),
    [
        (Normal(mean=4.0, sd=1.5), stats.norm(4.0, 1.5)),
        (Normal(mean=1.45, sd=0.3625, low=0.5), stats.truncnorm((0.5 - 1.45) / 0.3625, np.inf, 1.45, 0.3625)),
        (LogNormal(median=2.0, sigma=0.4), stats.lognorm(0.4, scale=2.0)),
        (Uniform(low=-1.0, high=3.0), stats.uniform(-1.0, 4.0)),
        (Triangular(low=2.0, mode=4.0, high=8.0), stats.triang(1 / 3, loc=2.0, scale=6.0)),
        # PERT (0.1, 0.18, 0.25): beta shapes 1 + 4 * 0.08/0.15 and 1 + 4 * 0.07/0.15.
        (
            Pert(low=0.10, mode=0.18, high=0.25),
            stats.beta(1 + 4 * 0.08 / 0.15, 1 + 4 * 0.07 / 0.15, 0.10, 0.15),
        ),
    ],
)
def test_ppf_matches_scipy(distribution: object, reference: stats.rv_continuous) -> None:
    np.testing.assert_allclose(distribution.ppf(U), reference.ppf(U), rtol=1e-12)  # type: ignore[attr-defined]


def test_truncated_normal_stays_in_bounds_and_pert_mean() -> None:
    draws = Normal(mean=1.45, sd=0.3625, low=0.5, high=2.0).ppf(np.linspace(1e-9, 1 - 1e-9, 1001))
    assert draws.min() >= 0.5
    assert draws.max() <= 2.0
    pert = Pert(low=0.10, mode=0.18, high=0.25)
    # The PERT mean is (low + 4 mode + high) / 6.
    assert float(np.mean(pert.ppf((np.arange(200_000) + 0.5) / 200_000))) == pytest.approx(
        0.1783333, abs=1e-6
    )


def test_fixed_is_constant() -> None:
    np.testing.assert_array_equal(Fixed(value=8.22).ppf(U), np.full(U.shape, 8.22))


def test_parse_by_kind_and_errors() -> None:
    assert parse_distribution({"kind": "uniform", "low": 0, "high": 1}) == Uniform(low=0, high=1)
    with pytest.raises(ValidationError, match="low < high"):
        parse_distribution({"kind": "uniform", "low": 1, "high": 1})
    with pytest.raises(ValidationError, match="mode"):
        parse_distribution({"kind": "pert", "low": 0, "mode": 2, "high": 1})
    with pytest.raises(ValidationError, match="sd"):
        parse_distribution({"kind": "normal", "mean": 1, "sd": -1})
    with pytest.raises(ValidationError):
        parse_distribution({"kind": "gamma", "shape": 2})
    with pytest.raises(ValidationError, match="Extra inputs"):
        parse_distribution({"kind": "fixed", "value": 1, "sd": 2})


def test_json_schema_lists_every_kind() -> None:
    schema = json.loads(distribution_json_schema())
    kinds = {definition["properties"]["kind"]["const"] for definition in schema["$defs"].values()}
    assert kinds == {"normal", "lognormal", "uniform", "triangular", "pert", "fixed"}


@pytest.mark.parametrize(
    "distribution",
    [
        Normal(mean=1.45, sd=0.3625, low=0.5, high=2.0),
        Uniform(low=0.5, high=2.0),
        Triangular(low=0.02, mode=0.035, high=0.07),
        Pert(low=0.02, mode=0.035, high=0.07),
        Fixed(value=0.035),
    ],
)
def test_ends_are_the_quantiles_at_zero_and_one(
    distribution: Normal | Uniform | Triangular | Pert | Fixed,
) -> None:
    low, high = distribution.ends()
    assert (low, high) == pytest.approx(
        (float(distribution.ppf(0.0)), float(distribution.ppf(1.0))), rel=1e-15
    )


def test_ends_of_an_unbounded_distribution_are_infinite() -> None:
    assert Normal(mean=4.0, sd=1.5).ends() == (-np.inf, np.inf)
