"""Brent's method for a root of a scalar function on a bracket, step for step as ``scipy.optimize.brentq``
computes it (Brent 1973, in Charles Harris's formulation: inverse quadratic extrapolation or the secant
where it stays well inside the bracket, else bisection), so that its roots equal SciPy's to the bit (a
test compares them). It lives here because importing ``scipy.optimize`` costs about 0.2 s of every run
(its linear-programming and special-function modules), more than the calibration that needs one root.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Final

from gotogether.errors import InputError

RELATIVE_TOLERANCE: Final = 4 * 2.220446049250313e-16
"""SciPy's default and smallest relative tolerance (four times the machine epsilon)."""
MAX_ITERATIONS: Final = 100


def brentq(
    f: Callable[[float], float],
    a: float,
    b: float,
    xtol: float,
    rtol: float = RELATIVE_TOLERANCE,
    maxiter: int = MAX_ITERATIONS,
) -> float:
    """A root of ``f`` between ``a`` and ``b`` (where ``f`` changes sign) within ``xtol + rtol * |x|``.

    At the top of each step ``current`` is the latest estimate, ``previous`` the one before, the root lies
    between ``current`` and ``block``, and ``|f(current)| <= |f(block)|``."""

    def value(x: float) -> float:
        y = float(f(x))
        if math.isnan(y):
            raise InputError(f"the function is not a number at {x!r}", expected="a continuous function")
        return y

    previous, current = float(a), float(b)
    f_previous, f_current = value(previous), value(current)
    if f_previous == 0:
        return previous
    if f_current == 0:
        return current
    if math.copysign(1.0, f_previous) == math.copysign(1.0, f_current):
        raise InputError(f"f({a}) and f({b}) have the same sign", expected="a bracket of a root")
    block = f_block = step_previous = step_current = 0.0
    for _ in range(maxiter):
        if (
            f_previous != 0
            and f_current != 0
            and math.copysign(1.0, f_previous) != math.copysign(1.0, f_current)
        ):
            block, f_block = previous, f_previous
            step_previous = step_current = current - previous
        if abs(f_block) < abs(f_current):
            previous, current, block = current, block, current
            f_previous, f_current, f_block = f_current, f_block, f_current
        tolerance = (xtol + rtol * abs(current)) / 2
        bisection = (block - current) / 2
        if f_current == 0 or abs(bisection) < tolerance:
            return current
        if abs(step_previous) > tolerance and abs(f_current) < abs(f_previous):
            if previous == block:  # secant
                trial = -f_current * (current - previous) / (f_current - f_previous)
            else:  # inverse quadratic extrapolation
                slope_previous = (f_previous - f_current) / (previous - current)
                slope_block = (f_block - f_current) / (block - current)
                trial = (
                    -f_current
                    * (f_block * slope_block - f_previous * slope_previous)
                    / (slope_block * slope_previous * (f_block - f_previous))
                )
            room = 3 * abs(bisection) - tolerance
            if 2 * abs(trial) < (abs(step_previous) if abs(step_previous) < room else room):
                step_previous, step_current = step_current, trial  # a good short step
            else:
                step_previous = step_current = bisection
        else:
            step_previous = step_current = bisection
        previous, f_previous = current, f_current
        if abs(step_current) > tolerance:
            current += step_current
        else:
            current += tolerance if bisection > 0 else -tolerance
        f_current = value(current)
    raise InputError(
        f"Brent's method did not converge in {maxiter} iterations", expected="a continuous function"
    )
