"""The standard report of a run: every section whose results the run produced, in a fixed order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import xarray as xr

from gotogether.reports import sections as parts
from gotogether.reports.html import Section, build_report
from gotogether.scenarios import Scenario


@dataclass(frozen=True)
class ReportResults:
    """Labelled results of a run (layouts: ``reports.sections``); a missing one drops its section."""

    welfare: xr.DataArray | None = None
    income: xr.DataArray | None = None
    coverage: xr.DataArray | None = None
    prices: xr.DataArray | None = None
    value: xr.DataArray | None = None
    vendor_shares: xr.DataArray | None = None
    sales_lost: xr.DataArray | None = None
    validation: pd.DataFrame | None = None


def report_sections(
    results: ReportResults,
    scenarios: Sequence[Scenario],
    parameters: Mapping[str, object],
    extra: Sequence[Section] = (),
) -> list[Section]:
    """The sections of the standard report for ``results``; ``extra`` sections come before the sources."""
    sections = []
    if results.welfare is not None:
        sections += [parts.who_pays(results.welfare, results.income), parts.welfare_map(results.welfare)]
    series = (
        (results.coverage, "coverage", "5G coverage", "Share of the population covered by 5G."),
        (results.prices, "prices", "Equipment prices", "Unit cost of 5G network equipment."),
        (results.value, "value", "Economic value", "Value added enabled by 5G adoption."),
    )
    sections += [
        parts.time_series(data, key, title, intro) for data, key, title, intro in series if data is not None
    ]
    if results.vendor_shares is not None:
        sections.append(parts.vendor_shares(results.vendor_shares))
    if results.sales_lost is not None:
        sections.append(parts.supplier_sales_lost(results.sales_lost))
    sections += list(extra)
    sections.append(parts.assumptions_and_sources(scenarios, parameters))
    if results.validation is not None:
        sections.append(parts.validation_table(results.validation))
    return sections


def run_report(
    results: ReportResults,
    scenarios: Sequence[Scenario],
    parameters: Mapping[str, object],
    *,
    extra: Sequence[Section] = (),
    title: str = "What fragmentation costs the 5G economy, and who pays",
) -> str:
    """The standard report as one self-contained HTML document."""
    names = ", ".join(scenario.name for scenario in scenarios)
    return build_report(
        title, report_sections(results, scenarios, parameters, extra), subtitle=f"Scenarios: {names}."
    )
