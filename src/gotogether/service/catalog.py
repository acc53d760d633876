"""Where the service gets built-in scenarios and how it validates submitted ones (a swappable interface).

The service only needs :class:`ScenarioCatalog`. :class:`EnvelopeCatalog` is the stand-in used until the
scenario layer (``gotogether.scenarios``) is wired in: it checks the envelope every scenario has (a name
slug, a description, a list of measures each with a type) and holds whatever built-ins it is given.
"""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

SLUG = r"^[a-z0-9][a-z0-9-]{0,79}$"


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

    def json_schema(self, ref_template: str) -> dict[str, Any]:
        """JSON Schema of one scenario document, definitions under ``$defs`` referenced by ref_template."""


class _Measure(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: str = Field(min_length=1, max_length=80)


class _Envelope(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str = Field(pattern=SLUG)
    description: str = Field(min_length=1, max_length=10_000)
    inherits: str | None = Field(None, pattern=SLUG)
    measures: list[_Measure] = Field(default_factory=list, max_length=1000)


class EnvelopeCatalog:
    """Stand-in catalog: built-ins given as documents; validation of the common envelope only."""

    def __init__(self, builtins: dict[str, dict[str, Any]] | None = None) -> None:
        self._builtins = dict(builtins or {})

    def summaries(self) -> list[ScenarioSummary]:
        """Built-ins sorted by name."""
        return [
            ScenarioSummary(name=name, description=str(document.get("description", "")))
            for name, document in sorted(self._builtins.items())
        ]

    def document(self, name: str) -> dict[str, Any] | None:
        """A copy-free lookup (documents are never mutated by the service)."""
        return self._builtins.get(name)

    def json_schema(self, ref_template: str) -> dict[str, Any]:
        """The envelope's schema."""
        return _Envelope.model_json_schema(ref_template=ref_template)

    def validate(self, documents: list[dict[str, Any]]) -> str:
        """Every document must have the envelope; the first one is the scenario run."""
        issues: list[Issue] = []
        for number, document in enumerate(documents):
            try:
                _Envelope.model_validate(document)
            except ValidationError as error:
                issues.extend(
                    Issue(location=f"document {number}: {_path(detail['loc'])}", message=detail["msg"])
                    for detail in error.errors()
                )
        if issues:
            raise InvalidScenarioError(issues)
        return str(documents[0]["name"])


def _path(location: tuple[int | str, ...]) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "(document)"
