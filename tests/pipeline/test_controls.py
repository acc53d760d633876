"""``rivals_purchases_change`` by hand on the small network of ``tests/engines/supply/small_network.py``."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from engines.supply.small_network import small_network
from gotogether.engines.rollout.result import RolloutResult
from gotogether.engines.supply import ExportControl, ValueNetwork, make_periods, simulate_supply
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


def whole_business_network() -> ValueNetwork:
    """The small network with box the handset's class (each class the whole of its bill) and vendor b sized
    on its purchases: 100 in 2018 with a carrier business of 60 and a consumer business of 40, so that it
    buys 60 of chips (U 36, T 24) and 40 of boxes (K); its RAN business (half of a 100 market) is 50."""
    base = small_network()
    tables = {
        "vendors": pd.DataFrame({"vendor": ["a", "b"], "home_country": ["CHN", "SWE"]}),
        "prices": pd.DataFrame({"item": ["ran_market_revenue"], "year": [2020], "value": [100.0]}),
        "market_shares": pd.DataFrame(
            {"vendor": ["a", "b"], "region": ["global"] * 2, "year": [2020] * 2, "share": [0.5, 0.5]}
        ),
        "component_classes": pd.DataFrame(
            {
                "component_class": ["chip", "box"],
                "cost_share": [1.0, 1.0],
                "business": ["carrier", "consumer"],
            }
        ),
        "class_responses": pd.DataFrame(
            {
                "component_class": ["chip", "box", "chip", "box"],
                "parameter": ["substitution_midpoint_years"] * 2 + ["substitute_premium"] * 2,
                "value": [2.0, 1.0, 0.5, 0.1],
            }
        ),
        "suppliers": pd.DataFrame(
            {
                "component_class": ["chip", "chip", "box"],
                "vendor": ["*", "*", "*"],
                "firm": list(base.firm),
                "firm_country": list(base.firm_country),
                "made_in": list(base.made_in),
                "process": ["logic", "logic", "none"],
                "affiliate_of": ["", "", ""],
                "share": [0.6, 0.4, 1.0],
            }
        ),
        "process_technologies": pd.DataFrame(
            {"process": ["logic"], "technology": ["eda"], "content_share": [0.3]}
        ),
        "technology_providers": pd.DataFrame(
            {"technology": ["eda", "eda"], "country": ["USA", "CHN"], "share": [0.9, 0.1]}
        ),
        "financials": pd.DataFrame(
            {
                "firm": ["b"] * 3,
                "item": ["purchases", "carrier_revenue", "consumer_revenue"],
                "counterpart": ["WLD"] * 3,
                "year": [2018] * 3,
                "value": [100.0, 60.0, 40.0],
            }
        ),
    }
    return ValueNetwork.from_tables(tables)


def test_a_rival_sized_on_its_whole_business_buys_its_handsets_apart_from_its_ran_sales() -> None:
    """b's RAN sales go 100, 150, 120 against 100: the RAN part of its base-station bill (50 of its 60 of
    chips) follows them, its boxes (the handsets' bill) do not: U sells 36 x 50/60 x the growth, T 24 x
    50/60 x it, K nothing more."""
    params = supply_parameters(
        {
            "supply.bom_share": 1.0,
            "supply.inventory_months": 0.0,
            "supply.spare_capacity": 0.0,
            "supply.substitution_ceiling": 0.0,
        }
    )
    control = ExportControl(name="c", issuers=["USA"], target_vendors=["a"], start=date(2020, 1, 1))
    network = whole_business_network()
    supply = simulate_supply(network, [control], params, make_periods("2019-01", "2021-12"))
    assert float(supply.data["need"].sel(vendor="b", component_class="chip")) == pytest.approx(60.0)
    change = rivals_purchases_change(supply, rollout([100.0, 150.0, 120.0]), rollout([100.0] * 3), by="firm")
    days = np.array([365, 366, 365]) / 365.25
    growth = np.array([0.0, 0.5, 0.2])
    assert change.labels == ["K", "T", "U"]
    for row, bought in zip(change.change, [0.0, 24.0 * 50 / 60, 36.0 * 50 / 60], strict=True):
        assert row == pytest.approx(bought * days * growth, rel=1e-12, abs=1e-12)
