"""The one error type of the scenario layer: every problem with a scenario file, as a clear user message."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gotogether.errors import InputError


@dataclass(frozen=True)
class Issue:
    """One problem: where (``source`` as ``file:line:column``, ``location`` as a field path) and what."""

    problem: str
    source: str | None = None
    location: str | None = None
    expected: str | None = None

    def __str__(self) -> str:
        return str(
            InputError(self.problem, source=self.source, location=self.location, expected=self.expected)
        )


class ScenarioError(InputError):
    """A scenario that cannot be read (YAML syntax, schema, unknown codes, inheritance): all its issues."""

    _more: tuple[Issue, ...] = ()

    @property
    def issues(self) -> tuple[Issue, ...]:
        """Every issue found, the one in the message's first line first."""
        return (Issue(self.problem, self.source, self.location, self.expected), *self._more)

    @classmethod
    def from_issues(cls, issues: Sequence[Issue], *, limit: int = 10) -> ScenarioError:
        """One error listing up to ``limit`` issues (the first one leads; the count of the rest is given)."""
        if not issues:
            raise ValueError("a ScenarioError needs at least one issue")
        first = issues[0]
        error = cls(first.problem, source=first.source, location=first.location, expected=first.expected)
        error._more = tuple(issues[1:])
        if len(issues) > 1:
            lines = [f"{len(issues)} problems in the scenario:"]
            lines += [f"  - {issue}" for issue in issues[:limit]]
            if len(issues) > limit:
                lines.append(f"  ... and {len(issues) - limit} more")
            error.args = ("\n".join(lines),)
        return error
