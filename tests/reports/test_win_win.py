"""The win-win section: which side each group lands on."""

from __future__ import annotations

import pandas as pd

from gotogether.reports.win_win import win_win


def test_each_group_lands_on_the_side_of_its_welfare() -> None:
    table = pd.DataFrame(
        {
            "scenario": ["s"] * 4,
            "group": ["issuer", "target", "third country", "world"],
            "welfare_change_pct": [-0.0157, -0.1489, 0.001, -0.03],
            "supplier_sales_change_net_2019_2035_usd_bn": [-126.5, 233.5, -354.2, -247.2],
        }
    )
    section = win_win(table)
    assert section.key == "win-win"
    assert "the issuer loses welfare (-0.0157%)" in section.html
    assert "the third country gains welfare (+0.0010%)" in section.html
    assert "+233.5 USD bn" in section.html
    assert "world" not in section.html  # the world is not a side
