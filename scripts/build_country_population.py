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

from build_country_weights import latest_by_country  # the scripts folder is on the path when run

OUT = Path(__file__).parents[1] / "src/gotogether/data/registry/population_2019.csv"


def build(wdi: Path) -> pd.DataFrame:
    table = latest_by_country(wdi, "population")
    table["value"] = table["value"].astype(int)
    return table.rename(columns={"value": "population"})


if __name__ == "__main__":
    build(Path(sys.argv[1])).to_csv(OUT, index=False)
