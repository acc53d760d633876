"""``gotogether validate``: run the built-in replications of published results."""

from __future__ import annotations

import json
from typing import Annotated

import numpy  # noqa: F401  (its BLAS loaded, so that threadpool_limits reaches it)
import typer
from rich.table import Table
from rich.text import Text
from threadpoolctl import threadpool_limits

from gotogether.cli.output import console as make_console
from gotogether.validation import CASES, ValidationRow, run_cases

VERDICTS = {True: Text("pass", "green"), False: Text("FAIL", "bold red"), None: Text("info", "dim")}


def _table(rows: list[ValidationRow]) -> Table:
    table = Table(title="Validation against published results (percent)")
    for column in ("case", "country", "quantity", "published", "ours", "difference", "result"):
        table.add_column(column, justify="right" if column in {"published", "ours", "difference"} else "left")
    for row in rows:
        table.add_row(
            row.case,
            row.country,
            row.quantity,
            "" if row.published is None else f"{row.published:.2f}",
            f"{row.ours:.4f}",
            "" if row.difference is None else f"{row.difference:+.4f}",
            VERDICTS[row.passed],
        )
    return table


def validate(
    cases: Annotated[
        list[str] | None, typer.Argument(help=f"Cases to run (default: all). Known: {', '.join(CASES)}.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as a JSON list.")] = False,
) -> None:
    """Reproduce published tables; exit status 1 if any number is outside its tolerance."""
    # one BLAS thread, as in a run: the numbers of the run's validation table (NumPy's BLAS is loaded by then)
    with threadpool_limits(limits=1, user_api="blas"):
        rows = run_cases(cases)
    if as_json:
        typer.echo(json.dumps([row.as_json() for row in rows], indent=2))
    else:
        console = make_console()
        console.width = max(console.width, 110)  # keep rows on one line when output is not a terminal
        console.print(_table(rows))
        console.print("welfare_exact: the exact change in real income, beside CP's first-order welfare.")
    if any(row.passed is False for row in rows):
        raise typer.Exit(code=1)
