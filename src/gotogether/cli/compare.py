"""``gotogether compare``: two run directories side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gotogether.cli.output import console as make_console

SHOWN = ("ev_pv", "value_5g_pv", "trade_pv", "capex_pv")


def compare(
    run_a: Annotated[Path, typer.Argument(help="A run directory written by 'gotogether run'.")],
    run_b: Annotated[Path, typer.Argument(help="Another run directory.")],
    table: Annotated[str, typer.Option(help="The table to compare (a name under tables/).")] = "who_pays",
    csv: Annotated[Path | None, typer.Option(help="Also write the full comparison to this CSV file.")] = None,
) -> None:
    """Two runs side by side, row by row, with the differences (B - A)."""
    from gotogether.runs.compare import (
        compare_runs,
    )  # here, not at the top: every command imports this module

    comparison = compare_runs(run_a, run_b, table)
    console = make_console()
    console.width = max(console.width, 120)
    differences = [column for column in comparison.columns if column.endswith("_diff")]
    shown = [f"{name}_diff" for name in SHOWN if f"{name}_diff" in differences] or differences[:4]
    labels = [column for column in comparison.columns if not column.endswith(("_a", "_b", "_diff"))]
    view = Table(title=f"{table}: {run_b} minus {run_a}")
    for column in labels + shown:
        view.add_column(column.removesuffix("_diff"), justify="left" if column in labels else "right")
    for row in comparison[labels + shown].to_dict("records"):
        view.add_row(*(str(row[c]) for c in labels), *(f"{row[c]:+.4g}" for c in shown))
    console.print(view)
    if csv is not None:
        comparison.to_csv(csv, index=False)
        console.print(f"full comparison written to {csv}")
