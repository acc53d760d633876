"""``rivals_purchases_change`` by hand on the small network of ``tests/engines/supply/small_network.py``."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
import xarray as xr

from engines.supply.small_network import small_network
from gotogether.engines.rollout.result import RolloutResult
from gotogether.engines.supply import ExportControl, make_periods, simulate_supply
from gotogether.pipeline.controls import rivals_purchases_change
from gotogether.pipeline.parameters import supply_parameters

YEARS = [2019, 2020, 2021]


def rollout(sales_of_b: list[float]) -> RolloutResult:
    """Two countries; vendor b sells ``sales_of_b`` a year (half new sites, half replacements, at 2 a site,
    all in the first country); vendor a sells 10 a year."""
    sites = np.zeros((2, 2, 3))  # (country, vendor a/b, year)
    sites[0, 0, :] = 2.5
    sites[0, 1, :] = np.asarray(sales_of_b) / 4.0
    coords = {"country": ["CHN", "SWE"], "vendor": ["a", "b"], "year": YEARS}
    dims = ("country", "vendor", "year")
    return RolloutResult(
        xr.Dataset(
            {
                "sites_new": (dims, sites),
                "sites_replacement": (dims, sites),
                "vendor_price": (dims, np.full(sites.shape, 2.0)),
            },
            coords=coords,
        )
    )


@pytest.mark.parametrize("by", ["country", "firm"])
def test_rivals_suppliers_follow_the_rivals_sales_by_hand(by: str) -> None:
    """b (unblocked) buys 15 of U (USA), 10 of T (TWN) and 25 of K (CHN) a year, all for its RAN business;
    its sales go 100, 150, 120 against 100 in the reference, so its suppliers sell 0, 50% and 20% more."""
    params = supply_parameters(
        {
            "supply.bom_share": 1.0,
            "supply.inventory_months": 0.0,
            "supply.spare_capacity": 0.0,
            "supply.substitution_ceiling": 0.0,
        }
    )
    control = ExportControl(name="c", issuers=["USA"], target_vendors=["a"], start=date(2020, 1, 1))
    supply = simulate_supply(small_network(), [control], params, make_periods("2019-01", "2021-12"))
    change = rivals_purchases_change(supply, rollout([100.0, 150.0, 120.0]), rollout([100.0] * 3), by=by)
    days = np.array([365, 366, 365]) / 365.25
    growth = np.array([0.0, 0.5, 0.2])
    labels = {"country": ["CHN", "TWN", "USA"], "firm": ["K", "T", "U"]}[by]
    assert change.labels == labels
    assert change.years == YEARS
    for row, bought in zip(change.change, [25.0, 10.0, 15.0], strict=True):
        assert row == pytest.approx(bought * days * growth, rel=1e-12, abs=1e-12)
