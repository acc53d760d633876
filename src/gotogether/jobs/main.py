"""The main job: run scenarios on the default world and write a complete run directory (or nothing).

A run directory holds ``tables/`` (Parquet and CSV, tidy), ``report.html`` (self-contained, works offline)
and ``manifest.json`` (version, data hashes, scenarios, parameters, timings per stage); see
``gotogether.runs``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import xarray as xr

from gotogether.data.default_world import default_world_file
from gotogether.engines.value.calibration import calibration_report
from gotogether.jobs.uncertainty import EnsembleOptions, run_uncertainty
from gotogether.pipeline.disruption import exposure
from gotogether.pipeline.ensemble import unmapped_parameters
from gotogether.pipeline.run import Reference, References, ScenarioOutcome, reference_for, run_scenario
from gotogether.pipeline.who_pays import REPORT_YEAR, totals_by_role, who_pays
from gotogether.pipeline.world import World, load_world
from gotogether.reports.run_directory import report_for_run
from gotogether.runs import RunWriter
from gotogether.scenarios import Scenario, builtin_names, load_scenario
from gotogether.scenarios.measures import CapacityDisruption
from gotogether.validation import run_cases

Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total)."""


@dataclass(frozen=True)
class JobResult:
    """What a job produced: the outcome per scenario, the who-pays table and where it was written."""

    outcomes: list[ScenarioOutcome]
    who_pays: pd.DataFrame  # (scenario, country) rows
    by_role: pd.DataFrame  # (scenario, group) rows: issuer, target, third country, world
    out: Path


def _stack(arrays: Sequence[xr.DataArray], names: Sequence[str], unit: str) -> xr.DataArray:
    stacked = xr.concat(arrays, dim=xr.DataArray(list(names), dims="scenario", name="scenario"))
    stacked.attrs["units"] = unit
    return stacked


def _tables(world: World, reference: Reference, outcomes: list[ScenarioOutcome]) -> dict[str, xr.DataArray]:
    """Labelled result tables of the run, each with a ``scenario`` dimension."""
    names = [outcome.scenario.name for outcome in outcomes]

    def rollout(variable: str) -> list[xr.DataArray]:
        return [outcome.rollout.data[variable] for outcome in outcomes]

    sites = [
        outcome.rollout.data["sites_new"] + outcome.rollout.data["sites_replacement"] for outcome in outcomes
    ]
    world_shares = [bought.sum("country") / bought.sum(("country", "vendor")) for bought in sites]
    sales = [
        outcome.supply.sales_change(by="country").sum("year").rename(country="supplier") / 1e6
        for outcome in outcomes
    ]
    return {
        "welfare_change": _stack([o.welfare for o in outcomes], names, "ratio to the coordinated world"),
        "value_5g": _stack([o.gdp for o in outcomes], names, "billion USD (2019)"),
        "sales_enabled_5g": _stack([o.sales for o in outcomes], names, "billion USD (2019)"),
        "adoption": _stack([o.adoption for o in outcomes], names, "share of activity"),
        "coverage": _stack(rollout("coverage"), names, "share of population"),
        "price_per_site": _stack(rollout("price_per_site"), names, "USD (2020)"),
        "capex": _stack(
            [a + b for a, b in zip(rollout("capex_new"), rollout("capex_replacement"), strict=True)],
            names,
            "USD (2020)",
        ),
        "vendor_shares": _stack(world_shares, names, "share of sites bought").fillna(0.0),
        "feasible_output": _stack(
            [o.supply.yearly()["feasible_output"] for o in outcomes], names, "share of baseline output"
        ),
        "supplier_sales_change": _stack(sales, names, "million USD, 2019-2035").fillna(0.0),
        "reference_value_5g": reference.gdp.assign_attrs(units="billion USD (2019)"),
        "income": world.trade["value_added"].rename("value_added").assign_attrs(units="million USD"),
    }


MONTHLY = ("output_lost", "value_added_lost", "supply_constrained_loss")


