"""Write ``src/gotogether/data/registry/countries.csv`` from country_converter's bundled country table.

Run: ``.venv/bin/python scripts/build_country_registry.py``. Keeps current (non-obsolete) countries with their
ISO 3166-1 alpha-3 code, short name and EU27 membership, then appends the default world's aggregates
(``REU`` rest of the EU, ``ROW`` rest of the world). The table is read directly (``keep_default_na=False``)
because Namibia's ISO2 code "NA" would otherwise be read as missing.
"""

from __future__ import annotations

from pathlib import Path

import country_converter
import pandas as pd

TARGET = Path(__file__).resolve().parents[1] / "src/gotogether/data/registry/countries.csv"
AGGREGATES = pd.DataFrame(
    {
        "code": ["REU", "ROW"],
        "name": ["Rest of the EU", "Rest of the world"],
        "kind": ["aggregate", "aggregate"],
        "eu27": ["false", "false"],
    }
)


def country_table() -> pd.DataFrame:
    """Current countries (code, name, kind, eu27), sorted by code, then the aggregates."""
    source = Path(country_converter.__file__).with_name("country_data.tsv")
    raw = pd.read_csv(source, sep="\t", dtype=str, keep_default_na=False)
    # ISO3 "REU" is Réunion (part of France); the default world uses it for the rest of the EU, so the
    # aggregate wins and Réunion is left out (France's overseas regions count with France).
    current = raw[(raw["obsolete"] == "") & ~raw["ISO3"].isin(AGGREGATES["code"])]
    table = pd.DataFrame(
        {
            "code": current["ISO3"],
            "name": current["name_short"],
            "kind": "country",
            "eu27": (current["EU27"] == "EU27").map({True: "true", False: "false"}),
        }
    ).sort_values("code")
    return pd.concat([table, AGGREGATES], ignore_index=True)


if __name__ == "__main__":
    country_table().to_csv(TARGET, index=False, lineterminator="\n")
    print(f"wrote {TARGET}")
