"""Write docs/img/report.png: a screenshot of the report of a real run of the whole built-in library.

Run: ``.venv/bin/python scripts/report_screenshot.py`` (needs Chromium: ``make browser``).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from gotogether.jobs.main import run_job
from gotogether.reports.browser import find_chromium, screenshot

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    chromium = find_chromium()
    if chromium is None:
        sys.exit("chromium not found: make browser")
    with tempfile.TemporaryDirectory() as work:
        run = Path(work) / "run"
        run_job([], run)
        screenshot(run / "report.html", ROOT / "docs/img/report.png", chromium, width=1280, height=1800)
    print("wrote docs/img/report.png")
