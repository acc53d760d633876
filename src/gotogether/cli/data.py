"""``gotogether data``: inspect the embedded default world."""

from __future__ import annotations

import typer
from rich.table import Table

from gotogether.cli.output import console as make_console
from gotogether.cli.output import labelled
from gotogether.data.classifications import read_classification
from gotogether.data.default_world import default_world_elasticities, load_default_world
from gotogether.data.iotable import IOTable

app = typer.Typer(help="Input-output data: the embedded default world.", no_args_is_help=True)


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


@app.command()
def info() -> None:
    """Describe the default world: source, year, unit, regions and sectors, totals by region."""
    world = load_default_world()
    console = make_console()
    console.print(labelled(world.source, "bold", f"\nyear {world.year}, {world.unit}"))
    console.print(f"{len(world.regions)} regions: {', '.join(world.regions)}")
    sectors = read_classification("default_world_sectors").drop_duplicates("sector").set_index("sector")
    theta = default_world_elasticities()
    table = Table(title=f"{len(world.sectors)} sectors")
    for column in ("sector", "name", "WIOD industries", "theta"):
        table.add_column(column)
    codes = (
        read_classification("default_world_sectors").groupby("sector", sort=False)["wiod_code"].agg(" ".join)
    )
    for sector in world.sectors:
        table.add_row(sector, str(sectors.loc[sector, "name"]), str(codes[sector]), f"{theta[sector]:.2f}")
    console.print(table)
    totals = Table(title=f"Totals by region ({world.unit})")
    for column in ("region", "gross output", "value added", "final demand", "exports"):
        totals.add_column(column, justify="right" if column != "region" else "left")
    rows = region_totals(world)
    for region, *values in rows:
        totals.add_row(region, *(f"{v:,.0f}" for v in values))
    world_totals = [sum(float(row[k]) for row in rows) for k in range(1, 5)]
    totals.add_row("world", *(f"{v:,.0f}" for v in world_totals), style="bold")
    console.print(totals)
