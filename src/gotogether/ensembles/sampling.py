"""Seeded quasi-random designs: a (draw, parameter) table of parameter values.

The whole design matrix is generated once, in the process that starts the ensemble, from the seed; draw i
is row i, and workers receive the rows of their batch. Draw i's values therefore depend only on the seed,
the method, the parameter set (names and distributions; column order is by sorted name, so the order of a
mapping does not matter) and, for Latin hypercube only, the number of draws n (its strata are 1/n wide);
never on the number of workers or the batch size. A scrambled Sobol sequence does not depend on n either:
the first 100 draws of a 1,000-draw Sobol ensemble are the 100 draws of a 100-draw one.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Literal

import numpy as np
import pandas as pd

from gotogether.data.parameters.distributions import Distribution

Method = Literal["lhs", "sobol"]
DRAW = "draw"
PARAMETER = "parameter"


def unit_design(n_draws: int, n_parameters: int, *, seed: int, method: Method = "lhs") -> np.ndarray:
    """An (n_draws, n_parameters) array of points in (0, 1), Latin hypercube or scrambled Sobol."""
    from scipy.stats import qmc

    if n_draws < 1:
        raise ValueError(f"n_draws must be at least 1, got {n_draws}")
    rng = np.random.default_rng(seed)
    if method == "lhs":
        return np.asarray(qmc.LatinHypercube(d=n_parameters, rng=rng).random(n_draws))
    with warnings.catch_warnings():
        # Sobol's balance is exact only for powers of two; any n is still a valid prefix of the sequence.
        warnings.filterwarnings("ignore", message="The balance properties of Sobol", category=UserWarning)
        points = np.asarray(qmc.Sobol(d=n_parameters, scramble=True, rng=rng).random(n_draws))
    # A scrambled Sobol coordinate can be exactly 0 with probability ~2^-30; keep ppf finite.
    return np.asarray(np.clip(points, np.finfo(float).tiny, 1 - np.finfo(float).epsneg), dtype=np.float64)


def design(
    parameters: Mapping[str, Distribution], n_draws: int, *, seed: int, method: Method = "lhs"
) -> pd.DataFrame:
    """Parameter values of each draw: rows ``draw`` 0..n-1, columns the parameter names (sorted)."""
    names = sorted(parameters)
    points = unit_design(n_draws, len(names), seed=seed, method=method)
    values = {name: parameters[name].ppf(points[:, column]) for column, name in enumerate(names)}
    frame = pd.DataFrame(values, index=pd.RangeIndex(n_draws, name=DRAW))
    frame.columns.name = PARAMETER
    return frame
