"""A private PostgreSQL server that a test may stop and start (Debian's binaries, run as postgres by root)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None (scripts/ci_postgres.sh installs one in CI)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


class PostgresServer:
    """A throwaway cluster on a free loopback port; ``stop`` and ``start`` keep its data and port."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.work = Path(tempfile.mkdtemp(prefix="gotogether-pg-"))  # not under pytest's 0700 folders
        self._as_owner: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to the package's postgres user
            shutil.chown(self.work, "postgres")
            self._as_owner = ["runuser", "-u", "postgres", "--"]
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._run("initdb", "-D", str(self.work / "data"), "-U", "gotogether", "-A", "trust", "--no-sync")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "gotogether", "outage")
        self.url = f"postgresql+psycopg://gotogether@127.0.0.1:{self.port}/outage"

    def _run(self, program: str, *arguments: str) -> None:
        command = [*self._as_owner, str(self.bin / program), *arguments]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.work} -c fsync=off"
        data, log = str(self.work / "data"), str(self.work / "server.log")
        self._run("pg_ctl", "-D", data, "-l", log, "-w", "-o", options, "start")

    def stop(self) -> None:
        """Stop at once, as a crash would (connections cut, no clean shutdown)."""
        self._run("pg_ctl", "-D", str(self.work / "data"), "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.work, ignore_errors=True)
