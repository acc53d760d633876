"""The scenario layer (``gotogether.scenarios``) as the service's catalog: built-ins, schema, validation.

Submitted documents never reach the file system's namespace: ``inherits`` may name a built-in scenario or
another document of the same submission (written ``<name>.yaml``), nothing else, so a client cannot make the
server read its files. The custom parents are written into a private temporary folder only for resolving.
"""

from __future__ import annotations

import re
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from gotogether.errors import InputError
from gotogether.pipeline.world import load_world
from gotogether.scenarios import Scenario, ScenarioError, builtin_names, load_builtins, parse_scenario
from gotogether.scenarios.errors import Issue as ScenarioIssue
from gotogether.scenarios.schema import scenario_json_schema
from gotogether.scenarios.translate import translate
from gotogether.scenarios.yamlfile import json_as_yaml, parse_yaml
from gotogether.service.catalog import InvalidScenarioError, Issue, ScenarioSummary
from gotogether.service.documents import json_ready

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")


class ScenarioLibrary:
    """Built-in scenarios and validation with the scenario layer's own schema and inheritance rules."""

    def __init__(self) -> None:
        self._summaries = [ScenarioSummary(name=s.name, description=s.description) for s in load_builtins()]

    def summaries(self) -> list[ScenarioSummary]:
        """The built-in library, by name."""
        return self._summaries

    def document(self, name: str) -> dict[str, Any] | None:
        """A built-in scenario's document as written in its YAML file (``inherits`` not resolved)."""
        if name not in builtin_names():
            return None
        content = resources.files("gotogether.scenarios").joinpath("library", f"{name}.yaml").read_bytes()
        data: dict[str, Any] = json_ready(parse_yaml(content, f"{name}.yaml").data, f"{name}.yaml")
        return data

    def json_schema(self) -> dict[str, Any]:
        """The scenario file schema (JSON Schema, definitions under ``$defs``), with ``inherits`` narrowed
        to what a submission may name: a built-in scenario or ``<name>.yaml`` of a document sent with it."""
        schema = scenario_json_schema()
        schema["properties"]["inherits"] = {
            "anyOf": [
                {"type": "string", "enum": builtin_names(), "description": "A built-in scenario"},
                {
                    "type": "string",
                    "pattern": f"^{SLUG.pattern}\\.yaml$",
                    "description": "<name>.yaml: a document sent in the same body",
                },
                {"type": "null"},
            ],
            "default": None,
            "description": "The parent scenario: a built-in name, or <name>.yaml of a document sent with it",
        }
        return schema

    def validate(self, documents: list[dict[str, Any]]) -> str:
        """The scenario's name if the documents resolve to a valid scenario that the engines accept (it is
        translated on the default world, with every check a run would make), else every issue found."""
        scenario = resolve(documents)
        try:
            translate(scenario, load_world().model)
        except InputError as error:
            where = ", ".join(part for part in (error.source, error.location) if part)
            raise InvalidScenarioError([Issue(location=f"document 0: {where}", message=str(error))]) from None
        return scenario.name


def resolve(documents: list[dict[str, Any]]) -> Scenario:
    """The validated scenario of a submission: the first document, inheriting from built-ins or from the
    documents after it (referred to as ``<name>.yaml``). Raises InvalidScenarioError with located issues.
    """
    parents = _parent_files(documents)
    with tempfile.TemporaryDirectory(prefix="gotogether-scenario-") as folder:
        for file_name, document in parents.items():
            (Path(folder) / file_name).write_text(json_as_yaml(document), encoding="utf-8")
        try:
            return parse_scenario(json_as_yaml(documents[0]).encode(), "document 0", directory=Path(folder))
        except ScenarioError as error:
            raise InvalidScenarioError([_issue(issue, folder) for issue in error.issues]) from error


def _parent_files(documents: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """File names of the custom parents, after checking every ``inherits`` names something allowed."""
    files: dict[str, dict[str, Any]] = {}
    issues = []
    for number, document in enumerate(documents[1:], start=1):
        name = document.get("name")
        if not isinstance(name, str) or not SLUG.fullmatch(name):
            issues.append(
                Issue(location=f"document {number}: name", message="a parent needs a name (a slug)")
            )
        else:
            files[f"{name}.yaml"] = document
    allowed = set(builtin_names()) | set(files)
    for number, document in enumerate(documents):
        inherits = document.get("inherits")
        if inherits is not None and inherits not in allowed:
            issues.append(
                Issue(
                    location=f"document {number}: inherits",
                    message=f"unknown parent {inherits!r} (expected a built-in scenario name or "
                    "'<name>.yaml' of a document sent with it)",
                )
            )
    if issues:
        raise InvalidScenarioError(issues)
    return files


def _issue(issue: ScenarioIssue, folder: str) -> Issue:
    # Line and column refer to the JSON the documents were rendered to, not to what the client sent.
    source = re.sub(r":\d+:\d+$", "", (issue.source or "").replace(f"{Path(folder).resolve()}/", ""))
    location = ": ".join(part for part in (source, issue.location) if part) or "scenario"
    message = issue.problem + (f" (expected {issue.expected})" if issue.expected else "")
    return Issue(location=location, message=message)
