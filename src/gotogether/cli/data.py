"""``gotogether data``: inspect the embedded default worlds."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from gotogether.cli.output import console as make_console
from gotogether.cli.output import labelled
from gotogether.data.default_world import (
    DEFAULT_WORLD,
    WORLD_DESCRIPTIONS,
    default_world_elasticities,
    default_world_sectors,
    load_default_world,
)
from gotogether.data.iotable import IOTable
from gotogether.errors import InputError

app = typer.Typer(help="Input-output data: the embedded default worlds.", no_args_is_help=True)


def region_totals(table: IOTable) -> list[tuple[str, float, float, float, float]]:
    """(region, gross output, value added, final demand, exports) in the table's unit."""
    regions = table.Z.index.get_level_values(0)
    output = table.x.groupby(level=0, sort=False).sum()
    value_added = table.va.sum(axis=0).groupby(level=0, sort=False).sum()
    demand = table.Y.sum(axis=0).groupby(level=0, sort=False).sum()
    rows = []
    for region in table.regions:
        foreign = regions != region
        sold = (
            table.Z.loc[region].to_numpy()[:, foreign].sum()
            + table.Y.loc[region].loc[:, table.Y.columns.get_level_values(0) != region].to_numpy().sum()
        )
        rows.append((region, output[region], value_added[region], demand[region], float(sold)))
    return rows


def world_description(name: str) -> dict[str, object]:
    """Year, method, sources, regions (value added etc. in USD) and sectors of the default world ``name``."""
    world = load_default_world(name)
    theta = default_world_elasticities(name)
    if world.unit != "millions of current USD":
        raise InputError(f"unexpected unit {world.unit!r}", source=f"default world {name}")
    return {
        "world": name,
        "year": world.year,
        "unit": "current USD",
        "source": world.source,
        **WORLD_DESCRIPTIONS[name],
        "regions": [
            {
                "region": region,
                "value_added_usd": value_added * 1e6,
                "gross_output_usd": output * 1e6,
                "final_demand_usd": demand * 1e6,
                "exports_usd": exports * 1e6,
            }
            for region, output, value_added, demand, exports in region_totals(world)
        ],
        "sectors": [
            {"sector": sector, "name": label, "wiod_industries": codes, "theta": float(theta[str(sector)])}
            for sector, label, codes in default_world_sectors(name).itertuples(index=False)
        ],
    }


@app.command()
def info(
    world: str = typer.Option(DEFAULT_WORLD, help="Which default world: 2019 (the default) or 2011."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (amounts in USD) instead of tables."),
) -> None:
    """Describe a default world: year, method, sources, regions and sectors, totals by region."""
    try:
        description = world_description(world)
    except InputError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(description, indent=2))
        return
    table = load_default_world(world)
    console = make_console()
    console.print(labelled(table.source, "bold", f"\nyear {table.year}, {table.unit}"))
    console.print(f"method: {description['method']}")
    console.print(f"{len(table.regions)} regions: {', '.join(table.regions)}")
    sectors = Table(title=f"{len(table.sectors)} sectors")
    for column in ("sector", "name", "WIOD industries", "theta"):
        sectors.add_column(column)
    for row in description["sectors"]:  # type: ignore[attr-defined]
        sectors.add_row(row["sector"], row["name"], row["wiod_industries"], f"{row['theta']:.2f}")
    console.print(sectors)
    totals = Table(title=f"Totals by region ({table.unit})")
    for column in ("region", "gross output", "value added", "final demand", "exports"):
        totals.add_column(column, justify="right" if column != "region" else "left")
    rows = region_totals(table)
    for region, *values in rows:
        totals.add_row(region, *(f"{v:,.0f}" for v in values))
    world_totals = [sum(float(row[k]) for row in rows) for k in range(1, 5)]
    totals.add_row("world", *(f"{v:,.0f}" for v in world_totals), style="bold")
    console.print(totals)
