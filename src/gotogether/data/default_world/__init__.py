"""The embedded default world: the WIOD 2013 table for 2011 aggregated to 23 regions and 25 sectors.

Regions kept separate where 5G matters (CHN, USA, JPN, KOR, TWN, IND, DEU, FRA, GBR, ITA, ESP, NLD, SWE, FIN,
CAN, MEX, BRA, RUS, AUS, IDN, TUR), the rest of the EU (REU) and the rest of the world (ROW); sectors with
electrical and optical equipment (ELEC) and post and telecommunications (TELE) separate. Mappings are data
(``classifications/default_world_regions.csv`` and ``default_world_sectors.csv``); the file shipped here is
built by ``scripts/build_default_world.py`` (see SOURCE.md beside it).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

from gotogether.data.aggregate import aggregate
from gotogether.data.classifications import read_classification
from gotogether.data.consistency import Validation, validated
from gotogether.data.elasticities import aggregate_elasticities, wiod2013_elasticities
from gotogether.data.iotable import IOTable
from gotogether.data.storage import read_iotable_parquet
from gotogether.dims import SECTOR

TABLE_FILE = "default_world_2011.parquet"
THETA_FILE = "theta.csv"


def build_default_world(wiod2013: IOTable) -> tuple[IOTable, pd.Series]:
    """Aggregate the WIOD 2013 table (41 regions x c1..c35) to the default world, and its sectors' theta
    (CP 2015 concordance, weighted by the WIOD industries' world gross output)."""
    regions: dict[str, str] = dict(
        read_classification("default_world_regions")[["wiod_code", "region"]].itertuples(index=False)
    )
    sectors: dict[str, str] = dict(
        read_classification("default_world_sectors")[["wiod_code", "sector"]].itertuples(index=False)
    )
    table = aggregate(wiod2013, regions=regions, sectors=sectors)
    table = IOTable(
        **{
            **table.__dict__,
            "source": f"gotogether default world ({wiod2013.source}, aggregated)",
            "meta": {"sector_classification": "default_world", "aggregated_from": wiod2013.source},
        }
    )
    world_output = wiod2013.x.groupby(level=SECTOR, sort=False).sum()
    theta = aggregate_elasticities(wiod2013_elasticities(), sectors, world_output)
    return table, theta


def load_default_world(*, validate: Validation = "skip") -> IOTable:
    """The default world (millions of current USD, 2011). Checks are skipped by default: the known
    departures (rounding of the source, summed over REU's 19 countries) are described in docs/data.md."""
    with resources.as_file(resources.files(__package__).joinpath(TABLE_FILE)) as path:
        table = read_iotable_parquet(path)
    return validated(table, validate)


def default_world_elasticities() -> pd.Series:
    """Theta by default-world sector, as built with the table (see ``build_default_world``)."""
    with resources.files(__package__).joinpath(THETA_FILE).open(encoding="utf-8") as handle:
        frame = pd.read_csv(handle, dtype={"sector": str})
    return pd.Series(frame["theta"].to_numpy(dtype=float), index=frame["sector"], name="theta")


@cache
def default_world_sector_names() -> dict[str, str]:
    """Sector code -> name of the default world, in the table's order."""
    mapping = read_classification("default_world_sectors")
    return dict(zip(mapping["sector"], mapping["name"], strict=True))


def default_world_file() -> Path:
    """Path of the shipped default-world table (for data hashes in run manifests)."""
    return Path(str(resources.files(__package__).joinpath(TABLE_FILE)))
