"""A scenario's run starts from the baseline's state in the first year a measure or supply effect acts
(``engine.first_year_acting``): the same result, to the bit, as its run from 2019."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
import xarray as xr

from gotogether.engines.rollout import YEARS, Ban, StandardsSplit, engine, simulate_rollout
from gotogether.engines.rollout.engine import first_year_acting
from gotogether.pipeline.run import scenario_supply, scenario_world
from gotogether.pipeline.world import load_world
from gotogether.scenarios import load_scenario
from gotogether.scenarios.translate import translate

HUAWEI = ("huawei",)


def _late_supply(vendors: list[str], from_year: int) -> xr.Dataset:
    """Huawei short of chips and dearer from ``from_year``."""
    feasible, cost = np.ones((len(vendors), YEARS.size)), np.ones((len(vendors), YEARS.size))
    hit = (slice(vendors.index("huawei"), vendors.index("huawei") + 1), from_year <= YEARS)
    feasible[hit], cost[hit] = 0.7, 1.2
    dims = ("vendor", "year")
    return xr.Dataset(
        {"feasible_output": (dims, feasible), "unit_cost_multiplier": (dims, cost)},
        coords={"vendor": vendors, "year": YEARS},
    )


CASES = {
    "ban from 2025": {"bans": [Ban("ban", ("GBR", "FRA"), HUAWEI, date(2025, 3, 1), date(2029, 12, 31))]},
    "core ban of part of a region": {
        "bans": [Ban("core", ("ROW",), HUAWEI, date(2026, 1, 1), date(2028, 1, 1), ("core",), weight=0.3)]
    },
    "cap from 2024": {"bans": [Ban("cap", ("DEU",), (*HUAWEI, "zte"), date(2024, 7, 1), cap=0.2)]},
    "split from 2027": {
        "split": StandardsSplit(vendor_blocs={"huawei": "china", "zte": "china"}, start=date(2027, 1, 1))
    },
    "supply from 2028": {"supply": "late"},
}


def _run_both(monkeypatch: pytest.MonkeyPatch, case: dict[str, object]) -> tuple[xr.Dataset, xr.Dataset]:
    params = load_world().rollout
    supply = _late_supply(params.vendors, 2028) if case.get("supply") == "late" else None
    kwargs = {"split": case.get("split"), "supply": supply, "params": params}
    resumed = simulate_rollout(case.get("bans", ()), **kwargs).data  # type: ignore[arg-type]
    monkeypatch.setattr(engine, "_resume", lambda *_: None)
    full = simulate_rollout(case.get("bans", ()), **kwargs).data  # type: ignore[arg-type]
    return resumed, full


@pytest.mark.parametrize("name", CASES)
def test_a_run_from_the_first_year_a_measure_acts_is_the_run_from_2019(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    resumed, full = _run_both(monkeypatch, CASES[name])
    assert set(resumed.data_vars) == set(full.data_vars)
    for variable in full.data_vars:
        np.testing.assert_array_equal(resumed[variable].values, full[variable].values, err_msg=str(variable))
    changed = (resumed["installed"] != full["installed"].isel(year=0)).any()  # the measure did act
    assert bool(changed)


def test_the_first_year_acting_of_the_library_s_taiwan_disruption_and_of_measures_before_2019() -> None:
    world = load_world()
    params = world.rollout
    ones = np.ones((len(params.vendors), YEARS.size))
    taiwan = scenario_supply(world, load_scenario("taiwan-disruption")).yearly()
    assert YEARS[first_year_acting((), None, engine._supply_arrays(taiwan, params.vendors), params)] == 2025
    allied = translate(
        load_scenario("allied-bans"), scenario_world(world, load_scenario("allied-bans")).model
    )
    assert first_year_acting(allied.bans, None, (ones, ones, ones), params) == 0  # bans from 2018
    ban = Ban("ban", ("GBR",), HUAWEI, date(2025, 3, 1))
    assert YEARS[first_year_acting([ban], None, (ones, ones, ones), params)] == 2025
    assert first_year_acting([ban], None, (ones, ones, ones), params.with_values(crew_slack=0.0)) == 0
