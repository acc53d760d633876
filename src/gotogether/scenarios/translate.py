"""From a scenario to the engines: every measure contributes to one ``EngineInputs`` (see ``inputs``).

The measure classes say how (``gotogether.scenarios.measures``); this module walks a scenario's measures in
order, then runs the engines' own checks of their inputs, so that a scenario that translates also runs.
Parameters: ``trade.*`` become keyword arguments of ``solve``; ``supply.*`` fields of ``SupplyParameters``.
"""

from __future__ import annotations

from typing import Any

from gotogether.data import registry
from gotogether.engines.supply import SupplyParameters
from gotogether.scenarios.inputs import EngineInputs, ModelWorld
from gotogether.scenarios.measures import Where, supply_codes
from gotogether.scenarios.model import Scenario

TRADE_SOLVER_OPTIONS = {"trade.tolerance": "tolerance", "trade.step_tolerance": "step_tolerance"}


def translate(scenario: Scenario, world: ModelWorld) -> EngineInputs:
    """The engine inputs of ``scenario`` on ``world``, with notes on every approximation; ``InputError``
    names the measure and field an engine would refuse."""
    inputs = EngineInputs(baseline=world.trade)
    blocs = scenario.bloc_members()
    for index, measure in enumerate(scenario.measures):
        measure.contribute(inputs, world, Where(scenario.name, index, measure.label or measure.type, blocs))
        inputs.touched.update(measure.engines)
    inputs.check(world)
    return inputs


def roles_by_country(scenario: Scenario) -> tuple[set[str], set[str]]:
    """The countries that issue and the countries targeted by the scenario's measures (ISO codes)."""
    vendors = registry.read_registry("vendors")
    home_of = dict(zip(vendors["name"], vendors["home_country"], strict=True))
    issuers: set[str] = set()
    targets: set[str] = set()
    for measure in scenario.measures:
        issuing, targeted = measure.sides(home_of)
        issuers |= issuing
        targets |= targeted
    return issuers, targets


def trade_solver_options(scenario: Scenario) -> dict[str, Any]:
    """Keyword arguments of ``gotogether.engines.trade.solve`` set by the scenario's parameters."""
    options: dict[str, Any] = {
        argument: scenario.parameters[name]
        for name, argument in TRADE_SOLVER_OPTIONS.items()
        if name in scenario.parameters
    }
    if "trade.max_iterations" in scenario.parameters:
        options["max_iterations"] = int(scenario.parameters["trade.max_iterations"])
    return options


def supply_parameters(scenario: Scenario, base: SupplyParameters | None = None) -> SupplyParameters:
    """``base`` (default: the engine's defaults) with the scenario's ``supply.*`` parameters set."""
    base = base or SupplyParameters()
    fields: dict[str, Any] = {}
    classes = dict(base.class_inventory_months)
    for name, value in scenario.parameters.items():
        engine, _, field = name.partition(".")
        if engine != "supply":
            continue
        if field.startswith("inventory_months."):
            classes[supply_codes("component_classes", "code", [field.partition(".")[2]])[0]] = value
        else:
            fields[field] = value
    return base.model_copy(update={**fields, "class_inventory_months": classes})
