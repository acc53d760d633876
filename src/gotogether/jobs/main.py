"""The main job: run scenarios on the default world and write a complete run directory (or nothing).

A run directory holds ``tables/`` (Parquet and CSV, tidy), ``results.nc`` (the same results as one labelled
xarray Dataset, NetCDF: named variables with ``units`` and ``long_name``), ``report.html`` (self-contained,
works offline) and ``manifest.json`` (version, data hashes, scenarios, parameters, units, timings per stage);
see ``gotogether.runs``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import xarray as xr
from threadpoolctl import threadpool_limits

from gotogether.data.default_world import default_world_file
from gotogether.engines.rollout import ban_costs, extra_opex
from gotogether.engines.supply.result import UNITS as SUPPLY_UNITS
from gotogether.engines.value.calibration import calibration_report
from gotogether.jobs.uncertainty import EnsembleOptions, run_uncertainty
from gotogether.pipeline.controls import divested_purchases, target_paths
from gotogether.pipeline.disruption import exposure
from gotogether.pipeline.ensemble import unmapped_parameters
from gotogether.pipeline.rivals_trade import rivals_trade
from gotogether.pipeline.run import (
    Reference,
    References,
    ScenarioOutcome,
    reference_for,
    run_scenario,
)
from gotogether.pipeline.welfare_over_time import NOTES as WELFARE_OVER_TIME_NOTES
from gotogether.pipeline.welfare_over_time import discount_rates, present_values, welfare_over_time_of
from gotogether.pipeline.who_pays import (
    BASE_YEAR,
    MONEY,
    NOTES,
    REPORT_YEAR,
    YEARS,
    discount_rate,
    firms,
    ledger,
    supplier_sales_gross_net,
    totals_by_role,
    who_pays,
)
from gotogether.pipeline.world import World, load_world
from gotogether.reports.run_directory import report_for_run
from gotogether.runs import RunWriter
from gotogether.scenarios import Scenario, builtin_names, load_scenario
from gotogether.scenarios.measures import CapacityDisruption
from gotogether.validation import run_cases
from gotogether.validation.known import RunResults, reusing

RESULTS = "results.nc"
"""The run's labelled results (NetCDF) in its directory."""
Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total)."""


@dataclass(frozen=True)
class JobResult:
    """What a job produced: the outcome per scenario, the who-pays tables, the results as one labelled
    Dataset (as ``results.nc``) and where it was written."""

    outcomes: list[ScenarioOutcome]
    who_pays: pd.DataFrame  # (scenario, country) rows
    by_role: pd.DataFrame  # (scenario, group) rows: issuer, ally, target, third country, world
    firms: pd.DataFrame  # (scenario, firm) rows
    results: xr.Dataset
    out: Path


def _stack(arrays: Sequence[xr.DataArray], names: Sequence[str], unit: str) -> xr.DataArray:
    """``arrays`` along a new first dimension ``scenario`` (labelled ``names``), as ``xr.concat`` stacks
    them (an outer join of their labels, the first one's name and attributes), in ``unit``."""
    first = arrays[0]
    if all(_alike(first, other) for other in arrays[1:]):  # the common case, without the alignment
        stacked = xr.DataArray(
            np.stack([array.values for array in arrays]),
            dims=("scenario", *first.dims),
            coords={
                **{name: coord.variable for name, coord in first.coords.items()},
                "scenario": list(names),
            },
            name=first.name,
            attrs=dict(first.attrs),
        )
    else:
        # the outer join said, not left to xarray's default (it warns that the default will be "exact")
        scenario = xr.DataArray(list(names), dims="scenario", name="scenario")
        stacked = xr.concat(arrays, dim=scenario, join="outer")
    stacked.attrs["units"] = unit
    return stacked


def _alike(first: xr.DataArray, other: xr.DataArray) -> bool:
    """Whether ``other`` has the dimensions, labels, coordinates and type of values of ``first``."""
    return first.dims == other.dims and first.dtype == other.dtype and first.coords.equals(other.coords)


LONG_NAMES = {
    "welfare_change": "Welfare (real income) relative to the coordinated world",
    "value_5g": "5G's contribution to GDP",
    "sales_enabled_5g": "Sales enabled by 5G",
    "adoption": "5G adoption",
    "coverage": "5G population coverage",
    "price_per_site": "Equipment price per site",
    "capex": "5G equipment spending (capex and replacement)",
    "vendor_shares": "Vendors' shares of sites bought, world",
    "feasible_output": "Vendors' feasible output",
    "supplier_sales_change": "Suppliers' sales change, 2019-2035 (revenue)",
    "reference_value_5g": "5G's contribution to GDP in the coordinated world",
    "income": "Value added in the base table",
    "rollout_extra_capex": "Extra equipment spending caused by the rollout measures",
    "rollout_extra_writeoff": "Banned equipment written off (remaining book value)",
    "rollout_extra_opex": "Extra yearly support and maintenance of the installed RAN caused by the rollout "
    "measures",
    "rollout_coverage_delay_months": "Delay to reach a coverage level",
    "rollout_coverage_lag_months": "How far behind the baseline's coverage path each country is by year",
    "rollout_mean_coverage_delay_months": "Population-weighted mean delay of 5G coverage",
    "rollout_vendor_revenue_change": "Vendors' revenue change",
    "target_business_revenue": "Target's revenue by business line, with the measures",
    "target_business_revenue_change": "Target's revenue by business line, change from the measures",
    "target_productivity": "Target's productivity (feasible output over unit-cost multiplier)",
    "target_sector_productivity": "TFP of the target's home electronics sectors from the export controls",
    "local_input_share": "Share of each vendor's components used that are made in its home country",
    "supplier_headroom": "Share of its suppliers' spare capacity a vendor keeps for orders above baseline",
    "listed_foundry_sales": "Listed foundries' sales to the targets, with and without the listing",
    "divested_purchases": "Suppliers' sales to a divesting target and to the buyer of its divested business",
    "supplier_sales_gross_net": "Suppliers' sales change by country: gross (with the blocked vendors), "
    "the rivals' gains (RAN, handsets, enterprise equipment) and net",
    "supplier_sales_gross_net_firms": "Suppliers' sales change by firm: gross (with the blocked vendors), "
    "the rivals' gains (RAN, handsets, enterprise equipment) and net",
    "rivals_trade_check": "The rivals' gains (supply, rollout) beside the trade engine's shift of output to "
    "third countries, from the export controls alone",
    "rivals_trade_by_country": "The rivals' purchases and sales beside the trade engine's change of "
    "electronics output and exports by region, from the export controls alone",
}
"""Human names of the run's tables (their ``long_name``)."""
TITLES = {
    **LONG_NAMES,
    "who_pays": "Who pays, by country (present values)",
    "who_pays_by_role": "Who pays, by role (present values)",
    "who_pays_firms": "Who pays, firms (present values)",
    "who_pays_by_year": "Who pays, by year",
    "value_calibration": "Calibration of 5G value",
    "validation": "Validation against published results",
    "notes": "Notes on the measures",
    "disruption_monthly": "Disruption losses by month",
    "disruption_exposure": "Value added at risk from the chokepoints hit (first order)",
    "welfare_over_time": "Welfare to 2040, static and dynamic (diffusion, scale, capital), by year",
    "welfare_over_time_pv": "Welfare to 2040, static and dynamic (diffusion, scale, capital), present values",
}
"""Human names of the tables, for the manifest (and the dashboard's picker)."""


def _tables(world: World, reference: Reference, run: RunResults) -> dict[str, xr.DataArray]:
    """Labelled result tables of the run, each with a ``scenario`` dimension."""
    outcomes = run.outcomes
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
        **_rollout_cost_tables(reference, outcomes, names),
        **_target_tables(run, names),
        "income": world.trade["value_added"].rename("value_added").assign_attrs(units="million USD"),
    }


