"""Brent's method (engines/brent.py) finds SciPy's ``brentq`` roots to the bit, without importing
``scipy.optimize`` in a run (issue 20)."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import brentq as scipy_brentq

from gotogether.engines.brent import brentq
from gotogether.errors import InputError

coefficients = st.lists(st.floats(-3, 3), min_size=2, max_size=6)


@given(
    coefficients,
    st.integers(0, 2),
    st.floats(-5, 0),
    st.floats(0.1, 5),
    st.floats(-14, -2),
)
def test_the_root_is_scipys_to_the_bit(
    coefficients: list[float], kind: int, a: float, b: float, log_tolerance: float
) -> None:
    def f(x: float) -> float:
        y = sum(c * x**power for power, c in enumerate(coefficients))
        return (y, math.tanh(y), math.atan(y) + 0.5 * math.sin(3 * x))[kind]

    if not f(a) * f(b) < 0:
        return
    tolerance = 10**log_tolerance
    found = brentq(f, a, b, xtol=tolerance)
    assert found == scipy_brentq(f, a, b, xtol=tolerance)


def test_a_hand_worked_root_and_its_errors() -> None:
    assert brentq(lambda x: x * x - 2.0, 0.0, 2.0, xtol=1e-12) == pytest.approx(math.sqrt(2.0), abs=1e-12)
    assert brentq(lambda x: x - 1.0, 1.0, 3.0, xtol=1e-12) == 1.0  # a root at an end
    with pytest.raises(InputError, match="same sign"):
        brentq(lambda x: x * x + 1.0, -1.0, 1.0, xtol=1e-12)
    with pytest.raises(InputError, match="not a number"):
        brentq(lambda x: math.nan if x > 0 else -1.0, -1.0, 1.0, xtol=1e-12)


def test_loading_the_world_imports_no_scipy_optimize() -> None:
    script = (
        "import sys; from gotogether.pipeline.world import load_world; load_world(); "
        "print('scipy.optimize' in sys.modules)"
    )
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert found.stdout.split() == ["False"]
