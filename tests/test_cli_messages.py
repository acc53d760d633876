"""What the command line prints: user input shown as typed, one message and status 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

COMMAND = [sys.executable, "-c", "from gotogether.cli.main import main; main()"]


def gotogether(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COMMAND, *arguments], capture_output=True, text=True, timeout=120)


def test_markup_in_user_input_is_printed_as_typed(tmp_path: Path) -> None:
    """Issue 18.4: messages went through rich markup: ``[/x]`` crashed it, ``[blink]`` was swallowed."""
    key = tmp_path / "key.yaml"
    key.write_text("name: x\nmesures[/x]: []\n", encoding="utf-8")
    country = tmp_path / "country.yaml"
    country.write_text(
        "name: y\nmeasures:\n  - type: vendor-ban\n"
        "    countries: '[blink]GBR[/blink]'\n    vendors: Huawei\n",
        encoding="utf-8",
    )
    described = tmp_path / "described.yaml"
    described.write_text("name: z\ndescription: 'closing [/b] and [bold]opening'\n", encoding="utf-8")
    validate = gotogether("scenarios", "validate", str(key), str(country), str(described))
    assert validate.returncode == 2
    assert "Traceback" not in validate.stdout + validate.stderr
    assert "mesures[/x]" in validate.stdout
    assert "'[blink]GBR[/blink]'" in validate.stdout
    assert "ok " in validate.stdout
    show = gotogether("scenarios", "show", str(country))
    assert show.returncode == 2
    assert show.stderr.startswith("error: ")
    assert "'[blink]GBR[/blink]'" in show.stderr
    assert "Traceback" not in show.stderr
    shown = gotogether("scenarios", "show", str(described))
    assert shown.returncode == 0, shown.stderr
    assert "closing [/b] and [bold]opening" in shown.stdout
