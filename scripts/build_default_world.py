"""Build the embedded default world from the real WIOD 2013 table for 2011.

    python scripts/build_default_world.py [--out DIR]

Steps (each a function of the package, so that the test that rebuilds the world runs the same code):
1. Read ``data/raw/wiod2013/wiot_2011.RData`` (WIOD 2013 release, 41 regions x 35 industries, millions of
   current USD) with ``read_wiod2013_rdata``; the consistency checks report its known problems.
2. Aggregate regions with ``classifications/default_world_regions.csv`` (21 countries kept, the other 19 EU
   members into REU, RoW into ROW) and sectors with ``default_world_sectors.csv`` (35 industries into 25
   sectors; c14 and c27 kept alone) by ``aggregate``, which preserves every total.
3. Theta by default sector: the CP (2015) concordance of WIOD industries
   (``wiod2013_cp2015_concordance.csv``), weighted by the industries' world gross output in 2011.
4. Write ``default_world_2011.parquet`` (zstd Parquet, one row per non-zero cell by position, exact float64
   values) and ``theta.csv`` into ``src/gotogether/data/default_world`` (or ``--out``), each through a
   temporary file and a rename.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from gotogether.data.default_world import TABLE_FILE, THETA_FILE, build_default_world
from gotogether.data.loaders.wiod2013 import read_wiod2013_rdata
from gotogether.data.storage import write_iotable_parquet

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "data" / "raw" / "wiod2013" / "wiot_2011.RData"
OUT = ROOT / "src" / "gotogether" / "data" / "default_world"


def build(out: Path) -> None:
    wiod = read_wiod2013_rdata(SOURCE, validate="warn")
    table, theta = build_default_world(wiod)
    write_iotable_parquet(table, out / TABLE_FILE)
    handle, temporary = tempfile.mkstemp(dir=out, suffix=".tmp")
    os.close(handle)
    theta.round(12).rename_axis("sector").to_csv(temporary)
    os.chmod(temporary, 0o644)
    os.replace(temporary, out / THETA_FILE)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    build(parser.parse_args().out)
