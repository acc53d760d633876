"""Look at a report as a person would: headless Chromium renders it, offline, and we read what it drew.

Used by the browser test and by ``scripts/report_screenshot.py``. Chromium runs with a fresh profile, no
background networking and a proxy that goes nowhere, so a chart that needs the network fails visibly.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--proxy-server=http://127.0.0.1:9",  # nothing listens there: any fetch from the web fails
    "--virtual-time-budget=20000",  # let promises and timers (plot drawing) finish before dumping
)


def find_chromium() -> str | None:
    """The path of a Chromium executable, or None."""
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


@dataclass(frozen=True)
class Rendered:
    """What the browser drew: SVG roots per figure, the count of plots drawn, script errors, map paths,
    the ids of the sections in order, and the text a reader sees (tags, scripts and styles removed)."""

    figures: dict[str, int]
    plots_drawn: int | None
    errors: str
    map_paths: int
    sections: list[str]
    text: str


def render(report: Path, chromium: str, *, timeout: float = 120.0) -> Rendered:
    """Open ``report`` in headless Chromium and read the DOM after its scripts ran."""
    dom = _run(chromium, ["--dump-dom", report.resolve().as_uri()], timeout)
    figures: dict[str, int] = {}
    for match in re.finditer(r'<div class="figure plotly-figure[^"]*" id="([^"]+)"', dom):
        start = match.end()
        following = re.search(r'<div class="figure plotly-figure', dom[start:])
        block = dom[start : start + following.start()] if following else dom[start:]
        figures[match.group(1)] = block.count('class="main-svg"')
    drawn = re.search(r'data-plots-drawn="(\d+)"', dom)
    errors = re.search(r'<pre id="script-errors">(.*?)</pre>', dom, re.S)
    return Rendered(
        figures=figures,
        plots_drawn=int(drawn.group(1)) if drawn else None,
        errors=errors.group(1).strip() if errors else "(no error element: the page did not load)",
        map_paths=dom.count("choroplethlocation"),
        sections=re.findall(r'<section[^>]* id="section-([^"]+)"', dom),
        text=_visible_text(dom),
    )


def _visible_text(dom: str) -> str:
    """The page's text as shown: no scripts, styles or tags; cells and lines kept apart by spaces."""
    shown = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S | re.I)
    shown = re.sub(r"<[^>]+>", " ", shown)
    return html.unescape(re.sub(r"\s+", " ", shown))


def screenshot(report: Path, out: Path, chromium: str, *, width: int = 1280, height: int = 2000) -> None:
    """Save a PNG of the top of the rendered report."""
    out.parent.mkdir(parents=True, exist_ok=True)
    _run(
        chromium,
        [f"--screenshot={out.resolve()}", f"--window-size={width},{height}", report.resolve().as_uri()],
        120,
    )


def _run(chromium: str, arguments: list[str], timeout: float) -> str:
    with tempfile.TemporaryDirectory(prefix="gotogether-chromium-") as profile:
        completed = subprocess.run(
            [chromium, *FLAGS, f"--user-data-dir={profile}", *arguments],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    if completed.returncode != 0:
        raise RuntimeError(f"chromium failed ({completed.returncode}): {completed.stderr[-2000:]}")
    return completed.stdout
