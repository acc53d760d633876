"""The report looked at in headless Chromium: every chart drawn, offline, without a script error."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from gotogether.jobs.main import run_job
from gotogether.reports import build_report, welfare_map
from gotogether.reports.browser import find_chromium, render, screenshot
from reports.report_fixtures import report, welfare


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
    text = build_report("map only", [welfare_map(welfare())])
    start = text.index("<script>window.PlotlyGeoAssets")
    text = text[:start] + text[text.index("</script>", start) + len("</script>") :]
    page = tmp_path / "report.html"
    page.write_text(text, encoding="utf-8")
    seen = render(page, chromium)
    assert "cdn.plot.ly" in seen.errors
    assert seen.plots_drawn is None


@pytest.mark.slow
def test_a_real_run_report_draws_every_chart(chromium: str, tmp_path: Path) -> None:
    run_job(["coordinated", "us-huawei-2019-2020", "tariff-war"], tmp_path / "run")
    seen = render(tmp_path / "run" / "report.html", chromium)
    assert seen.errors == ""
    assert len(seen.figures) == 6  # welfare map, coverage, prices, value, vendor shares, supplier sales
    assert seen.plots_drawn == len(seen.figures)
    assert all(count >= 1 for count in seen.figures.values()), seen.figures
    assert seen.map_paths > 150
