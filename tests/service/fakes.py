"""A small but real executor for the service tests: tables computed from the scenario by hand-checkable rules.

Each measure's ``change`` adds up to a total shock s; the ``welfare`` table gives welfare_pct = -100 s w_c
with weights w = CHN 2, DEU 0.5, USA 1; the ``who_pays`` table gives each
country's share of the total loss, w_c / sum(w) (independent of s); the ``timeline`` table phases the
welfare change in linearly over 2020-2024 (year t: (t - 2019) / 5 of it). A document with ``fail: true``
fails.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gotogether.errors import InputError
from gotogether.runs.writer import RunWriter
from gotogether.service.catalog import InvalidScenarioError, Issue, ScenarioSummary
from gotogether.service.executor import Progress

SLUG = r"^[a-z0-9][a-z0-9-]{0,79}$"
WEIGHTS = {"CHN": 2.0, "DEU": 0.5, "USA": 1.0}
TARIFFS = {
    "name": "tariffs",
    "description": "Two tariffs adding up to a 0.3 shock.",
    "measures": [{"type": "tariff", "change": 0.25}, {"type": "tariff", "change": 0.05}],
}
MILD = {
    **TARIFFS,
    "name": "mild",
    "description": "One tariff, a 0.1 shock.",
    "measures": [{"type": "tariff", "change": 0.1}],
}
BUILTINS = {"tariffs": TARIFFS, "mild": MILD}


def total_shock(document: dict[str, Any]) -> float:
    """Sum of the measures' ``change`` values."""
    return sum(float(measure.get("change", 0.0)) for measure in document.get("measures", []))


class FakeExecutor:
    """Writes a run directory (gotogether.runs format): welfare, who-pays and timeline tables, manifest and
    report.

    ``steps`` progress calls, ``step_seconds`` apart, so tests can catch a run while it is running.
    """

    def __init__(self, steps: int = 3, step_seconds: float = 0.0) -> None:
        self.steps = steps
        self.step_seconds = step_seconds

    def __call__(self, scenario_documents: list[dict[str, Any]], out_dir: Path, progress: Progress) -> None:
        document = scenario_documents[0]
        if document.get("fail"):
            raise InputError("the fake pipeline was asked to fail", source="scenario", location="fail")
        for step in range(self.steps):
            progress(step / self.steps, f"step {step + 1} of {self.steps}")
            time.sleep(self.step_seconds)
        shock = total_shock(document)
        welfare = pd.Series(
            [-100 * shock * weight for weight in WEIGHTS.values()],
            index=pd.Index(list(WEIGHTS), name="country"),
            name="welfare_pct",
        )
        welfare.attrs.update(units={"welfare_pct": "%"}, long_names={"welfare_pct": "Welfare change"})
        who_pays = pd.DataFrame(
            {"country": list(WEIGHTS), "share": [w / sum(WEIGHTS.values()) for w in WEIGHTS.values()]}
        )
        timeline = pd.DataFrame(
            [
                {"year": year, "country": country, "welfare_pct": value * (year - 2019) / 5}
                for year in range(2020, 2025)
                for country, value in welfare.items()
            ]
        )
        notes = pd.DataFrame(
            {
                "scenario": [document["name"]] * len(document.get("measures", [])),
                "note": [
                    f"{document['name']}: measures[{index}] ({measure.get('type')}): a fake approximation"
                    for index, measure in enumerate(document.get("measures", []))
                ],
            }
        )
        tables = {"welfare": welfare, "who_pays": who_pays, "timeline": timeline, "notes": notes}
        with RunWriter(out_dir) as run:
            run.record(scenarios=scenario_documents)
            for name, table in tables.items():
                run.write_table(name, table)
            run.write_text("report.html", f"<html><body><h1>{document['name']}</h1></body></html>")
        progress(1.0, "written")


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
    """A catalog for tests: built-ins given as documents; validation of the envelope every scenario has
    (a name slug, a description, measures each with a type), extra fields allowed."""

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

    def json_schema(self) -> dict[str, Any]:
        """The envelope's schema."""
        return _Envelope.model_json_schema()

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
