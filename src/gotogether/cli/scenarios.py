"""``gotogether scenarios``: list, show and validate scenarios; write the JSON Schema of scenario files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.style import Style
from rich.table import Table
from rich.text import Text

from gotogether.cli.output import console as make_console
from gotogether.cli.output import labelled
from gotogether.errors import InputError
from gotogether.scenarios import Scenario, ScenarioError, load_builtins, load_scenario
from gotogether.scenarios.schema import scenario_json_schema_text

app = typer.Typer(
    help="Scenarios: the built-in library, your own YAML files, and their schema.",
    no_args_is_help=True,
)
console = make_console()


@app.command("list")
def list_scenarios() -> None:
    """List the built-in scenarios."""
    table = Table(title="Built-in scenarios")
    table.add_column("name", style="bold")
    table.add_column("measures", justify="right")
    table.add_column("summary")
    for scenario in load_builtins():
        summary = scenario.description.split(". ")[0].rstrip(".") + "."
        table.add_row(scenario.name, str(len(scenario.measures)), summary)
    console.print(table)


@app.command("show")
def show(
    scenario: Annotated[str, typer.Argument(help="A built-in name (see `list`) or a YAML file path.")],
) -> None:
    """Show a scenario after inheritance: blocs, parameters, measures and sources."""
    loaded = load_scenario(scenario)
    console.print(labelled(loaded.name, "bold", " 2019-2035"), highlight=False)
    if loaded.inherits:
        console.print(f"inherits: {loaded.inherits}", highlight=False)
    console.print(loaded.description or "(no description)")
    if loaded.blocs:
        console.print(
            _key_value_table("Blocs", {name: ", ".join(codes) for name, codes in loaded.blocs.items()})
        )
    if loaded.parameters:
        console.print(
            _key_value_table("Parameters", {key: f"{value:g}" for key, value in loaded.parameters.items()})
        )
    console.print(_measures_table(loaded))
    sources = Table(title="Sources")
    for column in ("outlet", "title", "date", "link"):
        sources.add_column(column)
    for source in loaded.sources:
        sources.add_row(
            source.outlet, source.title, source.date or "", Text(source.url, style=Style(link=source.url))
        )
    console.print(sources)


@app.command("validate")
def validate(
    files: Annotated[list[Path], typer.Argument(help="Scenario YAML files to check.")],
) -> None:
    """Check scenario files: the schema (every problem with file:line:column), then the translation into
    engine inputs on the default world, with the engines' own checks; print the notes on what is
    approximated. Exit status 2 if any is invalid."""
    from gotogether.pipeline.world import load_world
    from gotogether.scenarios.translate import translate

    failed = 0
    for path in files:
        try:
            scenario = load_scenario(path)
            notes = translate(scenario, load_world().model).notes
        except (ScenarioError, InputError) as error:
            failed += 1
            where = "" if isinstance(error, ScenarioError) else f"{path}: "  # a ScenarioError names its file
            console.print(
                labelled("invalid", "bold red", where + str(error)), highlight=False, soft_wrap=True
            )
        else:
            console.print(
                labelled("ok", "green", f"{path}: {scenario.name}, {len(scenario.measures)} measures"),
                highlight=False,
            )
            for note in notes:
                console.print(f"  note: {note}", markup=False, highlight=False, soft_wrap=True)
    if failed:
        raise typer.Exit(2)


@app.command("schema")
def schema(
    out: Annotated[
        Path | None, typer.Option(help="Write the schema to this file instead of the screen.")
    ] = None,
) -> None:
    """Print (or write) the JSON Schema of scenario files, for editors."""
    text = scenario_json_schema_text()
    if out is None:
        typer.echo(text, nl=False)
        return
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, out)
    console.print(f"wrote {out}", highlight=False)


def _key_value_table(title: str, rows: dict[str, str]) -> Table:
    table = Table(title=title)
    table.add_column("name", style="bold")
    table.add_column("value")
    for key, value in rows.items():
        table.add_row(key, value)
    return table


def _measures_table(scenario: Scenario) -> Table:
    table = Table(title=f"Measures ({len(scenario.measures)})")
    table.add_column("#", justify="right")
    table.add_column("type", style="bold")
    table.add_column("label")
    table.add_column("settings")
    for index, measure in enumerate(scenario.measures):
        settings = measure.model_dump(mode="json", exclude_defaults=True, exclude={"type", "label", "note"})
        text = "; ".join(f"{key}={_compact(value)}" for key, value in settings.items())
        table.add_row(str(index), measure.type, measure.label or "", text)
    return table


def _compact(value: object) -> str:
    if isinstance(value, list):
        return ",".join(_compact(item) for item in value)
    if isinstance(value, dict):
        return "{" + " ".join(f"{key}={_compact(item)}" for key, item in value.items()) + "}"
    return str(value)
