"""The measures a scenario can hold: one class per ``type`` (``base``), in modules by the engine they reach.

Importing this package registers every measure type; ``Measure`` is then the union of the registered classes,
told apart by ``type``. Units: see each module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Union

from pydantic import BaseModel, Field

from gotogether.data import registry
from gotogether.scenarios.measures import base
from gotogether.scenarios.measures.base import MEASURE_TYPES, Where, supply_codes
from gotogether.scenarios.measures.disruption import (
    CapacityDisruption,
    RouteDisruption,
    SoleSupplierDisruption,
    Stockpiling,
)
from gotogether.scenarios.measures.retaliation import TenderExclusion, UnreliableEntityList
from gotogether.scenarios.measures.rollout import StandardsSplit, VendorBan
from gotogether.scenarios.measures.supply import (
    Divestiture,
    ExportControl,
    FoundryListing,
    Joining,
    Licence,
    SupplyDisruption,
)
from gotogether.scenarios.measures.trade import BlocDecoupling, ProductivityShock, Tariff, TradeBarrier
from gotogether.scenarios.types import OneOrMany

if TYPE_CHECKING:
    Measure = base.Measure
else:
    Measure = Annotated[Union[tuple(MEASURE_TYPES.values())], Field(discriminator="type")]  # noqa: UP007
"""Any registered measure, told apart by its ``type`` field."""


def _country_fields(cls: type[BaseModel]) -> dict[str, type[BaseModel] | None]:
    """The fields of ``cls`` that hold lists of countries, and the model of nested lists (``joining``)."""
    fields: dict[str, type[BaseModel] | None] = {}
    for name, info in cls.__pydantic_fields__.items():
        if any(isinstance(meta, OneOrMany) and meta.name == "CountryCode" for meta in info.metadata):
            fields[name] = None
        elif name == "joining":
            fields[name] = Joining
    return fields


def expand_blocs(measure: Any, blocs: Mapping[str, Sequence[str]]) -> Any:
    """A measure document with every bloc name in a list of countries replaced by the bloc's members (in
    order, without repeats); anything else is left for validation to judge."""
    if not isinstance(measure, dict) or measure.get("type") not in MEASURE_TYPES:
        return measure
    return _expand(measure, MEASURE_TYPES[measure["type"]], blocs)


def _expand(document: dict[str, Any], cls: type[BaseModel], blocs: Mapping[str, Sequence[str]]) -> Any:
    expanded = dict(document)
    for name, nested in _country_fields(cls).items():
        value = document.get(name)
        if nested is not None and isinstance(value, list):
            expanded[name] = [
                _expand(item, nested, blocs) if isinstance(item, dict) else item for item in value
            ]
        elif isinstance(value, str | list):
            codes = [value] if isinstance(value, str) else value
            members = [member for code in codes for member in _members(code, blocs)]
            expanded[name] = (
                list(dict.fromkeys(members)) if all(isinstance(m, str) for m in members) else value
            )
    return expanded


def _members(code: Any, blocs: Mapping[str, Sequence[str]]) -> list[Any]:
    if isinstance(code, str) and code in blocs and registry.countries().canonical(code) is None:
        return list(blocs[code])
    return [code]


__all__ = [
    "MEASURE_TYPES",
    "BlocDecoupling",
    "CapacityDisruption",
    "Divestiture",
    "ExportControl",
    "FoundryListing",
    "Joining",
    "Licence",
    "Measure",
    "ProductivityShock",
    "RouteDisruption",
    "SoleSupplierDisruption",
    "StandardsSplit",
    "Stockpiling",
    "SupplyDisruption",
    "Tariff",
    "TenderExclusion",
    "TradeBarrier",
    "UnreliableEntityList",
    "VendorBan",
    "Where",
    "expand_blocs",
    "supply_codes",
]
