"""The baseline run shared by the scenarios of the same parameters (``engine.baseline_run``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np

from gotogether.engines.rollout import Ban, simulate_rollout
from gotogether.engines.rollout.engine import _run, baseline_run
from gotogether.pipeline.world import rollout_parameters


def test_a_shared_baseline_is_the_run_of_its_parameters_and_the_caller_owns_its_copy() -> None:
    params = rollout_parameters()
    first = baseline_run(params)
    first["installed"][:] = -1.0  # the next caller still gets the run untouched
    again = baseline_run(params.with_values())  # a copy with the same values shares the run
    fresh = _run(params, capacity=None, crews=None)
    assert set(again) == set(fresh)
    for name, array in fresh.items():
        np.testing.assert_array_equal(again[name], array, err_msg=name)
    steeper = baseline_run(params.with_values(learning_rate=0.25))
    assert not np.array_equal(steeper["vendor_learning"], fresh["vendor_learning"])


def test_a_scenario_on_a_shared_baseline_equals_one_on_its_own() -> None:
    params = rollout_parameters()
    ban = Ban("UK ban", ("GBR",), ("huawei",), date(2021, 1, 1), deadline=date(2027, 12, 31))
    simulate_rollout(params=params)  # the reference's run, which the scenario then shares
    shared = simulate_rollout([ban], params=params)
    own = simulate_rollout([ban], params=replace(params, country=params.country.copy()))  # its own
    for name in shared.data.data_vars:
        np.testing.assert_array_equal(shared.data[name].values, own.data[name].values, err_msg=str(name))
