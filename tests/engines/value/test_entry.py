"""The value engine's result is made without xarray's alignment when its arrays share their labels: the
same Dataset as the aligned one, coordinates, attributes and values alike."""

from __future__ import annotations

import pytest
import xarray as xr

from gotogether.engines.rollout.result import adoption_inputs
from gotogether.engines.value import entry
from gotogether.pipeline.run import _value, reference_run, run_scenario
from gotogether.pipeline.world import load_world
from gotogether.scenarios import load_scenario


@pytest.mark.parametrize("fitted", [True, False])
def test_the_result_is_the_aligned_dataset(fitted: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    world = load_world()
    if fitted:  # the reference's run, which fits the calibration
        coverage = reference_run(world).rollout.data["coverage"]
        inputs, calibration = entry.ValueInputs(coverage, xr.ones_like(coverage)), None
    else:
        outcome = run_scenario(world, load_scenario("allied-bans"))
        inputs = entry.ValueInputs(*adoption_inputs(outcome.rollout, outcome.reference.rollout))
        calibration = outcome.reference.calibration
    fast = _value(world, inputs, calibration=calibration)
    monkeypatch.setattr(entry, "_on_labels_of", entry._aligned)
    aligned = _value(world, inputs, calibration=calibration)
    xr.testing.assert_identical(fast, aligned)
    for name in fast.variables:
        assert fast[name].dtype == aligned[name].dtype, name
        assert fast[name].attrs == aligned[name].attrs, name
