"""Build the 2019 default world: the WIOD 2011 table updated to 2019 totals, electronics split.

    python scripts/build_world_2019.py derive SOURCES   # developer only: sources -> data/raw/world2019/*.csv
    python scripts/build_world_2019.py weo WEOOct2020all.txt   # developer only: -> weo_oct2020_growth.csv
    python scripts/build_world_2019.py [--out DIR]

``derive`` reads the real sources a developer has downloaded into a folder SOURCES and writes the small
inputs the build needs into ``data/raw/world2019`` (each row names its source; SOURCE.md there). SOURCES
holds, under these names, the public files:
- ``adb-mrio-summary/summary.csv`` and ``adb-mrio-summary/adb_countries.xlsx``: the Asian Development Bank's
  MRIO tables (kidb.adb.org/mrio) summarised by economy and sector by GitHub ksreyes/mrio-processing
  (``data/final/summary.csv``, ``dicts/countries.xlsx``; MIT code, ADB data reused with attribution);
- ``gdp/wdi_gdp_current_usd.csv``: World Bank WDI GDP (current US$), NY.GDP.MKTP.CD, as packaged by GitHub
  datasets/gdp (``data/gdp.csv``, PDDL);
- ``gdp/pwt10.01.rda``: Penn World Table 10.01 (www.ggdc.net/pwt, CC BY 4.0) as shipped in the R package
  pwt10 (GitHub cran/pwt10, ``data/pwt10.01.rda``).
The build (``gotogether.data.default_world.world2019.build_world_2019``) reads only
the repository: the WIOD 2011 table, those inputs and the hand-sourced electronics shares. Steps, in
docs/data.md ("The 2019 world"):

1. Aggregate the WIOD 2011 table to the 23 regions x 25 sectors of the 2011 default world.
2. Targets for 2019 by (region, sector): gross output, intermediate inputs used, value added (ADB MRIO 2019,
   aggregated). Value added is raised to GDP at market prices by adding net product taxes to value added and
   to gross output (the WIOD 2011 table's VA row includes them). GDP by region is the registry's GDP by
   country (``data/registry/gdp_2019.csv``, WDI) summed over members, plus Taiwan (PWT 10.01) and, in ROW,
   the part of WDI's world total no country row carries (``gdp_2019_outside_registry.csv``).
3. Final demand by (region, category): 2019 GDP times the region's 2011 ratio of final demand to value added,
   scaled so that world final demand equals world value added; 2011 category shares.
4. GRAS (Junius and Oosterhaven 2003; Temurshoev, Miller and Bouwmeester 2013) of [Z | Y] to those row and
   column totals; the distance to every target is reported.
5. Split ELEC into SEMI, TELEQ and OELEC (proportional SplitCom; shares in
   ``default_world/electronics_shares_2019.csv``).
6. Theta by sector: Caliendo-Parro (2015) estimates, 1/theta averaged with 2019 world output weights.
7. Write ``default_world_2019.parquet``, ``theta_2019.csv`` and ``world_2019_targets.csv``.
8. Growth by region (``growth_2019_2035.csv``): the IMF WEO October 2020 real GDP growth by country for
   2020-2025 (``weo_oct2020_growth.csv``, extracted by the ``weo`` step), aggregated to regions with 2019 GDP
   weights (``data/registry/gdp_2019.csv``); after 2025 the IMF's 2025 rate held, with an assumed range
   (``growth_ranges_after_2025.csv``).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

import pandas as pd

from gotogether.data import registry
from gotogether.data.default_world import GROWTH_FILE, world2019
from gotogether.data.loaders.wiod2013 import read_wiod2013_rdata
from gotogether.data.storage import write_iotable_parquet

ROOT = Path(__file__).resolve().parents[1]
WIOD_2011 = ROOT / "data" / "raw" / "wiod2013" / "wiot_2011.RData"
INPUTS = ROOT / "data" / "raw" / "world2019"
OUT = ROOT / "src" / "gotogether" / "data" / "default_world"


def _write_csv(frame: pd.DataFrame, path: Path, float_format: str = "%.6f") -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    frame.to_csv(temporary, index=False, float_format=float_format)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def derive(sources: Path, out: Path = INPUTS) -> None:
    """Developer step: the 2019 targets and GDP by region from the public files in ``sources`` (module
    docstring)."""
    import rdata  # type: ignore[import-untyped]

    from gotogether.data.classifications import read_classification

    countries = pd.read_excel(sources / "adb-mrio-summary" / "adb_countries.xlsx")
    iso = countries[countries["mrio"].notna()].set_index("mrio")["iso_a3"]
    summary = pd.read_csv(sources / "adb-mrio-summary" / "summary.csv")
    summary = summary[summary["t"] == 2019].copy()
    summary["iso"] = summary["s"].map(iso)
    regions = read_classification("default_world_regions")
    # The 2011 world's REU is the 19 EU members WIOD 2013 covers; Croatia (and everyone else) is in ROW.
    region_of = dict(zip(regions["wiod_code"].replace({"ROM": "ROU"}), regions["region"], strict=True))
    summary["region"] = [region_of.get(code, "ROW") for code in summary["iso"]]
    summary["wiod_code"] = "c" + summary["i"].astype(str)
    sectors = read_classification("default_world_sectors")
    summary["sector"] = summary["wiod_code"].map(
        dict(zip(sectors["wiod_code"], sectors["sector"], strict=True))
    )
    targets = summary.groupby(["region", "sector"], sort=False)[["x", "zuse", "va"]].sum().reset_index()
    targets = targets.rename(columns={"x": "output", "zuse": "inputs", "va": "value_added_basic"})
    _write_csv(targets, out / "adb_2019_targets.csv")
    industry_output = summary.groupby("wiod_code", sort=False)["x"].sum().rename("world_output").reset_index()
    _write_csv(industry_output, out / "adb_2019_industry_output.csv")

    # GDP by region is the registry's GDP by country summed over members (world2019.region_gdp); what the
    # registry does not hold: Taiwan (not in WDI) and the part of WDI's world total no country row carries
    # (the World Bank's estimates for economies without a 2019 value, e.g. North Korea, Venezuela's 2019).
    wdi = pd.read_csv(sources / "gdp" / "wdi_gdp_current_usd.csv")
    world = float(wdi[(wdi["Year"] == 2019) & (wdi["Country Code"] == "WLD")]["Value"].iloc[0]) / 1e6
    in_registry = 1e3 * sum(registry.gdp_2019().values())
    pwt = rdata.conversion.convert(rdata.parser.parse_file(sources / "gdp" / "pwt10.01.rda"))["pwt10.01"]
    taiwan = pwt[(pwt["isocode"] == "TWN") & (pwt["year"] == 2019)].iloc[0]
    frame = pd.DataFrame(
        {
            "region": ["TWN", "ROW"],
            "gdp": [float(taiwan["cgdpo"] * taiwan["pl_gdpo"]), world - in_registry],
            "source": [
                "Penn World Table 10.01, cgdpo x pl_gdpo, 2019 (Taiwan is not in WDI)",
                "WDI world total 2019 (WLD, NY.GDP.MKTP.CD) less the sum of data/registry/gdp_2019.csv: "
                "economies the World Bank's total counts without a 2019 country value in the registry",
            ],
        }
    )
    _write_csv(frame, out / "gdp_2019_outside_registry.csv")


def _weo_number(text: str) -> float:
    """A WEO cell as a number. The copy used was saved through a spreadsheet that read values "0.xyz" as
    clock times (0 h, xyz min) and wrote the fraction of a day with a decimal comma: 0,465972222 is 671
    minutes, i.e. 0.671 (checked against published figures: Japan 2019 0.7, Germany 2019 0.6, Italy 2018
    0.8)."""
    text = text.strip().replace('"', "")
    if text in ("n/a", "--", ""):
        return float("nan")
    if "," in text and "." not in text:
        return round(float(text.replace(",", ".")) * 1440) / 1000
    return float(text.replace(",", ""))


def derive_weo(weo_file: Path, out: Path = INPUTS) -> None:
    """Developer step: real GDP growth by country, 2019-2025, from the IMF WEO October 2020 database file
    (tab-separated, one row per country and series) into ``weo_oct2020_growth.csv``."""
    frame = pd.read_csv(weo_file, sep="\t", dtype=str, keep_default_na=False, encoding_errors="replace")
    rows = frame[frame["WEO Subject Code"] == "NGDP_RPCH"]
    years = [str(year) for year in range(2019, 2026)]
    growth = pd.DataFrame({"iso": rows["ISO"], "country": rows["Country"]})
    for year in years:
        growth[f"growth_{year}"] = [_weo_number(value) for value in rows[year]]
    growth["estimates_start_after"] = rows["Estimates Start After"].to_numpy()
    growth = growth.dropna(subset=[f"growth_{year}" for year in years])
    _write_csv(growth, out / "weo_oct2020_growth.csv", "%.3f")


def build(out: Path = OUT) -> None:
    """Build the 2019 world from the repository's inputs into ``out``."""
    wiod = read_wiod2013_rdata(WIOD_2011, validate="warn")
    world = world2019.build_world_2019(wiod, world2019.read_inputs(INPUTS, registry.gdp_2019()))
    write_iotable_parquet(world.table, out / world2019.TABLE_FILE)
    theta = world.theta.round(12).rename_axis("sector").reset_index()
    _write_csv(theta, out / world2019.THETA_FILE, float_format="%.12g")
    _write_csv(world.targets, out / world2019.TARGETS_FILE)
    growth = world2019.growth_by_region(world2019.read_growth_inputs(INPUTS, registry.gdp_2019()))
    _write_csv(growth, out / GROWTH_FILE, float_format="%.6f")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", nargs="?", choices=("derive", "weo", "build"), default="build")
    parser.add_argument(
        "source", nargs="?", type=Path, help="derive: the SOURCES folder; weo: the WEO October 2020 file"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    arguments = parser.parse_args()
    if arguments.step in ("derive", "weo") and arguments.source is None:
        parser.error(f"step {arguments.step} needs the path of its sources (see the module docstring)")
    if arguments.step == "derive":
        derive(arguments.source)
    elif arguments.step == "weo":
        derive_weo(arguments.source)
    else:
        build(arguments.out)
