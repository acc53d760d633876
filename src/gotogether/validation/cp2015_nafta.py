"""Caliendo and Parro (2015), Table 2: the NAFTA tariff changes on the 1993 data.

Both equilibria have trade deficits set to zero; the baseline keeps the 1993 tariffs, the counterfactual sets
the tariffs Canada, Mexico and the USA apply to each other to their 2005 levels (model-notes section 1).
Published numbers are percent, rounded to two decimals; we pass within 0.01 percentage points.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from importlib import resources

import numpy as np

from gotogether.data.loaders.cp2015 import CP2015_COUNTRIES, NAFTA, tariff_rates
from gotogether.engines.trade.arrays import BaselineArrays, ShockArrays, equilibrium_variables, problem
from gotogether.engines.trade.arrays import first_order_welfare as first_order
from gotogether.engines.trade.solver import solve_problem
from gotogether.validation.cp2015 import cp2015_arrays
from gotogether.validation.rows import ValidationRow

CASE = "cp2015-nafta"
TOLERANCE_PP = 0.01
Variables = dict[str, tuple[tuple[str, ...], np.ndarray]]


def _solve(baseline: BaselineArrays, shock: ShockArrays) -> Variables:
    return equilibrium_variables(baseline, shock, solve_problem(problem(baseline, shock)))


def nafta_equilibria() -> tuple[BaselineArrays, Variables]:
    """The zero-deficit 1993 equilibrium (as a baseline) and the NAFTA counterfactual relative to it, on
    arrays: the engine's labelled ``solve`` gives the same numbers, but importing xarray and pandas would
    take most of the command's time."""
    data = cp2015_arrays()
    balanced = data.rebased(_solve(data, replace(data.unshocked(), deficit=np.zeros_like(data.deficit))))
    nafta = np.ix_(*[[CP2015_COUNTRIES.index(country) for country in NAFTA]] * 2)
    tariff = balanced.tariff.copy()
    tariff[nafta] = tariff_rates(2005)[nafta]
    return balanced, _solve(balanced, replace(balanced.unshocked(), tariff=tariff))


def _published() -> list[dict[str, str]]:
    """Rows of table2.csv: country, quantity, published (percent)."""
    with resources.files("gotogether.data.cp2015").joinpath("table2.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def table2_rows() -> list[ValidationRow]:
    """Our Table 2 (percent) beside the published one, plus the exact welfare change for information."""
    baseline, nafta = nafta_equilibria()
    terms, volume = first_order(baseline, nafta["flows"][1], nafta["cost_change"][1])
    ours = {
        "welfare": terms.sum(axis=1) + volume.sum(axis=1),
        "terms_of_trade": terms.sum(axis=1),
        "volume_of_trade": volume.sum(axis=1),
        "real_wage": nafta["real_wage_change"][1] - 1.0,
    }
    position = {country: index for index, country in enumerate(baseline.countries)}
    rows = [
        ValidationRow(
            case=CASE,
            country=record["country"],
            quantity=record["quantity"],
            published=float(record["published"]),
            ours=100.0 * float(ours[record["quantity"]][position[record["country"]]]),
            tolerance=TOLERANCE_PP,
        )
        for record in _published()
    ]
    exact = nafta["welfare_change"][1] - 1.0
    rows += [
        ValidationRow(
            case=CASE,
            country=country,
            quantity="welfare_exact",
            published=None,
            ours=100.0 * float(exact[position[country]]),
            tolerance=TOLERANCE_PP,
        )
        for country in ("MEX", "CAN", "USA")
    ]
    return rows
