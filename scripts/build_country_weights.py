"""Build ``data/registry/gdp_2019.csv``: each registry country's GDP in 2019 (current USD, billions), the
weight by which a measure naming some members of an aggregate region (REU, ROW) applies to that region.

Source: World Bank WDI, GDP (current US$), NY.GDP.MKTP.CD, as packaged by the data package GitHub
datasets/gdp (``data/gdp.csv``, PDDL), which the developer downloads. Where 2019 is missing, the latest
earlier year is used (the ``year`` column says which); countries with no value at all are left out (weight
0; listed by the script).

    python scripts/build_country_weights.py PATH/TO/gdp.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

OUT = Path(__file__).parents[1] / "src/gotogether/data/registry/gdp_2019.csv"
REGISTRY = Path(__file__).parents[1] / "src/gotogether/data/registry/countries.csv"
YEAR = 2019


def latest_by_country(wdi: Path, series: str) -> pd.DataFrame:
    """Each registry country's latest value up to ``YEAR`` in a WDI file in the datasets/* package layout
    (columns Country Code, Year, Value): columns ``code``, ``year``, ``value``; the countries with none are
    listed (``series`` names the series in that message)."""
    countries = pd.read_csv(REGISTRY, dtype=str, keep_default_na=False)
    codes = countries.loc[countries["kind"] == "country", "code"]
    rows = pd.read_csv(wdi)
    rows = rows[(rows["Year"] <= YEAR) & rows["Country Code"].isin(codes) & rows["Value"].notna()]
    latest = rows.sort_values("Year").groupby("Country Code").tail(1)
    table = pd.DataFrame({"code": latest["Country Code"], "year": latest["Year"], "value": latest["Value"]})
    missing = sorted(set(codes) - set(table["code"]))
    print(f"{len(table)} countries; no WDI {series} for {len(missing)}: {', '.join(missing)}")
    return table.sort_values("code")


def build(wdi: Path) -> pd.DataFrame:
    table = latest_by_country(wdi, "GDP")
    table["value"] = (table["value"] / 1e9).round(4)
    return table.rename(columns={"value": "gdp_usd_bn"})


if __name__ == "__main__":
    build(Path(sys.argv[1])).to_csv(OUT, index=False)
