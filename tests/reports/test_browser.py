"""The report looked at in headless Chromium: every chart drawn, offline, without a script error."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gotogether.jobs.main import run_job
from gotogether.reports import build_report, country_map
from gotogether.reports.browser import find_chromium, render, screenshot
from reports.report_fixtures import change_pct, report


@pytest.fixture(scope="module")
def chromium() -> str:
    """Chromium, installed from Debian if missing and possible (root and apt-get); otherwise skip."""
    found = find_chromium()
    if found is None and shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False, capture_output=True)
        found = find_chromium()
    if found is None:
        pytest.skip("chromium is not installed and cannot be installed here (needs root and apt-get)")
    return found


@pytest.mark.slow
def test_every_chart_is_drawn_offline_without_script_errors(chromium: str, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(report(), encoding="utf-8")
    seen = render(page, chromium)
    assert seen.errors == ""
    assert seen.plots_drawn == 5
    assert len(seen.figures) == 5
    assert all(count >= 1 for count in seen.figures.values()), seen.figures
    assert seen.map_paths > 150  # one path per country of the 110m map that the data paint
    image = tmp_path / "report.png"
    screenshot(page, image, chromium, height=900)
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_a_chart_that_needs_the_network_is_caught(chromium: str, tmp_path: Path) -> None:
    """Negative control: without the embedded geometry, plotly.js fetches it from its CDN and fails."""
    text = build_report("map only", [country_map(change_pct(), "map", "Map")])
    start = text.index("<script>window.PlotlyGeoAssets")
    text = text[:start] + text[text.index("</script>", start) + len("</script>") :]
    page = tmp_path / "report.html"
    page.write_text(text, encoding="utf-8")
    seen = render(page, chromium)
    assert "cdn.plot.ly" in seen.errors
    assert seen.plots_drawn is None


@pytest.mark.slow
def test_a_real_run_report_draws_every_chart_and_opens_on_who_pays(chromium: str, tmp_path: Path) -> None:
    result = run_job(["coordinated", "us-huawei-2019-2020", "tariff-war"], tmp_path / "run")
    seen = render(tmp_path / "run" / "report.html", chromium)
    assert seen.errors == ""
    assert len(seen.figures) == 6  # who-pays map, coverage, prices, value, vendor shares, supplier sales
    assert seen.plots_drawn == len(seen.figures)
    assert all(count >= 1 for count in seen.figures.values()), seen.figures
    assert seen.map_paths > 150
    # the headline: who pays in present value by role, with its years and discount rate stated
    assert seen.sections[:3] == ["who-pays", "who-pays-map", "firms"]
    assert "Who pays" in seen.text
    assert "2019-2035, as a present value in 2019 at a discount rate of 3.5% a year" in seen.text
    assert "us-huawei-2019-2020 (discount rate 3.5%)" in seen.text
    world = result.by_role.loc[("us-huawei-2019-2020", "world"), "ev_pv"]
    issuers = result.by_role.loc[("us-huawei-2019-2020", "issuer"), "ev_pv"]
    assert f"World 23 {world:+,.1f}" in seen.text
    assert f"Issuers USA {issuers:+,.1f}" in seen.text
    assert "Issuers USA" in seen.text  # the tariff war: the United States issues, China answers
    assert "Targets CHN" in seen.text
    assert "Notes on the accounting" in seen.text
    assert "-0.000" not in seen.text
    assert not re.search(r"-0\.0+\b(?![1-9])", seen.text)  # rounding noise is shown as 0
    assert "sales lost" not in seen.text.lower()
