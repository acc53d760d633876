"""The documentation site: it builds with warnings as errors, executes the tutorial notebook, and carries the
scenario reference generated from the schema and the API reference generated from the docstrings.

`make test` builds the site (`make docs`) just before the tests and names it in GOTOGETHER_SITE; without that
variable the tests build it themselves into a temporary folder.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import gotogether.api
from gotogether.scenarios.measures import MEASURE_TYPES

ROOT = Path(__file__).parents[2]
SCHEMA = ROOT / "src" / "gotogether" / "scenarios" / "scenario.schema.json"
SITE_ENV = "GOTOGETHER_SITE"


def mkdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = os.environ.get(SITE_ENV)
    if built:
        return Path(built)
    folder = tmp_path_factory.mktemp("site")
    build = mkdocs_build(ROOT / "mkdocs.yml", folder)
    assert build.returncode == 0, build.stderr
    return folder


def text_of(page: Path) -> str:
    """The page's text without tags, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def test_every_page_of_the_guide_and_engines_is_built(site: Path) -> None:
    pages = ["scenarios", "pipeline", "ensembles", "service", "data", "trade-engine", "io-engine", "supply"]
    for page in [*pages, "rollout", "value", "contributing", "changelog", "licences", "tutorial"]:
        assert (site / f"{page}.html").is_file(), page
    assert "Caliendo" in text_of(site / "trade-engine.html")
    assert "Apache" in text_of(site / "licences.html")


def test_the_scenario_reference_has_every_measure_type_and_field(site: Path) -> None:
    reference = text_of(site / "reference" / "scenarios.html")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    mapping = schema["properties"]["measures"]["items"]["discriminator"]["mapping"]
    assert set(mapping) == set(MEASURE_TYPES)
    for measure, ref in mapping.items():
        section = reference.split(measure, 1)[1]
        for field in schema["$defs"][ref.rsplit("/", 1)[-1]]["properties"]:
            assert field in section, (measure, field)
        engines = ", ".join(MEASURE_TYPES[measure].engines)
        assert f"Engines it reaches: {engines}." in section
    for field in schema["properties"]:
        assert field in reference


def test_the_api_reference_documents_every_public_name(site: Path) -> None:
    page = (site / "reference" / "api.html").read_text(encoding="utf-8")
    documented = set(re.findall(r'id="gotogether\.api\.(\w+)"', page))
    assert documented >= set(gotogether.api.__all__)
    reference = text_of(site / "reference" / "api.html")
    assert (gotogether.api.run.__doc__ or "").split("\n")[0].strip() in reference


def test_the_tutorial_notebook_was_executed(site: Path) -> None:
    page = (site / "tutorial.html").read_text(encoding="utf-8")
    outputs = re.findall(r'<div class="jp-OutputArea-child[^"]*".*?</div>\s*</div>', page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", " ".join(outputs)))
    assert "us-huawei-2019-2020" in text  # the library's names, printed
    assert "China's welfare in 2030" in text
    assert re.search(r"\bGBR\b.*\bissuer\b", text, flags=re.S)  # the custom scenario's who-pays rows
    assert "report.html" in text  # the run directory listing
    assert "Traceback" not in text


def test_a_failing_notebook_fails_the_build(tmp_path: Path) -> None:
    """The build executes the notebook with errors not allowed: a cell that raises stops it."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "fails",
                "metadata": {},
                "outputs": [],
                "source": "raise RuntimeError('the tutorial broke')",
            }
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (docs / "broken.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = [plugin for plugin in config["plugins"] if "mkdocs-jupyter" in plugin]
    minimal = {
        "site_name": "t",
        "docs_dir": str(docs),
        "theme": config["theme"],
        "plugins": plugins,
        "nav": [{"Home": "index.md"}, {"Broken": "broken.ipynb"}],
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(minimal), encoding="utf-8")
    build = mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert build.returncode != 0
    assert "the tutorial broke" in build.stdout + build.stderr
