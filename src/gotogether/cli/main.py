"""Entry point of the ``gotogether`` command: one Typer app, one module per command group."""

from __future__ import annotations

import sys
from importlib.metadata import version
from typing import Annotated

import typer

from gotogether.cli.output import console, labelled
from gotogether.errors import GotogetherError

app = typer.Typer(
    name="gotogether",
    help="What geopolitical fragmentation costs the global 5G economy, and who pays.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _print_version(asked: bool) -> None:
    if asked:
        console().print(f"gotogether {version('gotogether')}", highlight=False)
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


def _register() -> None:
    """Attach one module per command (group)."""
    from gotogether.cli import compare, data, ensemble, exposure, run, scenarios, serve, supply, validate

    app.command("run")(run.run)
    app.command("validate")(validate.validate)
    app.command("compare")(compare.compare)
    app.add_typer(data.app, name="data")
    app.add_typer(supply.app, name="supply")
    app.add_typer(scenarios.app, name="scenarios")
    app.add_typer(ensemble.app, name="ensemble")
    app.command("serve")(serve.serve)
    app.command("exposure")(exposure.exposure)


_register()


def main() -> None:
    """Run the CLI; user errors print one clear message and exit with status 2, Ctrl-C exits with 130."""
    try:
        app()
    except KeyboardInterrupt:  # outside a command's own handling, e.g. while a server starts
        console(stderr=True).print("interrupted", highlight=False)
        sys.exit(130)
    except GotogetherError as error:
        console(stderr=True).print(
            labelled("error:", "bold red", str(error)), highlight=False, soft_wrap=True
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
