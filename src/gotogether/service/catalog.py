"""Where the service gets built-in scenarios and how it validates submitted ones: a small interface.

``gotogether serve`` uses :class:`gotogether.service.library.ScenarioLibrary` (the scenario layer); tests
plug in smaller catalogs.
"""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import BaseModel, Field


class Issue(BaseModel):
    """One problem with a submitted scenario: where (document and field) and what is wrong or expected."""

    location: str = Field(examples=["document 0: measures[0].change"])
    message: str = Field(examples=["Input should be a valid number"])


class ScenarioSummary(BaseModel):
    """A built-in scenario as listed in the library."""

    name: str = Field(examples=["tariff-war"])
    description: str = Field(examples=["The US-China tariff war of 2018-2019."])


class InvalidScenarioError(Exception):
    """A submitted scenario breaks the schema; carries every issue found."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("; ".join(f"{issue.location}: {issue.message}" for issue in issues))


class ScenarioCatalog(Protocol):
    """The scenario layer as the service sees it."""

    def summaries(self) -> list[ScenarioSummary]:
        """Built-in scenarios, by name."""

    def document(self, name: str) -> dict[str, Any] | None:
        """The document of a built-in scenario, or None if there is none by that name."""

    def validate(self, documents: list[dict[str, Any]]) -> str:
        """Check a scenario (first document) and its custom parents; its name, or InvalidScenarioError."""

    def json_schema(self) -> dict[str, Any]:
        """JSON Schema of one scenario document (definitions under ``$defs``)."""
