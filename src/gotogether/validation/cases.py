"""The registry of validation cases: each reproduces a published table and says how close it came."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import cast

from gotogether.errors import InputError
from gotogether.validation.rows import ValidationRow

CASES: dict[str, tuple[str, str]] = {
    "cp2015-nafta": (
        "Caliendo and Parro (2015), Table 2: welfare effects of NAFTA's tariff changes",
        "cp2015_nafta:table2_rows",
    ),
    "world-2019": (
        "The 2019 default world: value added vs GDP 2019 by region, electronics output shares vs sources",
        "world2019:world_2019_rows",
    ),
    "huawei-suppliers": (
        "Huawei's purchases (2018 calibration, 2019 check) and suppliers' revenue shares from Huawei "
        "(Qorvo, TSMC), facts known by end-2020",
        "huawei_suppliers:huawei_supplier_rows",
    ),
    "zte-denial-2018": (
        "ZTE's 2018 purchases (calibration) and the US denial order of 15 April - 13 July 2018 against ZTE's "
        "reported 2018 revenue fall (check), facts known by end-2020",
        "zte_denial:zte_denial_rows",
    ),
    "rollout-2020": (
        "The rollout against its 2019-2020 calibration figures: deployments, China's cost per site and "
        "tender shares, vendor footprints against Dell'Oro and GSMA",
        "rollout2020:rollout_2020_rows",
    ),
    "tohoku-2011": (
        "The 2011 Tohoku earthquake: Japan's mining and manufacturing output in March 2011 (METI, -15.3 %; "
        "-31.9 % in the quake-hit areas, -13.5 % elsewhere), the carmakers' parts bottleneck (fitted to "
        "METI's -46.4 % in transport equipment; April against JAMA) and the year's propagation (Carvalho et "
        "al.) through the disruption engine",
        "tohoku2011:tohoku_rows",
    ),
    "diffusion-bo2020": (
        "The diffusion engine (Buera and Oberfield 2020) against closed forms worked by hand (symmetric "
        "steady-state gains from trade, the long run after a barrier) and beta calibrated to the paper's "
        "gains from trade that more than double",
        "diffusion2020:diffusion_rows",
    ),
}
"""Case name -> (what it reproduces, ``module:function`` in this package computing its rows). A case's module
is imported when it runs: ``gotogether validate cp2015-nafta`` needs the trade engine, not the 2019 world."""


def case_rows(name: str) -> Callable[[], list[ValidationRow]]:
    """The function computing the rows of case ``name`` (a key of ``CASES``)."""
    module, function = CASES[name][1].split(":")
    rows = getattr(import_module(f"{__package__}.{module}"), function)
    return cast(Callable[[], list[ValidationRow]], rows)


def run_cases(names: list[str] | None = None) -> list[ValidationRow]:
    """Run the named cases (all by default) and return their rows in order."""
    selected = names or list(CASES)
    unknown = [name for name in selected if name not in CASES]
    if unknown:
        raise InputError(
            f"unknown validation case(s) {unknown}", location="CASE", expected=f"one of {list(CASES)}"
        )
    return [row for name in selected for row in case_rows(name)()]
