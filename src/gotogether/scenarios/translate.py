"""From a scenario to the engines: every measure contributes to one ``EngineInputs`` (see ``inputs``).

The measure classes say how (``gotogether.scenarios.measures``); this module walks a scenario's measures in
order, then runs the engines' own checks of their inputs, so that a scenario that translates also runs.
A scenario's parameters are applied to the world by ``gotogether.pipeline.parameters.configure``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from gotogether.data import registry
from gotogether.scenarios.inputs import EngineInputs, ModelWorld
from gotogether.scenarios.measures import Where
from gotogether.scenarios.measures.base import Role
from gotogether.scenarios.model import Scenario


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


def measure_roles(scenario: Scenario) -> list[dict[str, Role]]:
    """The roles each of the scenario's measures gives (ISO codes -> role), in the scenario's order."""
    vendors = registry.read_registry("vendors")
    home_of = dict(zip(vendors["name"], vendors["home_country"], strict=True))
    blocs = scenario.bloc_members()
    return [measure.roles(home_of, blocs) for measure in scenario.measures]


def combine_roles(per_measure: Sequence[Mapping[str, Role]]) -> dict[str, Role]:
    """One role per key: its role in the first measure that makes it an issuer or a target (the first
    measure names who starts; later ones answer), else ally if a measure makes it one."""
    combined: dict[str, Role] = {}
    for roles in per_measure:
        for key, role in roles.items():
            if combined.get(key, "ally") == "ally":
                combined[key] = role
    return combined


def roles_by_country(scenario: Scenario) -> dict[str, Role]:
    """The role of every country the scenario's measures involve (ISO codes; others are third countries)."""
    return combine_roles(measure_roles(scenario))
