"""``gotogether exposure``: each country's and sector's value added at risk from a chokepoint."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from threadpoolctl import threadpool_limits

from gotogether.cli.output import console as make_console
from gotogether.pipeline.disruption import exposure as chokepoint_exposure
from gotogether.pipeline.world import load_world

AT_RISK = ("value_added_at_risk_upstream", "value_added_at_risk_downstream")


def exposure(
    countries: Annotated[list[str], typer.Option("--countries", help="Region(s) of the chokepoint.")],
    sectors: Annotated[
        list[str] | None, typer.Option("--sectors", help="Sector(s) of the chokepoint; omit for all.")
    ] = None,
    top: Annotated[int, typer.Option(help="Country-sectors printed, most at risk first.")] = 15,
    out: Annotated[Path | None, typer.Option(help="Write the whole table to this CSV file.")] = None,
) -> None:
    """Value added at risk from a chokepoint (hypothetical extraction and Ghosh), with backward and forward
    dependence, by country and sector of the 2019 world (billions of USD a year). See docs/disruption.md."""
    with threadpool_limits(limits=1, user_api="blas"):  # as in a run: its numbers, a tenth of the CPU
        table = chokepoint_exposure(load_world().table, countries, sectors or None)
    chokepoint = f"{'+'.join(countries)} {'+'.join(sectors) if sectors else 'all sectors'}"
    console = make_console()
    by_country = table[["value_added", *AT_RISK]].groupby(level="country").sum() / 1e3
    summary = Table(title=f"Value added at risk from {chokepoint}, by country (USD bn a year)")
    for column in ("country", "value added", "at risk upstream", "at risk downstream", "downstream %"):
        summary.add_column(column, justify="right")
    for country, row in by_country.sort_values(AT_RISK[1], ascending=False).iterrows():
        share = 100.0 * row[AT_RISK[1]] / row["value_added"] if row["value_added"] else 0.0
        summary.add_row(
            str(country),
            f"{row['value_added']:,.0f}",
            f"{row[AT_RISK[0]]:,.1f}",
            f"{row[AT_RISK[1]]:,.1f}",
            f"{share:.2f}",
        )
    console.print(summary)
    detail = Table(title=f"Most exposed country-sectors (top {top})")
    for column in ("country", "sector", "at risk downstream (bn)", "backward dep. %", "forward dep. %"):
        detail.add_column(column, justify="right")
    ranked = table.sort_values(AT_RISK[1], ascending=False).head(top)
    for (country, sector), (_, row) in zip(ranked.index, ranked.iterrows(), strict=True):
        detail.add_row(
            str(country),
            str(sector),
            f"{row[AT_RISK[1]] / 1e3:,.2f}",
            f"{100 * row['backward_dependence']:.2f}",
            f"{100 * row['forward_dependence']:.2f}",
        )
    console.print(detail)
    if out is not None:
        table.to_csv(out)
        console.print(f"wrote {out}")
