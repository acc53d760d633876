"""Errors users see: each says where the problem is (file, field or cell) and what was expected.

The CLI turns every ``GotogetherError`` into a one-paragraph message and exit status 2; anything else is a
bug and keeps its traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


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


def close_matches(
    value: object, choices: Iterable[object], *, limit: int = 3, cutoff: float = 0.6
) -> list[str]:
    """Up to ``limit`` of ``choices`` that look like ``value`` (difflib's similarity at least ``cutoff``),
    best first; none when ``value`` is not text."""
    if not isinstance(value, str):
        return []
    return difflib.get_close_matches(value, [str(choice) for choice in choices], n=limit, cutoff=cutoff)


def did_you_mean(
    value: object, choices: Iterable[object], *, limit: int = 3, cutoff: float = 0.6, form: str = "; {}"
) -> str:
    """The hint ``did you mean 'a' or 'b'?`` for an unknown ``value``, placed in ``form`` (``"; {}"`` or
    ``" ({})"``), or "" when nothing in ``choices`` is close: the one way messages suggest what was meant."""
    return suggestion(close_matches(value, choices, limit=limit, cutoff=cutoff), form=form)


def suggestion(close: Iterable[str], *, form: str = "; {}") -> str:
    """``did you mean 'a' or 'b'?`` for matches found otherwise (e.g. by code and by name), in ``form``."""
    listed = " or ".join(map(repr, close))
    return form.format(f"did you mean {listed}?") if listed else ""


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
