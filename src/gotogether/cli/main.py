"""Entry point of the ``gotogether`` command: one Typer app, one module per command (group), each imported
only when its command runs, so that ``gotogether --help`` and ``--version`` start without NumPy, pandas,
xarray or the default world (issue 20)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import import_module
from typing import Annotated, Any

import typer
from typer import _click as click
from typer.core import TyperCommand, TyperGroup

from gotogether.errors import GotogetherError


@dataclass(frozen=True)
class LazyCommand:
    """A command whose module is imported when it runs: ``module:attribute`` is a command function or a
    ``typer.Typer`` group; ``summary`` is what ``gotogether --help`` lists (the first paragraph of the
    command's own help, which a test keeps equal)."""

    target: str
    summary: str

    def load(self, name: str) -> click.Command:
        module, attribute = self.target.split(":")
        loaded = getattr(import_module(module), attribute)
        if isinstance(loaded, typer.Typer):
            return typer.main.get_group(loaded)
        single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
        single.command(name)(loaded)
        return typer.main.get_command(single)


COMMANDS: dict[str, LazyCommand] = {
    "run": LazyCommand(
        "gotogether.cli.run:run",
        "Run scenarios through every engine and write tables, a report and a manifest into OUT.",
    ),
    "validate": LazyCommand(
        "gotogether.cli.validate:validate",
        "Reproduce published tables; exit status 1 if any number is outside its tolerance.",
    ),
    "compare": LazyCommand(
        "gotogether.cli.compare:compare", "Two runs side by side, row by row, with the differences (B - A)."
    ),
    "serve": LazyCommand(
        "gotogether.cli.serve:serve",
        "Serve the API (docs at /api/docs) and run submitted scenarios in the background. The ensemble and "
        "Dask options are the operator's: they apply to every run, and clients cannot choose hosts.",
    ),
    "exposure": LazyCommand(
        "gotogether.cli.exposure:exposure",
        "Value added at risk from a chokepoint (hypothetical extraction and Ghosh), with backward and "
        "forward dependence, by country and sector of the 2019 world (billions of USD a year). "
        "See docs/disruption.md.",
    ),
    "data": LazyCommand("gotogether.cli.data:app", "Input-output data: the embedded default worlds."),
    "supply": LazyCommand(
        "gotogether.cli.supply:app", "Supply engine: export controls, substitution, and who loses sales."
    ),
    "scenarios": LazyCommand(
        "gotogether.cli.scenarios:app",
        "Scenarios: the built-in library, your own YAML files, and their schema.",
    ),
    "ensemble": LazyCommand(
        "gotogether.cli.ensemble:app", "Monte Carlo ensembles over uncertain parameters."
    ),
}
"""Every command, in the order ``gotogether --help`` lists them."""


class _Placeholder(TyperCommand):
    """A command not yet loaded: its name and summary for the help listing. The command itself is loaded
    when a context is made for it, i.e. when it is about to run or to show its own help."""

    def __init__(self, name: str, lazy: LazyCommand) -> None:
        super().__init__(name=name, help=lazy.summary, short_help=lazy.summary)
        self.lazy = lazy

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        command = self.lazy.load(self.name or "")
        return command.make_context(info_name, args, parent=parent, **extra)


class LazyGroup(TyperGroup):
    """The ``gotogether`` group: holds a placeholder for each of ``COMMANDS``, so that listing them, and
    suggesting one for a typo, imports none of them."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for name, lazy in COMMANDS.items():
            self.add_command(_Placeholder(name, lazy))


app = typer.Typer(
    name="gotogether",
    cls=LazyGroup,
    help="What geopolitical fragmentation costs the global 5G economy, and who pays.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    # Click's plain help: Typer's rich help imports rich, its Markdown parser and more, which would double
    # the time of `gotogether --help` (issue 20); a command's own help, once it is loaded, stays rich.
    rich_markup_mode=None,
)


def _print_version(asked: bool) -> None:
    if asked:
        from importlib.metadata import version

        typer.echo(f"gotogether {version('gotogether')}")
        raise typer.Exit()


@app.callback()
def _root(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the installed version of gotogether and exit.",
        ),
    ] = False,
) -> None:
    """What geopolitical fragmentation costs the global 5G economy, and who pays."""


def main() -> None:
    """Run the CLI; user errors print one clear message and exit with status 2, Ctrl-C exits with 130."""
    try:
        app()
    except KeyboardInterrupt:  # outside a command's own handling, e.g. while a command's modules import
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    except GotogetherError as error:
        from gotogether.cli.output import console, labelled

        console(stderr=True).print(
            labelled("error:", "bold red", str(error)), highlight=False, soft_wrap=True
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
