"""The standard report of a run, read from its run directory: the contract of the service and ``compare``.

The job writes the tables, then builds the report from them (``report_for_run``); a finished run can be
reported again from its directory alone (``report_for_run(path, read_manifest(path))``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import xarray as xr

from gotogether.reports.disruption import disruption_chain
from gotogether.reports.html import Section
from gotogether.reports.sections import Accounting, notes_section, target_paths_section
from gotogether.reports.standard import ReportResults, run_report
from gotogether.reports.uncertainty import uncertainty_section
from gotogether.reports.welfare_over_time import welfare_over_time_section
from gotogether.reports.win_win import export_control_scenarios, win_win
from gotogether.runs import RunManifest, read_table
from gotogether.runs.writer import TABLES
from gotogether.scenarios import Scenario


def report_for_run(directory: Path, manifest: RunManifest) -> str:
    """The standard report (self-contained HTML) of the run whose tables are in ``directory/tables`` and
    whose manifest is ``manifest`` (read it with ``runs.read_manifest`` for a finished run)."""
    tables = directory / TABLES
    available = set(manifest.tables)
    year = int(manifest.parameters["report_year"])

    def array(name: str, dims: Sequence[str]) -> xr.DataArray | None:
        if name not in available:
            return None
        table = read_table(tables, name)
        value = table.columns[-1]
        data = table.set_index(list(dims))[value].to_xarray()
        return data.assign_attrs(units=manifest.tables[name].units.get(value, ""))

    value = array("value_5g", ("scenario", "country", "industry", "year"))
    sales = array("supplier_sales_change", ("scenario", "supplier"))
    coverage = array("coverage", ("scenario", "country", "year"))

    def indexed(name: str, index: list[str]) -> pd.DataFrame | None:
        return read_table(tables, name).set_index(index) if name in available else None

    results = ReportResults(
        who_pays=indexed("who_pays", ["scenario", "country"]),
        by_role=indexed("who_pays_by_role", ["scenario", "group"]),
        firms=indexed("who_pays_firms", ["scenario", "firm"]),
        accounting=Accounting(
            years=str(manifest.parameters.get("who_pays_years", "")),
            base_year=int(manifest.parameters.get("who_pays_base_year", 2019)),
            discount_rates=dict(manifest.parameters.get("who_pays_discount_rates", {})),
            notes=list(manifest.parameters.get("who_pays_notes", [])),
        ),
        coverage=None if coverage is None else _percent(coverage),
        prices=_ordered(array("price_per_site", ("scenario", "country", "year"))),
        value=None if value is None else _ordered(value.sum("industry").assign_attrs(value.attrs)),
        vendor_shares=_by_vendor(array("vendor_shares", ("scenario", "year", "vendor"))),
        sales_change=sales,
        validation=read_table(tables, "validation") if "validation" in available else None,
    )
    scenarios = [Scenario.model_validate(document) for document in manifest.scenarios]
    extra: list[Section] = []
    if "notes" in available:
        extra.append(notes_section(read_table(tables, "notes")))
    target_tables = ("target_business_revenue", "target_business_revenue_change", "target_productivity")
    if all(name in available for name in target_tables):
        section = target_paths_section(*(read_table(tables, name) for name in target_tables))
        if section is not None:
            extra.append(section)
    extra += disruption_chain(tables, available)
    if "uncertainty_world_welfare" in available:
        extra.append(_uncertainty(tables, manifest, year))
    controlled = export_control_scenarios(scenarios)
    if "who_pays" in available and controlled:
        gross_net = "supplier_sales_gross_net"
        suppliers = read_table(tables, gross_net) if gross_net in available else None
        extra.append(win_win(read_table(tables, "who_pays"), controlled, suppliers))
    if {"welfare_over_time_pv", "welfare_over_time"} <= available:
        extra.append(
            welfare_over_time_section(
                read_table(tables, "welfare_over_time_pv"),
                read_table(tables, "welfare_over_time"),
                manifest.parameters.get("welfare_over_time_rates", {}),
                manifest.parameters.get("welfare_over_time_notes", []),
            )
        )
    return run_report(results, scenarios, parameters={"report_year": year}, extra=extra)


def _percent(share: xr.DataArray) -> xr.DataArray:
    """A share of the population in % of it, dimensions in the report's order."""
    return (100.0 * share).transpose("scenario", "year", "country").assign_attrs(units="% of population")


def _ordered(data: xr.DataArray | None) -> xr.DataArray | None:
    return None if data is None else data.transpose("scenario", "year", "country")


def _by_vendor(data: xr.DataArray | None) -> xr.DataArray | None:
    return None if data is None else data.transpose("scenario", "year", "vendor")


def _uncertainty(tables: Path, manifest: RunManifest, year: int) -> Section:
    bands_table = read_table(tables, "uncertainty_world_welfare")
    value = bands_table.columns[-1]
    bands = bands_table.set_index(["scenario", "year", "percentile"])[value].to_xarray()
    drivers = read_table(tables, "uncertainty_drivers").set_index("parameter")
    headlines = read_table(tables, "uncertainty_headlines").set_index("scenario")
    by_role = (
        read_table(tables, "uncertainty_who_pays_by_role")
        if "uncertainty_who_pays_by_role" in manifest.tables
        else None
    )
    placed = (
        read_table(tables, "uncertainty_who_pays_deterministic")
        if "uncertainty_who_pays_deterministic" in manifest.tables
        else None
    )
    return uncertainty_section(
        bands,
        drivers,
        headlines,
        year=year,
        parameters=[str(name) for name in drivers.index],
        draws=int(manifest.parameters["draws"]),
        seed=int(manifest.seed or 0),
        unmapped=[str(name) for name in manifest.parameters.get("unmapped_parameters", [])],
        by_role=by_role,
        deterministic=placed,
    )
