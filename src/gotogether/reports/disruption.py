"""The chain of effects of a disruption: capacity lost where it hits, output lost in the sectors that use
what it makes, 5G rollout and value, and welfare through the trade engine (docs/disruption.md).

Reads the run's tables: ``disruption_monthly`` (scenario, month, country, sector), ``coverage``,
``rollout_coverage_delay_months``, ``value_5g``, ``reference_value_5g``, ``welfare_change``, ``income`` and
``disruption_exposure`` (the first-order exposure, shown beside the dynamic result).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from gotogether.reports.html import Section
from gotogether.reports.rendering import render
from gotogether.runs import read_table

USERS = {
    "TELEQ": "telecom equipment",
    "OELEC": "other electronics",
    "MACH": "machinery",
    "TREQ": "vehicles and other transport equipment",
}
"""The sectors for which chips are critical (``pipeline.disruption.CRITICAL_PAIRS``), besides SEMI."""
TOP = 5


Block = dict[str, object]
"""A numbered step of the chain: its title, the table's header and rows (texts)."""


def _monthly(frame: pd.DataFrame, sectors: Sequence[str], title: str) -> Block:
    """Output lost (USD bn a month) by month in ``sectors``: the world and the most hit countries."""
    hit = frame[frame["sector"].isin(sectors)]
    by = hit.pivot_table(index="month", columns="country", values="output_lost", aggfunc="sum") / 1e3
    countries = list(by.max().sort_values(ascending=False).index[:TOP])
    # each month's world total summed as the month's own row (pandas' row sum: pairwise, missing as 0)
    months = np.ascontiguousarray(by.to_numpy(dtype=float))
    totals = np.where(np.isnan(months), 0.0, months).sum(axis=1)
    shown = by[countries].to_numpy()
    rows = [
        [str(month), f"{total:,.2f}", *(f"{value:,.2f}" for value in values)]
        for month, total, values in zip(by.index, totals, shown, strict=True)
        if abs(total) > 1e-6
    ]
    return {"title": title, "header": ["month", "world", *countries], "rows": rows}


def disruption_chain(tables: Path, available: set[str]) -> list[Section]:
    """One section per scenario with a disruption (none when the run has no ``disruption_monthly``)."""
    if "disruption_monthly" not in available:
        return []
    monthly = read_table(tables, "disruption_monthly")
    sections = []
    for scenario, frame in monthly.groupby("scenario", sort=False):
        blocks = [
            _monthly(frame, ["SEMI"], "1. Output lost in semiconductors (USD bn a month)"),
            _monthly(frame, list(USERS), f"2. Output lost in the sectors using chips: {', '.join(USERS)}"),
            *(
                _monthly(frame, [sector], f"2{letter}. Output lost in {name} ({sector}, USD bn a month)")
                for letter, (sector, name) in zip("abcd", USERS.items(), strict=True)
            ),
            *_rollout_and_welfare(tables, available, str(scenario)),
            *_exposure(tables, available, str(scenario), frame),
        ]
        sections.append(
            Section(
                f"disruption-{scenario}",
                f"Chain of effects: {scenario}",
                "How the disruption travels: capacity lost where it hits, output lost downstream month by "
                "month (disruption engine: inventories, rationing, substitution), the 5G rollout and its "
                "value, and welfare through the trade engine. Negative output lost is the catch-up that "
                "refills stocks after the shock.",
                render("disruption.html.j2", blocks=blocks),
            )
        )
    return sections


def _rollout_and_welfare(tables: Path, available: set[str], scenario: str) -> list[Block]:
    needed = {"coverage", "value_5g", "reference_value_5g", "welfare_change", "income"}
    if not needed <= available:
        return []
    coverage = read_table(tables, "coverage")
    coverage = coverage[coverage["scenario"].isin([scenario, "coordinated"])]
    values = read_table(tables, "value_5g")
    value = values[values["scenario"] == scenario].groupby("year")["value_5g"].sum()
    reference = read_table(tables, "reference_value_5g").groupby("year").sum(numeric_only=True).iloc[:, -1]
    welfare = read_table(tables, "welfare_change")
    welfare = welfare[welfare["scenario"] == scenario]
    income = read_table(tables, "income").set_index("country")["value_added"]
    weighted = welfare.assign(money=(welfare["welfare_change"] - 1.0) * welfare["country"].map(income) / 1e3)
    world = weighted.groupby("year")["money"].sum()
    mean_coverage = coverage.pivot_table(index="year", columns="scenario", values="coverage", aggfunc="mean")
    rows = []
    for year in world.index:
        change = world[year]
        value_change = float(value.get(year, 0.0) - reference.get(year, 0.0))
        points = (
            100.0 * (mean_coverage.loc[year, scenario] - mean_coverage.loc[year, "coordinated"])
            if "coordinated" in mean_coverage and year in mean_coverage.index
            else float("nan")
        )
        if abs(change) > 1e-3 or abs(value_change) > 1e-3:
            shown = "-" if pd.isna(points) else f"{points:+.3f}"  # "-": the coordinated world not in the run
            rows.append([str(year), shown, f"{value_change:+,.2f}", f"{change:+,.1f}"])
    header = ["year", "5G coverage (pp, mean of countries)", "5G value (USD bn)", "world welfare (USD bn)"]
    return [
        {"title": "3. 5G rollout and value, and welfare through trade", "header": header, "rows": rows},
        *_rollout_delay(tables, available, scenario),
        _welfare_by_country(weighted),
    ]


