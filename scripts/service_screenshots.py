"""Screenshots of the dashboard for the documentation, taken on a running service with real runs.

    gotogether serve &                      # a server with the run pipeline
    .venv/bin/python scripts/service_screenshots.py http://127.0.0.1:8000 docs/img

Drives Debian's Chromium with Playwright through the library, the editor (with a mistake, then fixed), a
run of a custom scenario, and a comparison with the built-in it inherits from.
"""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
RUN_TIMEOUT_MS = 600_000
SCENARIO = """name: tariffs-on-equipment
description: The US-China tariff war, plus 25 points on each other's electrical equipment from 2020.
inherits: tariff-war
measures:
  - type: tariff
    label: US tariff on Chinese electrical equipment
    importers: USA
    exporters: CHN
    sectors: [ELEC]
    change: 0.25
    start_year: 2020
  - type: tariff
    label: Chinese tariff on US electrical equipment
    importers: CHN
    exporters: USA
    sectors: [ELEC]
    change: 0.25
    start_year: 2020
"""


def wait_for_run(page: Page) -> None:
    page.wait_for_selector("#run-state[data-state=succeeded]", timeout=RUN_TIMEOUT_MS)


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/#library")
        page.wait_for_selector("[data-scenario=tariff-war]")
        page.screenshot(path=out / "service-library.png")

        page.goto(f"{base}/#editor")
        page.select_option("#format", "yaml")
        page.fill(
            "#scenario-text",
            SCENARIO.replace("change: 0.25\n    start_year", "change: lots\n    start_year", 1),
        )
        page.wait_for_selector("#validation li")
        page.screenshot(path=out / "service-editor.png")
        page.fill("#scenario-text", SCENARIO)
        page.wait_for_selector("#validation .valid")
        page.click("#run-scenario")
        wait_for_run(page)
        page.wait_for_selector("#run-results [data-table=who_pays] .chart-map .main-svg")
        page.screenshot(
            path=out / "service-run-who-pays.png", clip={"x": 0, "y": 0, "width": 1280, "height": 1000}
        )
        page.select_option("#run-table", "welfare_change")
        page.wait_for_selector("#run-results [data-table=welfare_change] .chart-timeseries .main-svg")
        page.screenshot(
            path=out / "service-run-welfare.png", clip={"x": 0, "y": 0, "width": 1280, "height": 900}
        )

        page.goto(f"{base}/#library")
        page.click("[data-scenario=tariff-war] button:text('Run')")
        wait_for_run(page)
        runs = {run["scenario_name"]: run["id"] for run in httpx.get(f"{base}/api/runs").json()}
        page.goto(f"{base}/#compare")
        page.wait_for_function("document.querySelectorAll('#compare-a option').length >= 2")
        page.select_option("#compare-a", runs["tariff-war"])
        page.select_option("#compare-b", runs["tariffs-on-equipment"])
        page.click("#compare-go")
        page.wait_for_selector("#compare-results [data-table=who_pays] .chart-bars .main-svg")
        page.screenshot(
            path=out / "service-compare.png", clip={"x": 0, "y": 0, "width": 1280, "height": 1000}
        )
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), Path(sys.argv[2]))
