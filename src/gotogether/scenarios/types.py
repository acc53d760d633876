"""Field types of scenario files: registry-checked codes, lists that also accept one value, years, shares.

Codes are checked against the registries in ``gotogether.data.registry`` (case-insensitive, stored in their
canonical spelling); an unknown code fails with close matches suggested. The JSON Schema lists the known codes
so that editors can complete them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

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


def _one_or_many(value: Any) -> Any:
    """Let a list field take a single value: ``importers: USA`` means ``importers: [USA]``."""
    return [value] if isinstance(value, str) else value


REGISTRIES: dict[str, Callable[[], registry.Vocabulary]] = {
    "CountryCode": registry.countries,
    "SectorCode": registry.sectors,
    "VendorName": registry.vendors,
    "ComponentClass": registry.component_classes,
}
CODE_SCHEMAS: dict[str, dict[str, Any]] = {
    name: {"type": "string", "enum": list(vocabulary().codes), "description": f"A {vocabulary().kind}"}
    for name, vocabulary in REGISTRIES.items()
}
"""Schemas of the registry codes (``schema.scenario_json_schema`` moves them under ``$defs``, once each)."""


@dataclass(frozen=True)
class RegistryCode:
    """Pydantic metadata: a string that must be a code of a registry (``REGISTRIES``), stored canonically."""

    name: str

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return dict(CODE_SCHEMAS[self.name])

    def _check(self, value: str) -> str:
        known = REGISTRIES[self.name]()
        canonical = known.canonical(value)
        if canonical is None:
            raise PydanticCustomError(
                "unknown_code",
                "{problem}",
                {
                    "problem": known.unknown(value),
                    "expected": f"a {known.kind} listed in {known.source}"
                    + (" or a bloc name" if self.name == "CountryCode" else ""),
                },
            )
        return canonical


@dataclass(frozen=True)
class OneOrMany:
    """Pydantic metadata: a list of registry codes (``name``) that also accepts a single code."""

    name: str

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_before_validator_function(_one_or_many, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        item = CODE_SCHEMAS[self.name]
        if self.name == "CountryCode":
            bloc = {
                "type": "string",
                "description": "A bloc: built-in (registry/blocs.csv) or the scenario's",
            }
            item = {"anyOf": [item, bloc]}
        return {"anyOf": [item, {"type": "array", "items": item, "minItems": 1}]}


CountryCode = Annotated[str, RegistryCode("CountryCode")]
SectorCode = Annotated[str, RegistryCode("SectorCode")]
VendorName = Annotated[str, RegistryCode("VendorName")]
ComponentClass = Annotated[str, RegistryCode("ComponentClass")]
Countries = Annotated[list[CountryCode], Field(min_length=1), OneOrMany("CountryCode")]
Sectors = Annotated[list[SectorCode], Field(min_length=1), OneOrMany("SectorCode")]
Vendors = Annotated[list[VendorName], Field(min_length=1), OneOrMany("VendorName")]
ComponentClasses = Annotated[list[ComponentClass], Field(min_length=1), OneOrMany("ComponentClass")]
BlocNames = Annotated[
    list[Annotated[str, Field(min_length=1)]],
    Field(
        min_length=2,
        description="Names of built-in blocs (registry/blocs.csv) or of the scenario's own blocs",
    ),
]


def _not_a_number(value: object) -> object:
    """Refuse numbers before pydantic's lax date parsing would read them as Unix timestamps."""
    if isinstance(value, bool | int | float):
        raise invalid(f"{value!r} is a number, not a day", "a day as YYYY-MM-DD")
    return value


FIRST_YEAR, LAST_YEAR = 1990, 2100
"""The calendar the model covers: scenario years and days fall within it."""


def _in_calendar(value: dt.date) -> dt.date:
    """Refuse days the engines cannot reach (a rollout starting 9999-12-31 would run past year 9999)."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise invalid(
            f"{value.isoformat()} is outside the years the model covers",
            f"a day between {FIRST_YEAR}-01-01 and {LAST_YEAR}-12-31",
        )
    return value


Date = Annotated[
    dt.date,
    BeforeValidator(_not_a_number),
    AfterValidator(_in_calendar),
    Field(
        strict=False,
        description=f"A day, as YYYY-MM-DD, in {FIRST_YEAR}-{LAST_YEAR}",
        json_schema_extra={"pattern": r"^(199[0-9]|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$"},
    ),
]
Year = Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR, description="Calendar year")]
Share = Annotated[float, Field(ge=0.0, le=1.0, description="A share between 0 and 1")]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
