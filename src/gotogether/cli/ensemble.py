"""``gotogether ensemble``: Monte Carlo ensembles of the engines, with percentiles and rank correlations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gotogether.cli.ensemble_options import (
    DEFAULT_BATCH,
    DEFAULT_SEED,
    BatchSize,
    Draws,
    Resume,
    Scheduler,
    Seed,
    Workers,
    ensemble_settings,
    progress_bar,
)
from gotogether.cli.output import console as make_console
from gotogether.data.loaders.cp2015 import NAFTA
from gotogether.ensembles import read_ensemble, run_ensemble
from gotogether.ensembles.storage import INPUTS
from gotogether.ensembles.summaries import draw_table, headline_distribution, rank_correlations
from gotogether.validation.nafta_ensemble import nafta_theta_draw, theta_parameters

app = typer.Typer(help="Monte Carlo ensembles over uncertain parameters.", no_args_is_help=True)
HEADLINE = "welfare.welfare_first_order_pct"


@app.command("nafta-theta")
def nafta_theta(
    out: Annotated[Path, typer.Option(help="Directory of the ensemble (batches stream into it).")] = Path(
        "ensemble-nafta-theta"
    ),
    draws: Draws = 200,
    seed: Seed = DEFAULT_SEED,
    workers: Workers = 1,
    scheduler: Scheduler = None,
    resume: Resume = False,
    batch_size: BatchSize = DEFAULT_BATCH,
) -> None:
    """NAFTA (Caliendo-Parro 2015) with the 20 traded-sector trade elasticities drawn from the registry."""
    settings = ensemble_settings(draws, seed, workers, scheduler, resume, batch_size)
    with progress_bar("NAFTA, uncertain theta") as progress:
        run = run_ensemble(
            nafta_theta_draw,
            theta_parameters(),
            settings.draws,
            settings.seed,
            out,
            workers=settings.workers,
            scheduler=settings.scheduler,
            batch_size=settings.batch_size,
            resume=settings.resume,
            progress=progress,
        )
    ensemble = read_ensemble(out)
    headlines = draw_table(ensemble[HEADLINE].sel(country=list(NAFTA)))
    console = make_console()
    console.print(
        f"{run.n_draws} draws in {out}/ ({run.batches_run} batches run, {run.batches_skipped} kept), "
        f"{run.seconds['wall']:.1f} s"
    )
    table = Table(title="NAFTA welfare change, percent (CP Table 2 measure) over draws")
    for column in ("country", "mean", "sd", "p5", "p50", "p95", "main driver (Spearman)"):
        table.add_column(
            column, justify="left" if column in ("country", "main driver (Spearman)") else "right"
        )
    correlations = rank_correlations(draw_table(ensemble[INPUTS]), headlines)
    for country, row in headline_distribution(headlines).iterrows():
        drivers = correlations[country]
        driver = str(drivers.abs().idxmax())
        table.add_row(
            str(country), *(f"{value:+.3f}" for value in row.values), f"{driver} ({drivers[driver]:+.2f})"
        )
    console.print(table)
