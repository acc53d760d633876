"""The files a packager reads first agree with the package: licence, citation, changelog, data terms."""

from __future__ import annotations

import tomllib
from importlib.metadata import metadata, version
from pathlib import Path

import yaml

ROOT = Path(__file__).parents[2]
PACKAGE_DATA = ROOT / "src" / "gotogether" / "data"


def test_the_licence_is_apache_2_and_declared_in_the_metadata() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text
    assert "Version 2.0, January 2004" in text
    assert tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"] == (
        "Apache-2.0"
    )
    assert metadata("gotogether")["License-Expression"] == "Apache-2.0"


def test_the_citation_names_this_version_and_licence() -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert citation["version"] == version("gotogether")
    assert citation["license"] == "Apache-2.0"
    assert citation["authors"]
    assert {"message", "title", "type"} <= set(citation)


def test_the_changelog_has_a_section_for_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    assert f"## [{version('gotogether')}] - " in changelog


def test_every_shipped_data_folder_has_its_terms_stated() -> None:
    """A new folder of data in the package needs its line in DATA-LICENSES.md."""
    terms = (ROOT / "DATA-LICENSES.md").read_text(encoding="utf-8")
    data_suffixes = {".csv", ".txt", ".parquet", ".json", ".yaml"}
    folders = {
        path.parent.relative_to(ROOT / "src" / "gotogether").as_posix()
        for path in (ROOT / "src" / "gotogether").rglob("*")
        if path.suffix in data_suffixes and "__pycache__" not in path.parts
    }
    folders.discard("scenarios")  # the generated JSON Schema is code, not data
    assert folders >= {"data/cp2015", "data/valuenet", "data/registry", "reports/assets"}
    missing = sorted(folder for folder in folders if f"`{folder}/" not in terms)
    assert not missing, f"data folders without their terms in DATA-LICENSES.md: {missing}"
