"""Properties over generated valid scenarios (``gotogether.testing.strategies``) on a small model world."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import HealthCheck, given, settings

from gotogether.scenarios import MEASURE_TYPES, parse_scenario
from gotogether.scenarios.translate import roles_by_country, translate
from gotogether.testing.strategies import MEASURES, Document, scenario_documents
from gotogether.testing.worlds import small_model_world

WORLD = small_model_world()
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_every_measure_type_has_a_strategy() -> None:
    assert set(MEASURES) == set(MEASURE_TYPES)


@PROPERTY
@given(scenario_documents(WORLD))
def test_valid_scenarios_translate_and_years_without_a_measure_are_the_baseline(document: Document) -> None:
    scenario = parse_scenario(json.dumps(document).encode(), "generated.json")
    inputs = translate(scenario, WORLD)
    assert all(isinstance(note, str) and note for note in inputs.notes)
    assert inputs.touched == {engine for measure in scenario.measures for engine in measure.engines}
    tariff = WORLD.trade["tariff"].transpose("importer", "exporter", "sector").values
    for year in range(2019, 2036):
        shock = inputs.trade_shock(year)
        assert shock.tariff is not None
        assert shock.trade_cost is not None
        assert float(shock.tariff.min()) >= 0.0
        if not inputs.trade_measures_in_force(year):
            np.testing.assert_array_equal(shock.tariff.values, tariff)
            np.testing.assert_array_equal(shock.trade_cost.values, 1.0)


@PROPERTY
@given(scenario_documents(WORLD))
def test_roles_name_countries_of_the_registry(document: Document) -> None:
    roles = roles_by_country(parse_scenario(json.dumps(document).encode(), "generated.json"))
    known = set(WORLD.region_of) | set(WORLD.regions)
    assert set(roles) <= known
    assert set(roles.values()) <= {"issuer", "target", "ally"}
