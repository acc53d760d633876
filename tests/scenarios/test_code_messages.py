"""An unknown registry code says which packaged file lists the codes, and that file exists."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from gotogether.scenarios import ScenarioError, parse_scenario

MEASURES = {
    "country code": (
        "  - type: tariff\n    importers: USX\n    exporters: CHN\n    rate: 0.1\n    start_year: 2020\n"
    ),
    "sector code": (
        "  - type: tariff\n    importers: USA\n    exporters: CHN\n    sectors: TELEX\n"
        "    rate: 0.1\n    start_year: 2020\n"
    ),
    "vendor": "  - type: vendor-ban\n    countries: GBR\n    vendors: Huawey\n",
    "component class": (
        "  - type: export-control\n    issuers: USA\n    target_vendors: Huawei\n"
        "    item_classes: fpgaa\n    start: 2020-01-01\n"
    ),
}


@pytest.mark.parametrize("kind", list(MEASURES))
def test_unknown_code_names_the_file_that_lists_the_codes(kind: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(f"name: t\nmeasures:\n{MEASURES[kind]}".encode(), "t.yaml")
    (issue,) = [issue for issue in caught.value.issues if issue.problem.startswith(f"unknown {kind} ")]
    listed = re.fullmatch(rf"a {kind} listed in (gotogether/data/\S+\.csv)( or a bloc name)?", issue.expected)
    assert listed, issue.expected
    package_file = resources.files("gotogether").joinpath(listed.group(1).removeprefix("gotogether/"))
    assert package_file.is_file()


def test_sector_codes_come_from_the_default_world_classification() -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(f"name: t\nmeasures:\n{MEASURES['sector code']}".encode(), "t.yaml")
    (issue,) = caught.value.issues
    assert (
        issue.expected
        == "a sector code listed in gotogether/data/classifications/default_world_2019_sectors.csv"
    )
