"""Write docs/img/report.png: a screenshot of the report built from the synthetic test results.

Run: ``.venv/bin/python scripts/report_screenshot.py`` (needs Chromium: ``make browser``). Replace the
synthetic results by a real run's once the engines are wired in.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from gotogether.reports.browser import find_chromium, screenshot  # noqa: E402
from report_fixtures import report  # noqa: E402

if __name__ == "__main__":
    chromium = find_chromium()
    if chromium is None:
        sys.exit("chromium not found: make browser")
    with tempfile.TemporaryDirectory() as work:
        page = Path(work) / "report.html"
        page.write_text(report(), encoding="utf-8")
        screenshot(page, ROOT / "docs/img/report.png", chromium, width=1280, height=1600)
    print("wrote docs/img/report.png")
