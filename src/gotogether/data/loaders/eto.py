"""Optional loader of the ETO Advanced Semiconductor Supply Chain Dataset (Georgetown CSET).

The dataset is licensed CC BY-NC 4.0, so it is not shipped: a user points ``read_eto_country_shares`` at
their copy of its ``data/`` folder (``providers.csv``, ``provision.csv``, ``inputs.csv``). The country shares
of the inputs listed in ``classifications/eto_technologies.csv`` refine the ``technology_providers`` table
of the value network: each technology is the unweighted mean of its inputs' country shares (ETO gives no
market size per tool type in structured form), renormalised to one because ETO rounds shares under 1% up.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gotogether.data import registry
from gotogether.data.classifications import read_classification
from gotogether.data.userfiles import read_csv_file
from gotogether.errors import InputError

ETO_URL = "https://eto.tech/dataset-docs/chipexplorer"
COUNTRY_CODES = {"MAL": "MYS", "Various": "ROW"}
"""ETO provider names that are not ISO 3166 alpha-3 codes."""
REQUIRED = {
    "providers.csv": ("provider_name", "provider_id", "provider_type"),
    "provision.csv": ("provider_id", "provided_id", "share_provided"),
}


def read_eto_country_shares(folder: Path) -> pd.DataFrame:
    """Country shares of each ETO input: columns ``input_id``, ``country`` (ISO3 or ROW), ``share`` (0-1)."""
    frames = {}
    for name, columns in REQUIRED.items():
        path = folder / name
        expected = "the ETO dataset's data/ folder"
        frame = read_csv_file(path, expected, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise InputError(
                f"missing columns {missing}", source=str(path), expected=f"columns {list(columns)}"
            )
        frames[name] = frame
    providers = frames["providers.csv"]
    countries = providers.loc[providers["provider_type"] == "country", ["provider_id", "provider_name"]]
    known = registry.countries()
    for name in countries["provider_name"]:
        if known.canonical(COUNTRY_CODES.get(name, name)) is None:
            raise InputError(
                known.unknown(name),
                source=str(folder / "providers.csv"),
                location=f"provider {name}",
                expected="an ISO 3166 alpha-3 code (or MAL, Various) for providers of type country",
            )
    provision = frames["provision.csv"]
    rows = provision[
        provision["provider_id"].isin(countries["provider_id"]) & (provision["share_provided"] != "")
    ]
    rows = rows.drop(columns="provider_name", errors="ignore").merge(countries, on="provider_id")
    text = rows["share_provided"].str.rstrip("%")

    def refuse(wrong: pd.Series, problem: str, expected: str) -> None:
        """An error naming the first row where ``wrong`` holds (nothing when it holds nowhere)."""
        if wrong.any():
            row = rows.iloc[int(wrong.to_numpy().argmax())]
            raise InputError(
                f"share {row['share_provided']!r} {problem}",
                source=str(folder / "provision.csv"),
                location=f"provider {row['provider_name']}, input {row['provided_id']}",
                expected=expected,
            )

    refuse(~text.str.fullmatch(r"\d+(\.\d+)?"), "is not a percentage", "a percent string such as 47%")
    refuse(text.astype(float) > 100.0, "is over 100%", "a share of world supply between 0% and 100%")
    return pd.DataFrame(
        {
            "input_id": rows["provided_id"].to_numpy(),
            "country": rows["provider_name"].replace(COUNTRY_CODES).to_numpy(),
            "share": text.astype(float).to_numpy() / 100.0,
        }
    )


def eto_technology_providers(folder: Path) -> pd.DataFrame:
    """A ``technology_providers`` table (value-network schema) derived from the ETO data in ``folder``."""
    shares = read_eto_country_shares(folder)
    mapping = read_classification("eto_technologies")
    merged = shares.merge(mapping, on="input_id")
    if merged.empty:
        raise InputError(
            "no country shares for the mapped inputs",
            source=str(folder / "provision.csv"),
            expected=f"rows for inputs {', '.join(mapping['input_id'])}",
        )
    per_input = merged.pivot_table(
        index=["technology", "input_id"], columns="country", values="share", aggfunc="sum"
    )
    mean = per_input.fillna(0.0).groupby(level="technology").mean()
    mean = mean.div(mean.sum(axis=1), axis=0)
    long = mean.reset_index().melt(id_vars="technology", var_name="country", value_name="share")
    long = long[long["share"] > 0]
    inputs = mapping.groupby("technology")["input_name"].agg("; ".join)
    return pd.DataFrame(
        {
            "technology": long["technology"].to_numpy(),
            "country": long["country"].to_numpy(),
            "share": long["share"].to_numpy(),
            "source_outlet": "Emerging Technology Observatory (Georgetown CSET)",
            "source_title": "ETO Advanced Semiconductor Supply Chain Dataset (CC BY-NC 4.0), user copy",
            "source_date": "2022",
            "source_url": ETO_URL,
            "confidence": "B",
            "low": "",
            "high": "",
            "note": ["Unweighted mean of: " + inputs[t] for t in long["technology"]],
        }
    ).astype(str)
