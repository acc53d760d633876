"""The win-win section: which side each group lands on."""

from __future__ import annotations

import pandas as pd

from gotogether.reports.win_win import win_win


def test_each_group_lands_on_the_side_of_its_equivalent_variation() -> None:
    table = pd.DataFrame(
        {
            "scenario": ["s"] * 5,
            "group": ["issuer", "ally", "target", "third country", "world"],
            "ev_pv": [-120.8, -3.0, -129.4, 2.5, -250.7],
            "trade_pv": [-60.0, -1.0, -90.0, 4.0, -147.0],
            "supplier_sales_change": [-126.5, -10.0, 233.5, -354.2, -257.2],
        }
    )
    section = win_win(table)
    assert section.key == "win-win"
    assert "the issuer loses 120.8 USD bn of 2019 in present value (trade channel -60.0)" in section.html
    assert "the ally loses 3.0 USD bn" in section.html
    assert "the third country gains 2.5 USD bn" in section.html
    assert "+233.5 USD bn" in section.html
    assert "world" not in section.html  # the world is not a side
