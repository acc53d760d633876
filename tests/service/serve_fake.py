"""A service with the fake executor in its own process, for the restart test.

Usage: python serve_fake.py DATA_DIR PORT STEP_SECONDS
"""

from __future__ import annotations

import sys
from pathlib import Path

import uvicorn
from fakes import BUILTINS, EnvelopeCatalog, FakeExecutor

from gotogether.service.app import create_app
from gotogether.service.settings import ServiceSettings

if __name__ == "__main__":
    data_dir, port, step_seconds = Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    app = create_app(
        ServiceSettings(data_dir=data_dir),
        FakeExecutor(steps=100, step_seconds=step_seconds),
        EnvelopeCatalog(BUILTINS),
    )
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
