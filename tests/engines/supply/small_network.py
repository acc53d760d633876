"""A two-vendor, two-class value network small enough to work out by hand."""

from __future__ import annotations

import pandas as pd

from gotogether.engines.supply import ValueNetwork


def small_network(*, t_affiliate: str = "", t_country: str = "TWN") -> ValueNetwork:
    """Vendors A (CHN) and B (SWE) with revenue 50 each; classes chip and box, cost share 0.5 each.

    chip: U (USA, made in USA) 60%, T (TWN, made in TWN) 40%, both on process ``logic`` whose value is
    30% EDA; EDA is 90% USA, 10% CHN. box: K (CHN) 100%, no technology. ``t_country`` is T's firm country
    (USA: a US firm's plant abroad).
    """
    tables = {
        "vendors": pd.DataFrame({"vendor": ["a", "b"], "home_country": ["CHN", "SWE"]}),
        "prices": pd.DataFrame({"item": ["ran_market_revenue"], "year": [2020], "value": [100.0]}),
        "market_shares": pd.DataFrame(
            {"vendor": ["a", "b"], "region": ["global"] * 2, "year": [2020] * 2, "share": [0.5, 0.5]}
        ),
        "component_classes": pd.DataFrame({"component_class": ["chip", "box"], "cost_share": [0.5, 0.5]}),
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
                "firm": ["U", "T", "K"],
                "firm_country": ["USA", t_country, "CHN"],
                "made_in": ["USA", "TWN", "CHN"],
                "process": ["logic", "logic", "none"],
                "affiliate_of": ["", t_affiliate, ""],
                "share": [0.6, 0.4, 1.0],
            }
        ),
        "process_technologies": pd.DataFrame(
            {"process": ["logic"], "technology": ["eda"], "content_share": [0.3]}
        ),
        "technology_providers": pd.DataFrame(
            {"technology": ["eda", "eda"], "country": ["USA", "CHN"], "share": [0.9, 0.1]}
        ),
    }
    return ValueNetwork.from_tables(tables)
