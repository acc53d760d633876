"""Caliendo and Parro (2015), Table 2: the NAFTA tariff changes on the 1993 data.

Both equilibria have trade deficits set to zero; the baseline keeps the 1993 tariffs, the counterfactual sets
the tariffs Canada, Mexico and the USA apply to each other to their 2005 levels (model-notes section 1).
Published numbers are percent, rounded to two decimals; we pass within 0.01 percentage points.
"""

from __future__ import annotations

import csv
from importlib import resources

import xarray as xr

from gotogether.data.loaders.cp2015 import NAFTA, cp2015_tariffs
from gotogether.engines.trade import TradeEquilibrium, TradeShock, solve, welfare_decomposition
from gotogether.validation.cp2015 import load_cp2015
from gotogether.validation.rows import ValidationRow

CASE = "cp2015-nafta"
TOLERANCE_PP = 0.01


def nafta_equilibria() -> tuple[TradeEquilibrium, TradeEquilibrium]:
    """The zero-deficit 1993 equilibrium and the NAFTA counterfactual relative to it."""
    data = load_cp2015()
    baseline = solve(data, TradeShock(deficit=xr.zeros_like(data["deficit"])))
    nafta_tariffs = cp2015_tariffs(2005).sel(importer=list(NAFTA), exporter=list(NAFTA))
    counterfactual = solve(baseline.as_baseline(), TradeShock(tariff=nafta_tariffs))
    return baseline, counterfactual


def _published() -> list[dict[str, str]]:
    """Rows of table2.csv: country, quantity, published (percent)."""
    with resources.files("gotogether.data.cp2015").joinpath("table2.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def table2_rows() -> list[ValidationRow]:
    """Our Table 2 (percent) beside the published one, plus the exact welfare change for information."""
    _, nafta = nafta_equilibria()
    decomposition = welfare_decomposition(nafta, nafta["cost_change"])
    ours = {
        "welfare": decomposition["welfare_first_order"],
        "terms_of_trade": decomposition["terms_of_trade_total"],
        "volume_of_trade": decomposition["volume_of_trade_total"],
        "real_wage": nafta["real_wage_change"] - 1.0,
    }
    rows = [
        ValidationRow(
            case=CASE,
            country=record["country"],
            quantity=record["quantity"],
            published=float(record["published"]),
            ours=100.0 * float(ours[record["quantity"]].sel(country=record["country"])),
            tolerance=TOLERANCE_PP,
        )
        for record in _published()
    ]
    exact = nafta["welfare_change"] - 1.0
    rows += [
        ValidationRow(
            case=CASE,
            country=country,
            quantity="welfare_exact",
            published=None,
            ours=100.0 * float(exact.sel(country=country)),
            tolerance=TOLERANCE_PP,
        )
        for country in ("MEX", "CAN", "USA")
    ]
    return rows
