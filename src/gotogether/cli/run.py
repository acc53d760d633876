"""``gotogether run``: the main job on the embedded default world."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from gotogether.cli.ensemble_options import (
    DEFAULT_BATCH,
    DEFAULT_SEED,
    BatchSize,
    Resume,
    Scheduler,
    Seed,
    Workers,
)
from gotogether.cli.output import console as make_console


def run(
    scenarios: Annotated[
        list[str] | None,
        typer.Argument(help="Built-in scenario names or YAML files (default: the whole built-in library)."),
    ] = None,
    out: Annotated[
        Path, typer.Option(help="Run directory to write (replaced only when the run is complete).")
    ] = Path("results"),
    draws: Annotated[
        int | None,
        typer.Option("--draws", min=1, help="Also run N Monte Carlo draws of the uncertain parameters."),
    ] = None,
    seed: Seed = DEFAULT_SEED,
    workers: Workers = 1,
    scheduler: Scheduler = None,
    resume: Resume = False,
    batch_size: BatchSize = DEFAULT_BATCH,
) -> None:
    """Run scenarios through every engine and write tables, a report and a manifest into OUT.

    With --draws, the draws stream into OUT.draws/ (resumable with --resume) and the run gets percentile
    bands, the parameters that drive the spread, and an uncertainty section in the report."""
    # Imported here, not at the top: every command imports this module, and the pipeline is heavy.
    from gotogether.jobs.main import run_job
    from gotogether.jobs.uncertainty import EnsembleOptions
    from gotogether.pipeline.who_pays import BASE_YEAR, YEARS
    from gotogether.reports.sections import shown

    ensemble = None
    if draws is not None:
        ensemble = EnsembleOptions(draws, seed, workers, scheduler, resume, batch_size)
    console = make_console()
    console.width = max(console.width, 120)
    with Progress(
        TextColumn("{task.description}", markup=False), BarColumn(),
        TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(), console=console, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("starting", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        result = run_job(scenarios or [], out, progress=progress, ensemble=ensemble)
    rates = sorted({f"{o.world.parameters['who_pays.discount_rate']:.1%}" for o in result.outcomes})
    table = Table(
        title=f"Who pays, {YEARS[0]}-{YEARS[-1]}: present value in {BASE_YEAR} at {', '.join(rates)} a year, "
        f"billion USD of {BASE_YEAR} (against the coordinated world)"
    )
    columns = (
        "scenario",
        "group",
        "total",
        "5G value",
        "trade",
        "equipment",
        "value added",
        "substitutes",
        "disruption",
    )
    for column in columns:
        table.add_column(column, justify="left" if column in {"scenario", "group"} else "right")
    for row in result.by_role.reset_index().to_dict("records"):
        added = row["vendor_value_added_pv"] + row["supplier_value_added_pv"]
        channels = (row["ev_pv"], row["value_5g_pv"], row["trade_pv"], row["capex_pv"], added)
        last = (row["substitute_investment_pv"], row["disruption_pv"])
        table.add_row(
            str(row["scenario"]),
            str(row["group"]),
            *(shown(value, "{:+,.1f}") for value in (*channels, *last)),
        )
    console.print(table)
    if any(o.notes for o in result.outcomes):
        console.print("Notes: what was approximated or is not modelled", style="bold")
    for outcome in result.outcomes:
        name = outcome.scenario.name
        if outcome.notes:
            console.print(f"{name}:", markup=False, highlight=False)
        for note in outcome.notes:
            console.print(f"- {note.removeprefix(name + ': ')}", markup=False, highlight=False)
    console.print(f"results, report.html and manifest.json written to {result.out}/")