def _rollout_cost_tables(
    reference: Reference, outcomes: list[ScenarioOutcome], names: list[str]
) -> dict[str, xr.DataArray]:
    """What the rollout measures cost each country (``ban_costs``): extra capex and write-off by year,
    the extra support and maintenance of the installed RAN by year (``extra_opex``),
    coverage delay in months to 50%, 80% and 95%, the coverage lag by year and its population-weighted
    mean, vendors' revenue change."""
    costs = [ban_costs(outcome.rollout, reference.rollout) for outcome in outcomes]
    opex = [extra_opex(outcome.rollout, reference.rollout, outcome.world.rollout) for outcome in outcomes]
    tables = {
        f"rollout_{name}": _stack([c[name] for c in costs], names, str(costs[0][name].attrs["units"]))
        for name in (
            "extra_capex",
            "extra_writeoff",
            "coverage_delay_months",
            "coverage_lag_months",
            "mean_coverage_delay_months",
            "vendor_revenue_change",
        )
    }
    # named, so that the table's value column is ``extra_opex``
    tables["rollout_extra_opex"] = _stack([o.rename("extra_opex") for o in opex], names, "USD of 2020 a year")
    return tables


def _target_tables(run: RunResults, names: list[str]) -> dict[str, xr.DataArray]:
    """The targets' revenue by business line (with the measures, and its change), their productivity
    paths by year (``pipeline.controls``: ``target_business_revenue``, ``target_paths``), the local share
    of every vendor's inputs and the share of its suppliers' spare capacity it keeps by year
    (``SupplyResult.yearly``); what validation made of the outcomes already (``run``) is reused."""
    outcomes = run.outcomes
    revenue = [run.business_revenue(o.world.network, o.supply) / 1e9 for o in outcomes]
    paths = [target_paths(o.world, o.supply, o.controls) for o in outcomes]
    tables = {
        "target_business_revenue": ([r["with"] for r in revenue], "billion USD"),
        "target_business_revenue_change": ([r["with"] - r["without"] for r in revenue], "billion USD"),
        "target_productivity": ([p["vendor_productivity"] for p in paths], "ratio to baseline"),
        "target_sector_productivity": (
            [p["sector_productivity"] for p in paths],
            "ratio to the coordinated world",
        ),
        "local_input_share": (
            [o.supply.yearly()["local_input_share"] for o in outcomes],
            SUPPLY_UNITS["local_input_share"],
        ),
        "supplier_headroom": ([o.supply.yearly()["headroom"] for o in outcomes], SUPPLY_UNITS["headroom"]),
    }
    # unnamed, so that each table's value column is named after the table (as the others are)
    stacked = {
        name: _stack([part.rename(None) for part in parts], names, unit)
        for name, (parts, unit) in tables.items()
    }
    # the foundries on an entity list (SMIC) and the sales to a target that sells part of a business
    # (Huawei's Honor) and to its buyer, in the scenarios that have them
    for name, sales in (
        (
            "listed_foundry_sales",
            {o.scenario.name: run.foundry_sales(o.world, o.scenario, o.supply) for o in outcomes},
        ),
        ("divested_purchases", {o.scenario.name: divested_purchases(o.supply) for o in outcomes}),
    ):
        table = _by_measures(sales)
        if table is not None:
            stacked[name] = table
    # the suppliers' gross change beside the net one after the rivals' gains, where a measure reaches them
    by: Literal["country", "firm"]
    for by, name in (("country", "supplier_sales_gross_net"), ("firm", "supplier_sales_gross_net_firms")):
        parts = {o.scenario.name: supplier_sales_gross_net(o, by) for o in outcomes}
        found = {scenario: part for scenario, part in parts.items() if part is not None}
        if found:
            arrays = [part.to_dataarray("part").rename(None) for part in found.values()]
            stacked[name] = _stack(arrays, list(found), MONEY)
    # the rivals' gains beside the trade engine's shift of output, where export controls block a vendor
    checks = {
        o.scenario.name: rivals_trade(o.world, o.supply, o.rollout, o.reference.rollout, o.controls)
        for o in outcomes
    }
    held = {scenario: pair for scenario, pair in checks.items() if pair is not None}
    if held:
        for k, name in ((1, "rivals_trade_check"), (0, "rivals_trade_by_country")):
            arrays = [pair[k].to_dataarray("measure").rename(None) for pair in held.values()]
            stacked[name] = _stack(arrays, list(held), str(next(iter(held.values()))[k].attrs["units"]))
    return stacked


