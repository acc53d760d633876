"""One ensemble draw of the library: its tables, made on arrays, are who pays' and the world welfare of the
same runs made one scenario at a time (the labelled path of ``gotogether run``)."""

import numpy as np
import pandas as pd

from gotogether.ensembles.sampling import design
from gotogether.pipeline import load_world, run_scenario
from gotogether.pipeline.ensemble import library_draw, library_parameters, scenario_documents
from gotogether.pipeline.run import References
from gotogether.pipeline.who_pays import who_pays
from gotogether.scenarios import load_scenario

NAMES = ("coordinated", "us-huawei-2019-2020", "taiwan-disruption")


def test_a_draw_is_who_pays_and_the_world_welfare_of_its_runs() -> None:
    scenarios = [load_scenario(name) for name in NAMES]
    values = design(library_parameters(), 4, seed=11).iloc[1].to_dict()
    tables = library_draw(values, scenario_documents(scenarios))
    world = load_world()
    references: References = {}
    paying, by_year = tables["who_pays"], tables["world_welfare"]
    assert list(paying.index.names) == ["scenario", "country"]
    assert list(by_year.index.names) == ["scenario", "year"]
    for scenario in scenarios:
        outcome = run_scenario(world, scenario, values=values, references=references)
        table = who_pays(outcome).drop(columns=["role", "peak_year"]).replace([np.inf, -np.inf], np.nan)
        drawn = paying.loc[scenario.name]
        assert list(drawn.columns) == list(table.columns)
        assert list(drawn.index) == list(table.index)
        pd.testing.assert_frame_equal(drawn, table, check_exact=False, rtol=1e-9, atol=1e-12)
        income = outcome.world.trade["value_added"]
        weighted = 100.0 * ((outcome.welfare - 1.0) * income).sum("country") / income.sum()
        np.testing.assert_allclose(
            by_year.loc[scenario.name, "welfare_change_pct"].to_numpy(),
            weighted.values,
            rtol=1e-9,
            atol=1e-15,
        )
    # the reference pays nothing in a draw; the Huawei measures cost the world
    assert float(paying.loc["coordinated"].abs().max().max()) < 1e-9
    assert paying.loc["us-huawei-2019-2020", "ev_pv"].sum() < 0
