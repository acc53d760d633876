"""The run's rollout cost tables (``jobs.main._rollout_cost_tables``)."""

from __future__ import annotations

from gotogether.jobs.main import _rollout_cost_tables
from gotogether.pipeline import run_scenario
from gotogether.pipeline.world import load_world
from gotogether.scenarios import load_scenario


def test_the_extra_opex_table_sits_beside_the_extra_capex_with_its_units() -> None:
    world = load_world()
    outcome = run_scenario(world, load_scenario("allied-bans"), references={})
    tables = _rollout_cost_tables(outcome.reference, [outcome], ["allied-bans"])
    opex, capex = tables["rollout_extra_opex"], tables["rollout_extra_capex"]
    assert opex.name == "extra_opex"
    assert opex.attrs["units"] == "USD of 2020 a year"
    assert opex.dims == capex.dims == ("scenario", "country", "year")
    # the UK's ban (2027) adds support on the kit bought at the dearer index, below the capex it adds
    uk = float(opex.sel(scenario="allied-bans", country="GBR").sum())
    assert 0.0 < uk < float(capex.sel(scenario="allied-bans", country="GBR").sum())
    # a country without a ban of its own: nothing much (the others' bans move its index a little)
    assert abs(float(opex.sel(scenario="allied-bans", country="BRA").sum())) < 0.01 * uk