def _by_measures(sales: dict[str, xr.Dataset | None]) -> xr.DataArray | None:
    """Sales with and without a measure (a Dataset per scenario, USD), in billions and stacked over the
    scenarios that have them; ``None`` where none has."""
    found = {name: part for name, part in sales.items() if part is not None}
    if not found:
        return None
    parts = [(part / 1e9).to_dataarray("measures").rename(None) for part in found.values()]
    return _stack(parts, list(found), "billion USD")


def _who_pays_tables(
    outcomes: list[ScenarioOutcome],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, xr.Dataset]:
    """Who pays for every scenario: by country, by role, by firm (present values) and by year (Dataset)."""
    names = [outcome.scenario.name for outcome in outcomes]
    books = [ledger(o) for o in outcomes]
    per_scenario = {o.scenario.name: who_pays(o, book) for o, book in zip(outcomes, books, strict=True)}
    roles = {name: totals_by_role(table) for name, table in per_scenario.items()}
    per_firm = {o.scenario.name: firms(o) for o in outcomes}
    paying = pd.concat(per_scenario, names=["scenario", "country"])
    by_role = pd.concat(roles, names=["scenario", "group"])
    by_firm = pd.concat(per_firm, names=["scenario", "firm"])
    # every scenario's tables carry the same units and human names (pipeline.who_pays)
    for combined, parts in ((paying, per_scenario), (by_role, roles), (by_firm, per_firm)):
        combined.attrs.update(parts[names[0]].attrs)
    by_year = xr.concat(
        [book.labelled() for book in books], dim=xr.DataArray(names, dims="scenario", name="scenario")
    )
    by_year["discount_rate"] = xr.DataArray(
        [discount_rate(o) for o in outcomes],
        dims="scenario",
        attrs={"units": "1", "long_name": "Discount rate"},
    )
    return paying, by_role, by_firm, by_year


