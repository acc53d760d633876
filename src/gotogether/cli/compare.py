"""``gotogether compare``: two run directories side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from gotogether.runs.compare import compare_runs

SHOWN = ("welfare_change_pct", "value_5g_change_2019_2035_usd_bn", "extra_capex_2019_2035_usd_bn")


def compare(
    run_a: Annotated[Path, typer.Argument(help="A run directory written by 'gotogether run'.")],
    run_b: Annotated[Path, typer.Argument(help="Another run directory.")],
    csv: Annotated[Path | None, typer.Option(help="Also write the full comparison to this CSV file.")] = None,
) -> None:
    """Who pays in two runs, side by side, with the differences (B - A)."""
    comparison = compare_runs(run_a, run_b)
    console = Console()
    console.width = max(console.width, 120)
    table = Table(title=f"B - A: {run_b} minus {run_a}")
    table.add_column("scenario")
    table.add_column("country")
    for quantity in SHOWN:
        table.add_column(quantity, justify="right")
    differences = comparison.xs("b - a", axis=1, level=1)[list(SHOWN)].reset_index()
    for row in differences.to_dict("records"):
        table.add_row(str(row["scenario"]), str(row["country"]), *(f"{row[q]:+.4g}" for q in SHOWN))
    console.print(table)
    if csv is not None:
        comparison.to_csv(csv)
        console.print(f"full comparison written to {csv}")
