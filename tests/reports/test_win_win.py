"""The win-win section: which side each country lands on, and the channel that puts it there."""

from __future__ import annotations

import pandas as pd

from gotogether.reports.win_win import export_control_scenarios, sides, win_win
from gotogether.scenarios import load_scenario

CHANNELS = [
    "value_5g_pv",
    "trade_pv",
    "capex_pv",
    "vendor_value_added_pv",
    "supplier_value_added_pv",
    "disruption_pv",
]


def _paying() -> pd.DataFrame:
    """A who-pays table by hand: channels in bn USD that sum to ev_pv."""
    rows = {
        # country: role, channels in CHANNELS' order
        "USA": ("issuer", [1.0, -53.0, 0.0, 0.0, -59.0, 0.0]),
        "CHN": ("target", [-20.0, -300.0, 0.0, -150.0, 40.0, 0.0]),
        # the largest figure (trade, -3.0) is outweighed by the two gains: the vendors' decides
        "SWE": ("third country", [0.0, -3.0, 0.0, 2.0, 1.5, 0.0]),
        "FIN": ("third country", [0.0, -1.2, 0.0, 3.0, 0.0, 0.0]),
        "JPN": ("third country", [0.0, -2.0, 0.0, 0.0, 0.5, 0.0]),
        "BRA": ("third country", [0.0, 0.01, 0.0, 0.0, 0.0, 0.0]),
    }
    records = []
    for scenario in ("controls", "tariffs"):
        for country, (role, figures) in rows.items():
            channels = dict(zip(CHANNELS, figures, strict=True))
            records.append(
                {
                    "scenario": scenario,
                    "country": country,
                    "role": role,
                    "ev_pv": sum(figures),
                    **channels,
                    "supplier_sales_change": 0.0,
                }
            )
    return pd.DataFrame(records)


def test_each_country_lands_on_the_side_of_its_total_through_its_largest_channel_of_that_sign() -> None:
    table = sides(_paying()).set_index(["scenario", "country"]).loc["controls"]
    assert table.loc["FIN", "side"] == "gains"
    assert table.loc["FIN", "decides"] == "vendor_value_added_pv"
    assert table.loc["FIN", "decides_pv"] == 3.0
    assert table.loc["FIN", "against"] == "trade_pv"
    assert table.loc["SWE", "side"] == "gains"  # +0.5
    assert table.loc["SWE", "decides"] == "vendor_value_added_pv"  # not trade, the largest in size
    assert table.loc["SWE", "against"] == "trade_pv"
    assert table.loc["USA", "side"] == "loses"
    assert table.loc["USA", "decides"] == "supplier_value_added_pv"
    assert table.loc["USA", "against"] == "value_5g_pv"
    assert table.loc["CHN", "decides"] == "trade_pv"
    assert table.loc["CHN", "against"] == "supplier_value_added_pv"
    assert table.loc["JPN", "against"] == "supplier_value_added_pv"
    assert table.loc["BRA", "side"] == "even"
    assert table.loc["BRA", "against"] == ""  # no channel of the other sign
    # by scenario, role, then from the largest gain to the largest loss
    order = ["USA", "CHN", "FIN", "SWE", "BRA", "JPN"]
    reversed_rows = sides(_paying().iloc[::-1])
    assert list(reversed_rows["country"]) == order * 2
    assert list(reversed_rows["scenario"]) == ["tariffs"] * 6 + ["controls"] * 6


def test_the_section_names_each_country_its_side_and_why_for_the_chosen_scenarios() -> None:
    section = win_win(_paying(), ["controls"])
    assert section.key == "win-win"
    assert (
        "controls: Finland (FIN), third country, gains 1.8 USD bn of 2019 in present value, through "
        "vendors&#39; value added (+3.0), outweighing trade (terms and volume of trade) (-1.2)."
    ) in section.html
    assert (
        "United States (USA), issuer, loses 111.0 USD bn of 2019 in present value, through suppliers&#39; "
        "value added (-59.0), outweighing 5G value (productivity) (+1.0)."
    ) in section.html
    assert "Brazil (BRA), third country, neither gains nor loses" in section.html
    assert "tariffs" not in section.html


def test_the_export_control_scenarios_of_the_library() -> None:
    scenarios = [load_scenario(name) for name in ("allied-bans", "us-huawei-2019-2020", "tariff-war")]
    assert export_control_scenarios(scenarios) == ["us-huawei-2019-2020"]


def test_the_section_gives_each_countrys_suppliers_sales_gross_and_net() -> None:
    # the run table supplier_sales_gross_net, tidy: USA loses 5 + 6 gross over two years and wins 4 back
    records = [
        {
            "scenario": "controls",
            "part": part,
            "country": country,
            "year": year,
            "supplier_sales_gross_net": value,
        }
        for country, parts in {
            "USA": {"gross": (-5.0, -6.0), "rivals_ran": (0.0, 1.0), "rivals_handsets": (1.0, 2.0)},
            "BRA": {"gross": (0.0, 0.0), "rivals_ran": (0.0, 0.0), "rivals_handsets": (0.01, 0.01)},
        }.items()
        for part, values in {**parts, "net": tuple(map(sum, zip(*parts.values(), strict=True)))}.items()
        for year, value in zip((2020, 2021), values, strict=True)
    ]
    section = win_win(_paying(), ["controls"], pd.DataFrame(records))
    assert (
        "outweighing 5G value (productivity) (+1.0); its suppliers' sales -11.0 gross, -7.0 net."
    ) in section.html
    assert "net: the rivals that take the blocked vendor" in section.intro
    # below EVEN (0.05), no figure: Brazil's rivals' 0.02
    assert (
        "Brazil (BRA), third country, neither gains nor loses (less than 0.05 USD bn of 2019 in present "
        "value)." in section.html
    )
