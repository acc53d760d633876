"""Build ``data/registry/population_2019.csv``: each registry country's population in 2019 (persons), which
sizes the sub-market of a ban by members of an aggregate region (REU, ROW) in the rollout, and with
``gdp_2019.csv`` gives their GDP per person.

Source: World Bank WDI, population, total, SP.POP.TOTL, as packaged by the "datasets/population" data
package (GitHub datasets/population, ``data/population.csv``, commit 425fc447 of 2026-03-06; licence
ODC-PDDL-1.0). Where 2019 is missing, the latest earlier year is used (the ``year`` column says which);
countries with no value at all are left out (listed by the script).

    python scripts/build_country_population.py PATH/TO/datasets-population/data/population.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

OUT = Path(__file__).parents[1] / "src/gotogether/data/registry/population_2019.csv"
REGISTRY = Path(__file__).parents[1] / "src/gotogether/data/registry/countries.csv"
YEAR = 2019


def build(wdi: Path) -> pd.DataFrame:
    countries = pd.read_csv(REGISTRY, dtype=str, keep_default_na=False)
    codes = countries.loc[countries["kind"] == "country", "code"]
    people = pd.read_csv(wdi)
    people = people[(people["Year"] <= YEAR) & people["Country Code"].isin(codes) & people["Value"].notna()]
    latest = people.sort_values("Year").groupby("Country Code").tail(1)
    table = pd.DataFrame(
        {"code": latest["Country Code"], "year": latest["Year"], "population": latest["Value"].astype(int)}
    ).sort_values("code")
    missing = sorted(set(codes) - set(table["code"]))
    print(f"{len(table)} countries; no WDI population for {len(missing)}: {', '.join(missing)}")
    return table


if __name__ == "__main__":
    build(Path(sys.argv[1])).to_csv(OUT, index=False)
