"""Build the 2019 world's capital accounts by region (capital accumulation, docs/capital.md).

    python scripts/build_capital_2019.py derive PWT.rda  # -> data/raw/world2019/pwt_2019_capital.csv
    python scripts/build_capital_2019.py   # -> src/gotogether/data/default_world/capital_2019.csv

``derive`` reads the Penn World Table 10.01 as published in R's data format (``pwt10.01.rda``: the CRAN
package ``pwt10``, https://cran.r-project.org/package=pwt10, or https://www.rug.nl/ggdc/productivity/pwt/;
CC BY 4.0) from the path given, and writes its 2019 rows of the series the accounts need (committed, so the
build needs no download). The build reads only those rows and the default world's region mapping, and
aggregates (``gotogether.data.default_world.capital2019.capital_by_region``).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import pandas as pd

from gotogether.data.classifications import read_classification
from gotogether.data.default_world import capital2019, gdp_2019

ROOT = Path(__file__).resolve().parents[1]
PWT_ROWS = ROOT / "data" / "raw" / "world2019" / "pwt_2019_capital.csv"
OUT = ROOT / "src" / "gotogether" / "data" / "default_world" / capital2019.CAPITAL_FILE


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    frame.to_csv(temporary, index=False, float_format="%.6f")
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def derive(source: Path, out: Path = PWT_ROWS) -> None:
    """Developer step: the Penn World Table's 2019 rows of ``capital2019.PWT_COLUMNS`` from ``source``
    (``pwt10.01.rda``)."""
    import rdata  # type: ignore[import-untyped]

    pwt = rdata.conversion.convert(rdata.parser.parse_file(source))["pwt10.01"]
    rows = pwt[pwt["year"] == 2019][["isocode", "country", *capital2019.PWT_COLUMNS]]
    frame = pd.DataFrame(rows).reset_index(drop=True)
    frame["isocode"] = frame["isocode"].astype(str)
    frame["country"] = frame["country"].astype(str)
    _write_csv(frame, out)


def region_of() -> dict[str, str]:
    """ISO country -> region of the default world (the 19 EU members of REU; ROW is every other country)."""
    regions = read_classification("default_world_regions")
    mapping = dict(zip(regions["wiod_code"].replace({"ROM": "ROU"}), regions["region"], strict=True))
    mapping.pop("RoW")
    return mapping


def build(rows: Path = PWT_ROWS, out: Path = OUT) -> pd.DataFrame:
    """The capital accounts by region from the PWT's 2019 rows, written to ``out``."""
    pwt = pd.read_csv(rows, keep_default_na=False, na_values=[""])
    table = capital2019.capital_by_region(pwt, region_of(), list(gdp_2019()["country"].values))
    _write_csv(table, out)
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", nargs="?", choices=["derive", "build"], default="build")
    parser.add_argument("source", nargs="?", type=Path, help="derive: the path of pwt10.01.rda")
    arguments = parser.parse_args()
    if arguments.step == "derive":
        if arguments.source is None:
            parser.error("derive needs the path of the Penn World Table's pwt10.01.rda (see the docstring)")
        derive(arguments.source)
    else:
        build()


if __name__ == "__main__":
    main()
