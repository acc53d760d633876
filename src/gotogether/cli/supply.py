"""``gotogether supply``: run the supply engine on a built-in case and print feasible output and cost."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from gotogether.engines.supply import BUILTIN_CASES, load_default_network, simulate_supply
from gotogether.errors import InputError

app = typer.Typer(
    help="Supply engine: export controls, substitution, and who loses sales.", no_args_is_help=True
)


@app.command()
def run(
    case: Annotated[
        str, typer.Option(help=f"Built-in case: {', '.join(BUILTIN_CASES)}.")
    ] = "us-huawei-2019-2020",
    vendor: Annotated[str, typer.Option(help="Vendor whose yearly results are printed.")] = "huawei",
    eto: Annotated[
        Path | None, typer.Option(help="Folder of a local copy of the ETO supply-chain data.")
    ] = None,
) -> None:
    """Print feasible output share, unit cost multiplier and sales lost by year for one vendor."""
    if case not in BUILTIN_CASES:
        close = difflib.get_close_matches(case, list(BUILTIN_CASES), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise InputError(f"unknown case {case!r}{hint}", location="--case", expected=", ".join(BUILTIN_CASES))
    chosen = BUILTIN_CASES[case]
    network = load_default_network(eto_folder=eto)
    if vendor not in network.vendors:
        raise InputError(
            f"unknown vendor {vendor!r}", location="--vendor", expected=", ".join(network.vendors)
        )
    yearly = simulate_supply(network, chosen.measures, chosen.params).yearly().sel(vendor=vendor)
    table = Table(title=f"{chosen.description}: {vendor}")
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
    Console().print(table)