def _rollout_delay(tables: Path, available: set[str], scenario: str) -> list[Block]:
    """The months by which each country reaches each coverage level later than in the coordinated world
    (every country, so that a zero delay is shown as such)."""
    if "rollout_coverage_delay_months" not in available:
        return []
    delay = read_table(tables, "rollout_coverage_delay_months")
    delay = delay[delay["scenario"] == scenario]
    by = delay.pivot_table(index="country", columns="level", values="coverage_delay_months", aggfunc="sum")
    by = by.loc[by.abs().max(axis=1).sort_values(ascending=False).index]
    header = ["country", *(f"delay to {level:.0%} coverage (months)" for level in by.columns)]
    rows = [
        [str(country), *("-" if pd.isna(value) else f"{value:+.1f}" for value in row)]
        for country, row in by.iterrows()
    ]
    return [{"title": "4. 5G rollout delay by country", "header": header, "rows": rows}]


def _welfare_by_country(weighted: pd.DataFrame) -> Block:
    """Welfare through the trade engine (equivalent variation, USD bn) by year: the world and the countries
    that lose most."""
    by = weighted.pivot_table(index="year", columns="country", values="money", aggfunc="sum")
    countries = list(by.sum().sort_values().index[:TOP])
    rows = [
        [str(year), f"{row.sum():+,.1f}", *(f"{row[c]:+,.1f}" for c in countries)]
        for year, row in by.iterrows()
        if abs(row.sum()) > 1e-3
    ]
    return {
        "title": "5. Welfare through trade by country (USD bn)",
        "header": ["year", "world", *countries],
        "rows": rows,
    }


AT_RISK = (
    "value_added_at_risk_downstream",
    "value_added_at_risk_upstream",
    "backward_dependence",
    "forward_dependence",
)
"""The exposure table's columns shown, in order (money in million USD; dependence as shares)."""


def _exposure(tables: Path, available: set[str], scenario: str, monthly: pd.DataFrame) -> list[Block]:
    """The first-order exposure (hypothetical extraction and Ghosh, a year of value added at risk) of the
    most exposed country-sectors, beside the value added the dynamic engine loses over the whole window."""
    if "disruption_exposure" not in available:
        return []
    exposure = read_table(tables, "disruption_exposure")
    exposure = exposure[exposure["scenario"] == scenario]
    top = exposure.sort_values("value_added_at_risk_downstream", ascending=False).head(2 * TOP)
    lost = (
        monthly.groupby(["country", "sector"])["value_added_lost"].sum()
        if "value_added_lost" in monthly
        else pd.Series(dtype=float)
    )
    rows = []
    for record in top.to_dict("records"):
        key = (str(record["country"]), str(record["sector"]))
        numbers = [float(record[name]) for name in AT_RISK]
        rows.append(
            [
                *key,
                f"{numbers[0] / 1e3:,.2f}",
                f"{numbers[1] / 1e3:,.2f}",
                f"{100 * numbers[2]:.2f}",
                f"{100 * numbers[3]:.2f}",
                f"{float(lost[key]) / 1e3:,.2f}" if key in lost.index else "-",
            ]
        )
    header = [
        "country",
        "sector",
        "first order: value added at risk downstream (USD bn a year)",
        "upstream (USD bn a year)",
        "backward dependence (%)",
        "forward dependence (%)",
        "dynamic: value added lost over the window (USD bn)",
    ]
    title = "6. First-order exposure beside the dynamic result (most exposed country-sectors)"
    return [{"title": title, "header": header, "rows": rows}]
