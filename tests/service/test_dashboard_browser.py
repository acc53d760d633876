"""The dashboard in a real browser (Playwright driving Debian's Chromium): create a scenario in the editor,
run it, see the charts and the who-pays table, run a built-in, compare the two runs.

Screenshots of each step are left in the test's temporary folder (the documentation's come from
scripts/service_screenshots.py on real runs).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gotogether.service.frontend import world_geometry

from .server import server

CHROMIUM = Path("/usr/bin/chromium")
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (Debian package chromium)", allow_module_level=True)

BAD = "name: My Tariffs\ndescription: ''\nmeasures:\n  - change: 0.3\n"
GOOD = """name: my-tariffs
description: Tariffs adding up to a 0.3 shock.
measures:
  - type: tariff
    change: 0.3
"""


@pytest.mark.slow
def test_create_run_see_charts_compare(tmp_path: Path) -> None:
    shots = tmp_path
    with (
        server(tmp_path / "data", step_seconds=0.01) as (_, client),
        playwright_api.sync_playwright() as driver,
    ):
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        base = str(client.base_url)

        page.goto(f"{base}/#library")
        page.wait_for_selector("[data-scenario=tariffs]")
        assert page.locator(".card h3").all_text_contents() == ["mild", "tariffs"]
        page.screenshot(path=shots / "service-library.png")

        page.goto(f"{base}/#editor")
        page.select_option("#format", "yaml")
        page.fill("#scenario-text", BAD)
        page.wait_for_selector("#validation li")
        issues = page.locator("#validation li").all_text_contents()
        assert any(issue.startswith("document 0: name") for issue in issues)
        assert any(issue.startswith("document 0: measures[0].type") for issue in issues)
        page.fill("#scenario-text", GOOD)
        page.wait_for_selector("#validation .valid")
        assert page.text_content("#validation .valid") == "Valid scenario: my-tariffs"
        page.screenshot(path=shots / "service-editor.png")

        page.click("#run-scenario")
        page.wait_for_selector("#run-state[data-state=succeeded]", timeout=20_000)
        # the who-pays table comes first; the others are picked from the list
        who_pays = page.locator("#run-results [data-table=who_pays] table.data tbody tr")
        who_pays.first.wait_for()
        assert [row.split("\t")[:2] for row in who_pays.all_inner_texts()] == [
            ["CHN", "0.5714"],
            ["DEU", "0.1429"],
            ["USA", "0.2857"],
        ]
        # what the engines approximate is shown above the results, not only in a table
        assert page.locator("#run-notes li").all_text_contents() == [
            "my-tariffs: measures[0] (tariff): a fake approximation"
        ]
        # tables and columns by human names, never column names
        headers = page.locator("#run-results [data-table=who_pays] table.data th").all_text_contents()
        assert headers == ["Country", "Share"]
        assert page.locator("#run-table option").all_text_contents() == [
            "Notes",
            "Timeline",
            "Welfare",
            "Who pays",
        ]
        page.select_option("#run-table", "welfare")
        page.wait_for_selector("#run-results [data-table=welfare] .chart-bars .main-svg")
        page.select_option("#run-table", "timeline")
        page.wait_for_selector("#run-results [data-table=timeline] .chart-timeseries .main-svg")
        # the map needs the world geometry of the HTML reports; without it the dashboard says so
        has_map = world_geometry().is_file()
        page.wait_for_selector(f"#run-results .chart-map {'.main-svg' if has_map else '.no-map'}")
        page.screenshot(path=shots / "service-run.png", full_page=True)

        page.goto(f"{base}/#library")
        page.click("[data-scenario=mild] button:text('Run')")
        page.wait_for_selector("#run-state[data-state=succeeded]", timeout=20_000)

        page.goto(f"{base}/#compare")
        page.wait_for_function("document.querySelectorAll('#compare-a option').length === 2")
        runs = {run["scenario_name"]: run["id"] for run in client.get("/api/runs").json()}
        page.select_option("#compare-a", runs["my-tariffs"])
        page.select_option("#compare-b", runs["mild"])
        page.click("#compare-go")
        page.wait_for_selector("#compare-results [data-table=who_pays]")
        page.select_option("#compare-table", "welfare")
        page.wait_for_selector("#compare-results [data-table=welfare] .chart-bars .main-svg")
        rows = page.locator("#compare-results [data-table=welfare] table.data tbody tr").all_inner_texts()
        # welfare_pct = -100 s w: shocks 0.3 (A) and 0.1 (B), so B - A = +20 w: CHN 40, DEU 10, USA 20
        assert [row.split("\t") for row in rows] == [
            ["CHN", "-60.00", "-20.00", "40.00"],
            ["DEU", "-15.00", "-5.000", "10.00"],
            ["USA", "-30.00", "-10.00", "20.00"],
        ]
        page.screenshot(path=shots / "service-compare.png", full_page=True)
        browser.close()
    assert errors == []
