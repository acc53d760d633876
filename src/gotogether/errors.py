"""Errors users see: each says where the problem is (file, field or cell) and what was expected.

The CLI turns every ``GotogetherError`` into a one-paragraph message and exit status 2; anything else is a
bug and keeps its traceback.
"""

from __future__ import annotations


class GotogetherError(Exception):
    """Base class of every error meant for the user rather than the developer."""


class InputError(GotogetherError):
    """Bad input: names the source (file), the location inside it (field, row, cell) and the expectation."""

    def __init__(
        self,
        problem: str,
        *,
        source: str | None = None,
        location: str | None = None,
        expected: str | None = None,
    ) -> None:
        self.problem = problem
        self.source = source
        self.location = location
        self.expected = expected
        where = ", ".join(part for part in (source, location) if part)
        message = f"{where}: {problem}" if where else problem
        if expected:
            message += f" (expected {expected})"
        super().__init__(message)


class DataConsistencyError(InputError):
    """Data that parse but break an accounting identity (shares not summing to one, negative flows...)."""


class ConvergenceError(GotogetherError):
    """A solver stopped before reaching its tolerance; carries the diagnostics to act on."""

    def __init__(self, solver: str, *, iterations: int, residual: float, tolerance: float) -> None:
        self.solver = solver
        self.iterations = iterations
        self.residual = residual
        self.tolerance = tolerance
        super().__init__(
            f"{solver} did not converge: residual {residual:.3e} after {iterations} iterations "
            f"(tolerance {tolerance:.1e}); check the shock for extreme values or raise max_iterations"
        )
