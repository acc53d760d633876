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


def build(wdi: Path) -> pd.DataFrame:
    countries = pd.read_csv(REGISTRY, dtype=str, keep_default_na=False)
    codes = countries.loc[countries["kind"] == "country", "code"]
    gdp = pd.read_csv(wdi)
    gdp = gdp[(gdp["Year"] <= YEAR) & gdp["Country Code"].isin(codes) & gdp["Value"].notna()]
    latest = gdp.sort_values("Year").groupby("Country Code").tail(1)
    table = pd.DataFrame(
        {
            "code": latest["Country Code"],
            "year": latest["Year"],
            "gdp_usd_bn": (latest["Value"] / 1e9).round(4),
        }
    ).sort_values("code")
    missing = sorted(set(codes) - set(table["code"]))
    print(f"{len(table)} countries; no WDI GDP for {len(missing)}: {', '.join(missing)}")
    return table


if __name__ == "__main__":
    build(Path(sys.argv[1])).to_csv(OUT, index=False)
