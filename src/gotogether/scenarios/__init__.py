"""Scenarios: YAML files describing measures (tariffs, export controls, bans...), validated and resolved.

``load_scenario("allied-bans")`` or ``load_scenario("my.yaml")`` returns a :class:`Scenario`; every problem
with the input raises a :class:`ScenarioError` that names the file, line, column and field.
"""

from gotogether.scenarios.errors import ScenarioError
from gotogether.scenarios.loader import builtin_names, load_builtins, load_scenario, parse_scenario
from gotogether.scenarios.measures import (
    MEASURE_TYPES,
    BlocDecoupling,
    ExportControl,
    Measure,
    ProductivityShock,
    StandardsSplit,
    SupplyDisruption,
    Tariff,
    TradeBarrier,
    VendorBan,
)
from gotogether.scenarios.model import Scenario, Source

__all__ = [
    "MEASURE_TYPES",
    "BlocDecoupling",
    "ExportControl",
    "Measure",
    "ProductivityShock",
    "Scenario",
    "ScenarioError",
    "Source",
    "StandardsSplit",
    "SupplyDisruption",
    "Tariff",
    "TradeBarrier",
    "VendorBan",
    "builtin_names",
    "load_builtins",
    "load_scenario",
    "parse_scenario",
]
