"""What the command line prints: user input shown as typed, one message and status 2, never a traceback."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from gotogether.cli.serve import resolve_token
from gotogether.errors import InputError

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


# Run as ``python -c BLOCKING_IMPORT MODULE ARGS...``: the installed entry point with ``gotogether ARGS...``,
# stopped when it imports MODULE: it prints "importing MODULE" and waits there for a signal.
BLOCKING_IMPORT = """
import signal, sys

class StopAt:
    def __init__(self, module):
        self.module = module

    def find_spec(self, name, path=None, target=None):
        if name == self.module:
            sys.meta_path.remove(self)
            print("importing", name, flush=True)
            signal.pause()
        return None

sys.meta_path.insert(0, StopAt(sys.argv[1]))
sys.argv = ["gotogether", *sys.argv[2:]]
from gotogether.cli import main
main()
"""


@pytest.mark.parametrize(
    ("module", "status", "message"),
    [
        ("gotogether.cli.main", 130, "interrupted"),  # while the command line itself imports
        ("gotogether.cli.serve", 130, ""),  # while a command's module imports (lazily, issue 20): as Typer
    ],
)
def test_ctrl_c_while_the_command_line_starts_is_quiet(
    tmp_path: Path, module: str, status: int, message: str
) -> None:
    """Issue 18.9: Ctrl-C while ``gotogether serve`` loaded its modules printed a traceback. The signal
    arrives while the process waits inside the import, however fast start-up is."""
    with subprocess.Popen(
        [sys.executable, "-c", BLOCKING_IMPORT, module, "serve", "--port", "0", "--data-dir", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # not ignored as in a batch job
    ) as process:
        assert process.stdout is not None
        started = process.stdout.readline()
        if started != f"importing {module}\n":
            process.kill()
        assert started == f"importing {module}\n", started + process.communicate()[0]
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=60)
    assert "Traceback" not in output, output
    assert message in output
    assert process.returncode == status, output


def test_the_token_can_come_from_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18.9: ``--token`` shows in ``ps``; a file (or GOTOGETHER_TOKEN) does not."""
    monkeypatch.setenv("GOTOGETHER_TOKEN", "from-the-environment")
    secret = tmp_path / "token"
    secret.write_text("from-a-file\n", encoding="utf-8")
    assert resolve_token(None, secret) == "from-a-file"
    assert resolve_token(None, None) == "from-the-environment"
    assert resolve_token("typed", None) == "typed"
    with pytest.raises(InputError, match="both given"):
        resolve_token("typed", secret)
    secret.write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="token file is empty"):
        resolve_token(None, secret)
    with pytest.raises(InputError, match="cannot read the token file"):
        resolve_token(None, tmp_path)
