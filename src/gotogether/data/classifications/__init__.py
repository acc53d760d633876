"""Classifications kept as data: industry and final-demand codes of each source, concordances."""

from __future__ import annotations

from importlib import resources

import pandas as pd


def read_classification(name: str) -> pd.DataFrame:
    """Read ``NAME.csv`` shipped in this package (all columns as strings)."""
    with resources.files(__package__).joinpath(f"{name}.csv").open(encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str)
