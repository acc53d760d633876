"""Uncertainty of the main job: the scenario library as a Monte Carlo ensemble (``gotogether run --draws``).

Draws stream into a sibling directory ``<out>.draws`` (resumable with ``--resume``; see
``gotogether.ensembles``); the run directory then gets percentile bands and the parameters that drive the
spread, and the report an uncertainty section.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd
import xarray as xr

from gotogether.ensembles.runner import DrawIdentity, ProgressCallback, run_ensemble
from gotogether.ensembles.storage import read_ensemble
from gotogether.ensembles.summaries import draw_table, headline_distribution, percentiles, rank_correlations
from gotogether.pipeline.ensemble import (
    library_draw,
    library_parameters,
    scenario_documents,
)
from gotogether.pipeline.who_pays import COLUMNS, MONEY, REPORT_YEAR, ROLE_ORDER, roles
from gotogether.pipeline.world import load_world
from gotogether.scenarios import Scenario


@dataclass(frozen=True)
class EnsembleOptions:
    """How many draws, from which seed, on which workers (see ``gotogether.ensembles.run_ensemble``)."""

    draws: int
    seed: int = 0
    workers: int = 1
    scheduler: str | None = None
    resume: bool = False
    batch_size: int = 10


@dataclass(frozen=True)
class Uncertainty:
    """Summaries of an ensemble of the library as labelled tables (the report reads them from the run)."""

    tables: dict[str, xr.DataArray | pd.DataFrame]


def draws_directory(out: Path) -> Path:
    """Where the draws of the run written to ``out`` stream."""
    return out.parent / f"{out.name}.draws"


def run_uncertainty(
    scenarios: list[Scenario],
    options: EnsembleOptions,
    out: Path,
    progress: ProgressCallback | None = None,
    *,
    deterministic: pd.Series | None = None,
) -> Uncertainty:
    """Run the ensemble of ``scenarios`` with the parameter table's distributions and the scenarios' own
    ``uncertain`` ones (the scenarios travel to the workers as documents); summarise it. ``deterministic``,
    the run's own who pays by role (index scenario, group), is placed in the draws' band
    (``costlier_draws``)."""
    documents = scenario_documents(scenarios)
    run_ensemble(
        partial(library_draw, documents=documents),
        library_parameters(scenarios),
        options.draws,
        options.seed,
        draws_directory(out),
        workers=options.workers,
        scheduler=options.scheduler,
        batch_size=options.batch_size,
        resume=options.resume,
        progress=progress,
        identity=DrawIdentity.of(library_draw, documents=documents),
    )
    ensemble = read_ensemble(draws_directory(out))
    world = ensemble["world_welfare.welfare_change_pct"]
    bands = percentiles(world)["world_welfare.welfare_change_pct"].assign_attrs(
        units="% (world, income-weighted)"
    )
    who_pays = percentiles(ensemble[["who_pays.ev_pv_pct_gdp", "who_pays.ev_pv"]]).rename(
        {"who_pays.ev_pv_pct_gdp": "ev_pv_pct_gdp", "who_pays.ev_pv": "ev_pv"}
    )
    inputs = draw_table(ensemble["parameter_value"])
    outputs = draw_table(world.sel(year=REPORT_YEAR))
    drivers = rank_correlations(inputs, outputs)
    headlines = headline_distribution(outputs)
    by_role = who_pays_by_role(ensemble["who_pays.ev_pv"], scenarios)
    world_pv = draw_table(by_role.sel(group="world", drop=True))
    placed = (
        {}
        if deterministic is None
        else {"uncertainty_who_pays_deterministic": costlier_draws(by_role, deterministic)}
    )
    return Uncertainty(
        tables={
            **placed,
            "uncertainty_headlines": headlines,
            "uncertainty_world_welfare": bands,
            "uncertainty_who_pays_pct": who_pays["ev_pv_pct_gdp"].assign_attrs(
                units="% of GDP, present values", long_name=COLUMNS["ev_pv_pct_gdp"][0]
            ),
            "uncertainty_who_pays_value": who_pays["ev_pv"].assign_attrs(
                units=MONEY, long_name=COLUMNS["ev_pv"][0]
            ),
            "uncertainty_drivers": drivers,
            "uncertainty_who_pays_by_role": percentiles(by_role.fillna(0.0))["ev_pv"]
            .where(by_role.count("draw") > 0)
            .assign_attrs(units=MONEY, long_name=f"{COLUMNS['ev_pv'][0]}, sum by role"),
            "uncertainty_who_pays_drivers": rank_correlations(inputs, world_pv),
        },
    )


def costlier_draws(by_role: xr.DataArray, deterministic: pd.Series) -> pd.DataFrame:
    """Where the deterministic run sits in the draws' band: for each scenario and group of ``by_role``
    (draw, scenario, group) its value (``deterministic``, index scenario, group) and the percentage of the
    draws that cost more (a lower present value); missing where the scenario gives no country the role.
    About 50 % where the deterministic run is the band's median; a band that leans to the costly side
    shows more."""
    value = xr.DataArray.from_series(deterministic).reindex_like(by_role.isel(draw=0, drop=True))
    costlier = 100.0 * (by_role < value).mean("draw")
    table = pd.DataFrame(
        {
            "ev_pv": value.to_series(),
            "draws_costlier_pct": costlier.where(by_role.count("draw") > 0).to_series(),
        }
    )
    table.attrs.update(
        units={"ev_pv": MONEY, "draws_costlier_pct": "% of draws"},
        long_names={
            "ev_pv": f"{COLUMNS['ev_pv'][0]}, deterministic run",
            "draws_costlier_pct": "Draws that cost more than the deterministic run",
        },
    )
    return table


def who_pays_by_role(ev_pv: xr.DataArray, scenarios: list[Scenario]) -> xr.DataArray:
    """(draw, scenario, group): each draw's present value of the equivalent variation summed by role
    (``pipeline.who_pays.roles``: fixed by the scenario, not drawn) and over the world; NaN where a scenario
    gives no country the role (its percentiles too)."""
    model = load_world().model
    groups = [*ROLE_ORDER, "world"]
    parts = []
    for scenario in scenarios:
        of_scenario = ev_pv.sel(scenario=scenario.name, drop=True)
        role_of = roles(scenario, model)
        labels = [role_of.get(str(country), "third country") for country in of_scenario["country"].values]
        summed = of_scenario.assign_coords(group=("country", labels)).groupby("group").sum("country")
        summed = summed.reindex(group=groups)
        parts.append(summed.where(summed["group"] != "world", of_scenario.sum("country")))
    names = [scenario.name for scenario in scenarios]
    stacked = xr.concat(parts, dim=xr.DataArray(names, dims="scenario", name="scenario"))
    return stacked.rename("ev_pv").transpose("draw", "scenario", "group")
