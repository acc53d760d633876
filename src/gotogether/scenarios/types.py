"""Field types of scenario files: registry-checked codes, lists that also accept one value, years, shares.

Codes are checked against the registries in ``gotogether.data.registry`` (case-insensitive, stored in their
canonical spelling); an unknown code fails with close matches suggested. The JSON Schema lists the known codes
so that editors can complete them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from gotogether.data import registry


def invalid(
    problem: str, expected: str | None = None, *, at: tuple[str | int, ...] = ()
) -> PydanticCustomError:
    """A validation error whose message is ``problem``.

    ``expected`` and ``at`` (a field path below the validated object, for errors found by a validator of a
    containing object) travel in its context, where the scenario loader reads them.
    """
    return PydanticCustomError(
        "invalid_scenario", "{problem}", {"problem": problem, "expected": expected, "at": list(at)}
    )


def _code_checker(vocabulary: Callable[[], registry.Vocabulary], table: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        known = vocabulary()
        canonical = known.canonical(value)
        if canonical is None:
            raise PydanticCustomError(
                "unknown_code",
                "{problem}",
                {
                    "problem": known.unknown(value),
                    "expected": f"a {known.kind} listed in registry/{table}.csv",
                },
            )
        return canonical

    return check


def _one_or_many(value: Any) -> Any:
    """Let a list field take a single value: ``importers: USA`` means ``importers: [USA]``."""
    return [value] if isinstance(value, str) else value


CODE_SCHEMAS: dict[str, dict[str, Any]] = {
    name: {
        "type": "string",
        "enum": list(vocabulary.codes),
        "description": f"A {vocabulary.kind} of the registry",
    }
    for name, vocabulary in (
        ("CountryCode", registry.countries()),
        ("SectorCode", registry.sectors()),
        ("VendorName", registry.vendors()),
        ("ComponentClass", registry.component_classes()),
    )
}
"""Schemas of the registry codes (``schema.scenario_json_schema`` moves them under ``$defs``, once each)."""


def _code_schema(name: str) -> dict[str, Any]:
    return CODE_SCHEMAS[name]


def _list_schema(item: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [item, {"type": "array", "items": item, "minItems": 1}]}


CountryCode = Annotated[
    str,
    AfterValidator(_code_checker(registry.countries, "countries")),
    WithJsonSchema(_code_schema("CountryCode")),
]
SectorCode = Annotated[
    str,
    AfterValidator(_code_checker(registry.sectors, "sectors")),
    WithJsonSchema(_code_schema("SectorCode")),
]
VendorName = Annotated[
    str,
    AfterValidator(_code_checker(registry.vendors, "vendors")),
    WithJsonSchema(_code_schema("VendorName")),
]
ComponentClass = Annotated[
    str,
    AfterValidator(_code_checker(registry.component_classes, "component_classes")),
    WithJsonSchema(_code_schema("ComponentClass")),
]

Countries = Annotated[
    list[CountryCode],
    BeforeValidator(_one_or_many),
    Field(min_length=1),
    WithJsonSchema(_list_schema(_code_schema("CountryCode"))),
]
Sectors = Annotated[
    list[SectorCode],
    BeforeValidator(_one_or_many),
    Field(min_length=1),
    WithJsonSchema(_list_schema(_code_schema("SectorCode"))),
]
Vendors = Annotated[
    list[VendorName],
    BeforeValidator(_one_or_many),
    Field(min_length=1),
    WithJsonSchema(_list_schema(_code_schema("VendorName"))),
]
ComponentClasses = Annotated[
    list[ComponentClass],
    BeforeValidator(_one_or_many),
    Field(min_length=1),
    WithJsonSchema(_list_schema(_code_schema("ComponentClass"))),
]
BlocNames = Annotated[
    list[Annotated[str, Field(min_length=1)]],
    Field(
        min_length=2,
        description="Names of built-in blocs (registry/blocs.csv) or of the scenario's own blocs",
    ),
]

Date = Annotated[dt.date, Field(strict=False, description="A day, as YYYY-MM-DD")]
Year = Annotated[int, Field(ge=1990, le=2100, description="Calendar year")]
Share = Annotated[float, Field(ge=0.0, le=1.0, description="A share between 0 and 1")]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
