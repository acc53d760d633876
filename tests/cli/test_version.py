"""``gotogether --version`` prints the version of the installed distribution, from its metadata."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

PYPROJECT = Path(__file__).parents[2] / "pyproject.toml"


def test_version_is_the_installed_metadata() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", "from gotogether.cli import main; main()", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == f"gotogether {version('gotogether')}\n"


def test_the_metadata_is_the_project_version() -> None:
    """The editable install is current: the metadata says what pyproject.toml says."""
    declared = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]
    assert version("gotogether") == declared
