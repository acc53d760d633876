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

    who_pays: pd.DataFrame | None = None  # (scenario, country) rows, pipeline.who_pays columns
    by_role: pd.DataFrame | None = None  # (scenario, group) rows
    firms: pd.DataFrame | None = None  # (scenario, firm) rows
    accounting: parts.Accounting | None = None
    coverage: xr.DataArray | None = None
    prices: xr.DataArray | None = None
    value: xr.DataArray | None = None
    vendor_shares: xr.DataArray | None = None
    sales_change: xr.DataArray | None = None
    validation: pd.DataFrame | None = None


def report_sections(
    results: ReportResults,
    scenarios: Sequence[Scenario],
    parameters: Mapping[str, object],
    extra: Sequence[Section] = (),
) -> list[Section]:
    """The sections of the standard report for ``results``; ``extra`` sections come before the sources."""
    sections = []
    if results.who_pays is not None and results.by_role is not None and results.accounting is not None:
        change = results.who_pays["ev_pv_pct_gdp"].to_xarray()
        sections += [
            parts.who_pays(results.who_pays, results.by_role, results.accounting),
            parts.country_map(
                change,
                "who-pays-map",
                "Who pays, by country (% of GDP)",
                "Present value of the equivalent variation in % of the present value of GDP.",
            ),
        ]
        if results.firms is not None:
            sections.append(parts.firms_table(results.firms, results.accounting))
    series = (
        (results.coverage, "coverage", "5G coverage", "Population covered by 5G (%)."),
        (results.prices, "prices", "Equipment prices", "Unit cost of 5G network equipment."),
        (results.value, "value", "Economic value", "Value added enabled by 5G adoption."),
    )
    sections += [
        parts.time_series(data, key, title, intro) for data, key, title, intro in series if data is not None
    ]
    if results.vendor_shares is not None:
        sections.append(parts.vendor_shares(results.vendor_shares))
    if results.sales_change is not None:
        sections.append(parts.supplier_sales_change(results.sales_change))
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
