"""From a scenario to the engines: every measure contributes to one ``EngineInputs`` (see ``inputs``).

The measure classes say how (``gotogether.scenarios.measures``); this module walks a scenario's measures in
order, then runs the engines' own checks of their inputs, so that a scenario that translates also runs.
A scenario's parameters are applied to the world by ``gotogether.pipeline.parameters.configure``.
"""

from __future__ import annotations

from gotogether.data import registry
from gotogether.scenarios.inputs import EngineInputs, ModelWorld
from gotogether.scenarios.measures import Where
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
