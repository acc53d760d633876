"""Designs: Latin hypercube strata, reproducibility, Sobol prefixes, order independence."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gotogether.data.parameters.distributions import Normal, Triangular, Uniform
from gotogether.ensembles import design
from gotogether.ensembles.sampling import unit_design

PARAMETERS = {"b": Uniform(low=0, high=1), "a": Normal(mean=5, sd=1), "c": Triangular(low=0, mode=1, high=4)}


def test_latin_hypercube_hits_each_stratum_once() -> None:
    n = 37
    points = unit_design(n, 5, seed=11, method="lhs")
    for column in points.T:
        assert sorted(np.floor(column * n).astype(int)) == list(range(n))


def test_same_seed_same_design_and_order_independent() -> None:
    first = design(PARAMETERS, 16, seed=3)
    reordered = design(dict(reversed(list(PARAMETERS.items()))), 16, seed=3)
    pd.testing.assert_frame_equal(first, reordered)
    assert list(first.columns) == ["a", "b", "c"]
    assert not first.equals(design(PARAMETERS, 16, seed=4))
    # Column "b" is uniform on [0, 1]: its values are the unit design itself.
    np.testing.assert_allclose(first["b"], unit_design(16, 3, seed=3)[:, 1])


def test_sobol_prefix_does_not_depend_on_n() -> None:
    small = design(PARAMETERS, 10, seed=5, method="sobol")
    large = design(PARAMETERS, 64, seed=5, method="sobol")
    pd.testing.assert_frame_equal(small, large.iloc[:10])