def _welfare_over_time_tables(outcomes: list[ScenarioOutcome]) -> tuple[xr.Dataset, pd.DataFrame]:
    """Welfare paths to 2040, static and dynamic, by year (scenario, country, year) and in present value
    (scenario, country), for every scenario (``pipeline.welfare_over_time``)."""
    names = [outcome.scenario.name for outcome in outcomes]
    paths = welfare_over_time_of(outcomes)
    tables = {
        outcome.scenario.name: present_values(path, discount_rates(outcome))
        for outcome, path in zip(outcomes, paths, strict=True)
    }
    by_year = xr.concat(paths, dim=xr.DataArray(names, dims="scenario", name="scenario"))
    by_year.attrs = {}
    values = pd.concat(tables, names=["scenario", "country"])
    values.attrs.update({key: tables[names[0]].attrs[key] for key in ("units", "long_names")})
    return by_year, values


def results_dataset(
    tables: dict[str, xr.DataArray], paying: pd.DataFrame, by_firm: pd.DataFrame, ledger: xr.Dataset
) -> xr.Dataset:
    """Every labelled result of the run in one Dataset: the tables (by their names), who pays by year
    (``who_pays_<channel>``) and in present value (``who_pays_<column>``), firms (``firm_<column>``)."""
    variables = {
        name: data.rename(None).assign_attrs(long_name=LONG_NAMES[name]) for name, data in tables.items()
    }
    variables.update({f"who_pays_{name}": data for name, data in ledger.data_vars.items()})
    for prefix, frame in (("who_pays", paying), ("firm", by_firm)):
        for column in frame.columns:
            if column == "peak_year" and prefix == "who_pays":
                data = frame[column].astype("int32").to_xarray()
            else:
                data = frame[column].to_xarray()
            if data.dtype == object:
                data = data.astype(str)
            variables[f"{prefix}_{column}"] = data.assign_attrs(
                units=frame.attrs["units"].get(column, ""), long_name=frame.attrs["long_names"][column]
            )
    order = ("scenario", "country", "vendor", "firm", "supplier", "industry", "year")
    dataset = xr.Dataset(
        {
            name: data.transpose(*(dim for dim in order if dim in data.dims), ...)
            for name, data in variables.items()
        }
    )
    dataset.attrs.update(
        title="gotogether run results",
        who_pays_years=f"{YEARS[0]}-{YEARS[-1]}",
        who_pays_base_year=BASE_YEAR,
    )
    return dataset


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
    # BLAS runs one thread, as an ensemble's draws do: on the run's few large factorisations (the
    # disruption's exposure) its threads cost ten times the CPU of one, and the numbers then do not depend
    # on the number of cores
    with threadpool_limits(limits=1, user_api="blas"), RunWriter(out) as writer:
        writer.record(
            scenarios=[scenario.model_dump(mode="json") for scenario in scenarios],
            parameters={"report_year": REPORT_YEAR, "who_pays_years": f"{YEARS[0]}-{YEARS[-1]}"},
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
            paying, by_role, by_firm, ledger = _who_pays_tables(outcomes)
        if ensemble is not None:
            with writer.stage("ensemble"):
                uncertainty = run_uncertainty(
                    scenarios,
                    ensemble,
                    out,
                    lambda done, total: report("ensemble draws", done, total),
                    deterministic=by_role["ev_pv"],
                )
                for name, table in uncertainty.tables.items():
                    writer.write_table(name, table)
            writer.record(
                seed=ensemble.seed,
                parameters={"draws": ensemble.draws, "unmapped_parameters": unmapped_parameters()},
            )
        run = RunResults(outcomes)
        with writer.stage("validation"):
            report("validation against published results", len(scenarios), len(scenarios))
            with reusing(run):  # what a case computes as the run did, it takes from the run
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
            tables = _tables(world, reference, run)
            for name, table in tables.items():
                writer.write_table(name, table, TITLES[name])
            writer.write_table("who_pays", paying, TITLES["who_pays"])
            writer.write_table("who_pays_by_role", by_role, TITLES["who_pays_by_role"])
            writer.write_table("who_pays_firms", by_firm, TITLES["who_pays_firms"])
            writer.write_table(
                "who_pays_by_year", ledger.drop_vars("discount_rate"), TITLES["who_pays_by_year"]
            )
            writer.record(
                parameters={
                    "who_pays_base_year": BASE_YEAR,
                    "who_pays_discount_rates": {o.scenario.name: discount_rate(o) for o in outcomes},
                    "who_pays_notes": list(NOTES),
                }
            )
            results = results_dataset(tables, paying, by_firm, ledger)
            writer.write_dataset(RESULTS, results)
            writer.write_table("value_calibration", calibration, TITLES["value_calibration"])
            writer.write_table(
                "validation", validation.set_index(["case", "country", "quantity"]), TITLES["validation"]
            )
            for name, table in _disruption_tables(world, outcomes).items():
                writer.write_table(name, table, TITLES[name])
            over_time, over_time_pv = _welfare_over_time_tables(outcomes)
            writer.write_table("welfare_over_time", over_time, TITLES["welfare_over_time"])
            writer.write_table("welfare_over_time_pv", over_time_pv, TITLES["welfare_over_time_pv"])
            writer.record(
                parameters={
                    "welfare_over_time_rates": {o.scenario.name: discount_rates(o) for o in outcomes},
                    "welfare_over_time_notes": list(WELFARE_OVER_TIME_NOTES),
                }
            )
            notes = [{"scenario": o.scenario.name, "note": note} for o in outcomes for note in o.notes]
            writer.write_table(
                "notes",
                pd.DataFrame(notes or [{"scenario": "", "note": ""}]).set_index("scenario"),
                TITLES["notes"],
            )
            writer.write_text("report.html", report_for_run(writer.path, writer.manifest))
    return JobResult(outcomes, paying, by_role, by_firm, results, out)
