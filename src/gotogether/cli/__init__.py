"""The ``gotogether`` command line."""

from __future__ import annotations

import sys


def main() -> None:
    """The installed ``gotogether`` command: the CLI of ``gotogether.cli.main``, loaded here so that Ctrl-C
    while Typer imports ends quietly, as it does once a command runs (or while its module imports)."""
    try:
        from gotogether.cli.main import main as run_command_line
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    run_command_line()
