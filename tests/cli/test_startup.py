"""Issue 20: ``gotogether --help`` and ``--version`` import no command module, hence no NumPy, pandas,
pyarrow, SciPy, xarray or Dask; ``validate cp2015-nafta`` solves on arrays, without pandas, xarray or Dask;
what the help lists is what each command says of itself."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from gotogether.cli.main import COMMANDS

HEAVY = ("numpy", "pandas", "pyarrow", "scipy", "xarray", "dask", "gotogether.data", "gotogether.pipeline")

# The installed entry point run with ARGS, then the modules it imported as JSON on the last line.
IMPORTED_AFTER = """
import json, sys
sys.argv = ["gotogether", *sys.argv[1:]]
from gotogether.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.parametrize("arguments", [["--help"], ["--version"], []])
def test_help_and_version_import_no_command(arguments: list[str]) -> None:
    completed = subprocess.run(
        [sys.executable, "-c", IMPORTED_AFTER, *arguments], capture_output=True, text=True, timeout=120
    )
    modules = json.loads(completed.stdout.splitlines()[-1])
    assert "gotogether.cli.main" in modules
    heavy = [name for name in modules if name.split(".")[0] in HEAVY or name.startswith(HEAVY)]
    assert heavy == []
    assert [name for name in modules if name.startswith("gotogether.cli.")] == ["gotogether.cli.main"]
    shown = completed.stdout + completed.stderr
    assert "gotogether 0.1" in shown if arguments == ["--version"] else "validate" in shown


def test_validate_cp2015_imports_no_labelled_data_library() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", IMPORTED_AFTER, "validate", "cp2015-nafta"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "MEX" in completed.stdout  # the table was printed
    modules = json.loads(completed.stdout.splitlines()[-1])
    assert "gotogether.validation.cp2015_nafta" in modules
    heavy = ("pandas", "pyarrow", "scipy", "xarray", "dask")
    assert [name for name in modules if name.split(".")[0] in heavy] == []


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_listed_summary_is_the_command_s_own(name: str) -> None:
    """The summary kept beside the lazy registration is the first paragraph of the command's help."""
    command = COMMANDS[name].load(name)
    first_paragraph = (command.help or "").split("\n\n")[0]
    assert COMMANDS[name].summary == " ".join(first_paragraph.split())


def test_the_help_lists_every_command_with_its_whole_summary() -> None:
    """Click's plain help, wrapped but never cut short (a placeholder's short help is its summary)."""
    completed = subprocess.run(
        [sys.executable, "-c", "from gotogether.cli import main; main()", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    shown = " ".join(completed.stdout.split())
    for name, lazy in COMMANDS.items():
        assert f" {name} {lazy.summary}" in shown


def test_a_typo_is_answered_with_the_close_command() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", "from gotogether.cli import main; main()", "valdate"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 2
    assert "Did you mean 'validate'?" in completed.stderr
