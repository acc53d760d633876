"""The fake-executor service in a subprocess (serve_fake.py), for tests that need a real server."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

SERVER = Path(__file__).with_name("serve_fake.py")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def server(data_dir: Path, step_seconds: float) -> Iterator[tuple[subprocess.Popen[bytes], httpx.Client]]:
    """The fake-executor service in a subprocess, ready to answer."""
    port = free_port()
    process = subprocess.Popen([sys.executable, str(SERVER), str(data_dir), str(port), str(step_seconds)])
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                client.get("/api/runs").raise_for_status()
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield process, client
    finally:
        client.close()
        if process.poll() is None:
            process.kill()
        process.wait(10)