def _disruption_tables(world: World, outcomes: list[ScenarioOutcome]) -> dict[str, pd.DataFrame]:
    """For the scenarios with a dated disruption: its monthly losses (scenario, month, country, sector) and
    the first-order exposure to the chokepoints its capacity disruptions hit (scenario, country, sector)."""
    monthly, exposed = {}, {}
    for outcome in outcomes:
        result = outcome.disruption.result if outcome.disruption is not None else None
        if result is None:
            continue
        monthly[outcome.scenario.name] = result[list(MONTHLY)].to_dataframe()
        hit = [e for e in outcome.scenario.measures if isinstance(e, CapacityDisruption)]
        regions = sorted({r for e in hit for r in world.model.region_weights(e.countries, "", "", [])})
        sectors = sorted({s for e in hit for s in (e.sectors or world.trade.sectors)})
        if regions:
            exposed[outcome.scenario.name] = exposure(world.table, regions, sectors)
    tables = {}
    if monthly:
        tables["disruption_monthly"] = pd.concat(monthly, names=["scenario"])
    if exposed:
        tables["disruption_exposure"] = pd.concat(exposed, names=["scenario"])
    return tables


def run_job(
    references: Sequence[str | Path | Scenario] = (),
    out: Path = Path("results"),
    *,
    progress: Progress | None = None,
    ensemble: EnsembleOptions | None = None,
) -> JobResult:
    """Run the scenarios of ``references`` (built-in names, YAML files or scenarios; default: the library)
    against the coordinated world and write everything into ``out`` (replaced only when complete). With
    ``ensemble``, also run them as a Monte Carlo ensemble (see ``jobs.uncertainty``)."""
    scenarios = [
        reference if isinstance(reference, Scenario) else load_scenario(reference)
        for reference in (references or builtin_names())
    ]
    report = progress or (lambda stage, done, total: None)
    with RunWriter(out) as writer:
        writer.record(
            scenarios=[scenario.model_dump(mode="json") for scenario in scenarios],
            parameters={"report_year": REPORT_YEAR},
            data={"default_world": default_world_file()},
        )
        with writer.stage("load and calibrate the default world"):
            report("loading the default world", 0, len(scenarios))
            world = load_world()
            reference_runs: References = {}
            reference = reference_for(world, reference_runs)
        outcomes = []
        with writer.stage("scenarios"):
            for done, scenario in enumerate(scenarios):
                report(f"scenario {scenario.name}", done, len(scenarios))
                outcomes.append(run_scenario(world, scenario, references=reference_runs))
        if ensemble is not None:
            with writer.stage("ensemble"):
                uncertainty = run_uncertainty(
                    scenarios, ensemble, out, lambda done, total: report("ensemble draws", done, total)
                )
                for name, table in uncertainty.tables.items():
                    writer.write_table(name, table)
            writer.record(
                seed=ensemble.seed,
                parameters={"draws": ensemble.draws, "unmapped_parameters": unmapped_parameters()},
            )
        with writer.stage("validation"):
            report("validation against published results", len(scenarios), len(scenarios))
            validation = pd.DataFrame([row.as_json() for row in run_cases()])
            calibration = calibration_report(
                reference.calibration,
                reference.adoption,
                world.industry_value_added,
                world.industry_gross_output,
                world.industries,
                world.value_targets,
            )
        with writer.stage("tables and report"):
            tables = _tables(world, reference, outcomes)
            for name, table in tables.items():
                writer.write_table(name, table)
            per_scenario = {o.scenario.name: who_pays(o) for o in outcomes}
            paying = pd.concat(per_scenario, names=["scenario", "country"])
            by_role = pd.concat(
                {name: totals_by_role(table, world) for name, table in per_scenario.items()},
                names=["scenario", "group"],
            )
            for name, table in _disruption_tables(world, outcomes).items():
                writer.write_table(name, table)
            writer.write_table("who_pays", paying)
            writer.write_table("who_pays_by_role", by_role)
            writer.write_table("value_calibration", calibration)
            writer.write_table("validation", validation.set_index(["case", "country", "quantity"]))
            notes = [{"scenario": o.scenario.name, "note": note} for o in outcomes for note in o.notes]
            writer.write_table(
                "notes", pd.DataFrame(notes or [{"scenario": "", "note": ""}]).set_index("scenario")
            )
            writer.write_text("report.html", report_for_run(writer.path, writer.manifest))
    return JobResult(outcomes, paying, by_role, out)
