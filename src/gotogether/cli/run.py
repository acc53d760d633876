"""``gotogether run``: the main job (at this stage: validation and a sample tariff scenario on CP data)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
import xarray as xr
from rich.console import Console
from rich.table import Table

from gotogether.data.loaders.cp2015 import CP2015_SECTORS, N_TRADED, load_cp2015
from gotogether.engines.trade import TradeShock, solve, welfare_decomposition
from gotogether.validation import run_cases

SAMPLE_TARIFF_PP = 0.25
"""The sample scenario: the USA and China raise tariffs on each other's goods by 25 percentage points."""


def sample_tariff_war() -> pd.DataFrame:
    """Welfare effects (percent) of a 25 pp US-China tariff rise on the CP 1993 zero-deficit world."""
    data = load_cp2015()
    baseline = solve(data, TradeShock(deficit=xr.zeros_like(data["deficit"]))).as_baseline()
    pair = ["CHN", "USA"]
    tariff = baseline["tariff"].sel(importer=pair, exporter=pair).copy()
    traded = list(CP2015_SECTORS[:N_TRADED])
    tariff.loc[{"importer": "USA", "exporter": "CHN", "sector": traded}] += SAMPLE_TARIFF_PP
    tariff.loc[{"importer": "CHN", "exporter": "USA", "sector": traded}] += SAMPLE_TARIFF_PP
    result = solve(baseline, TradeShock(tariff=tariff))
    decomposition = welfare_decomposition(result, result["cost_change"])
    table = pd.DataFrame(
        {
            "welfare_exact_pct": 100 * (result["welfare_change"].to_series() - 1),
            "real_wage_pct": 100 * (result["real_wage_change"].to_series() - 1),
            "terms_of_trade_pct": 100 * decomposition["terms_of_trade_total"].to_series(),
            "volume_of_trade_pct": 100 * decomposition["volume_of_trade_total"].to_series(),
        }
    )
    return table.sort_values("welfare_exact_pct")


def run(
    out: Annotated[
        Path, typer.Option(help="Directory to write the results into (replaced as a whole).")
    ] = Path("results"),
) -> None:
    """Run the validation cases and the sample tariff scenario; write CSV tables into OUT."""
    console = Console()
    console.width = max(console.width, 110)
    with console.status("validating against published results"):
        rows = run_cases()
    with console.status("solving the sample US-China tariff scenario"):
        welfare = sample_tariff_war()
    passed = sum(row.passed is True for row in rows)
    checked = sum(row.passed is not None for row in rows)
    console.print(f"validation: {passed} of {checked} published numbers reproduced")
    table = Table(title="US-China +25 pp tariffs on the CP 1993 world: welfare change (percent)")
    for column in ("country", *welfare.columns):
        table.add_column(column, justify="left" if column == "country" else "right")
    for country, values in welfare.head(8).iterrows():
        table.add_row(str(country), *(f"{value:+.3f}" for value in values))
    console.print(table)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.resolve().parent))
    try:
        pd.DataFrame([row.as_json() for row in rows]).to_csv(staging / "validation.csv", index=False)
        welfare.to_csv(staging / "sample_tariff_war_welfare.csv")
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    console.print(f"results written to {out}/")
    if passed != checked:
        raise typer.Exit(code=1)
