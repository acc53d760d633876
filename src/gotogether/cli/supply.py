"""``gotogether supply``: run the supply engine on a scenario and print feasible output and cost."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gotogether.cli.output import console as make_console
from gotogether.errors import InputError
from gotogether.pipeline.run import scenario_supply
from gotogether.pipeline.world import default_network, load_world
from gotogether.scenarios import load_scenario

app = typer.Typer(
    help="Supply engine: export controls, substitution, and who loses sales.", no_args_is_help=True
)


@app.command()
def run(
    case: Annotated[
        str,
        typer.Option(
            help="A built-in scenario or a scenario file: its export controls and supply disruptions."
        ),
    ] = "us-huawei-2019-2020",
    vendor: Annotated[str, typer.Option(help="Vendor whose yearly results are printed.")] = "huawei",
    eto: Annotated[
        Path | None, typer.Option(help="Folder of a local copy of the ETO supply-chain data.")
    ] = None,
) -> None:
    """Print feasible output share, unit cost multiplier and sales lost by year for one vendor."""
    scenario = load_scenario(case)
    network = default_network(eto_folder=eto)
    if vendor not in network.vendors:
        raise InputError(
            f"unknown vendor {vendor!r}", location="--vendor", expected=", ".join(network.vendors)
        )
    result = scenario_supply(replace(load_world(), network=network), scenario)
    yearly = result.yearly().sel(vendor=vendor)
    table = Table(title=f"{scenario.name}: {vendor}")
    for column in ("year", "feasible output", "unit cost multiplier", "sales lost (USD bn)"):
        table.add_column(column, justify="right")
    for year in yearly["year"].values:
        row = yearly.sel(year=year)
        table.add_row(
            str(year),
            f"{float(row['feasible_output']):.3f}",
            f"{float(row['unit_cost_multiplier']):.3f}",
            f"{float(row['vendor_sales_lost']) / 1e9:.2f}",
        )
    make_console().print(table)
