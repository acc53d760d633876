"""The embedded default worlds, chosen by name: "2019" (the default) and "2011".

"2011": the WIOD 2013 table for 2011 aggregated to 23 regions and 25 sectors. "2019": that table updated by
GRAS to 2019 totals (ADB MRIO, GDP from the World Bank and the Penn World Table) with electrical and optical
equipment split into semiconductors (SEMI), telecom and network equipment (TELEQ) and other electronics and
electrical equipment (OELEC): 23 regions x 27 sectors (``world2019``; docs/data.md, "The 2019 world").

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

import numpy as np
import pandas as pd
import xarray as xr

from gotogether.data.aggregate import aggregate
from gotogether.data.classifications import read_classification
from gotogether.data.consistency import Validation, validated
from gotogether.data.elasticities import aggregate_elasticities, wiod2013_elasticities
from gotogether.data.iotable import IOTable
from gotogether.data.storage import read_iotable_parquet
from gotogether.dims import SECTOR
from gotogether.errors import InputError

TABLE_FILE = "default_world_2011.parquet"
THETA_FILE = "theta.csv"
DEFAULT_WORLD = "2019"
"""The world the tool uses unless told otherwise."""
_FILES = {
    "2011": (TABLE_FILE, THETA_FILE, "default_world_sectors"),
    "2019": ("default_world_2019.parquet", "theta_2019.csv", "default_world_2019_sectors"),
}


def _files(name: str) -> tuple[str, str, str]:
    if name not in _FILES:
        raise InputError(
            f"no default world {name!r}", source="default world", expected=f"one of {list(_FILES)}"
        )
    return _FILES[name]


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
    theta = aggregate_elasticities(wiod2013_elasticities(), sectors, world_output, mean="arithmetic")
    return table, theta


def load_default_world(name: str = DEFAULT_WORLD, *, validate: Validation = "skip") -> IOTable:
    """The default world ``name`` (millions of current USD of its year). Checks are skipped by default: the
    known departures (rounding of the source, summed over REU's 19 countries, negative inventories) are
    described in docs/data.md."""
    with resources.as_file(resources.files(__package__).joinpath(_files(name)[0])) as path:
        table = read_iotable_parquet(path)
    return validated(table, validate)


def default_world_elasticities(name: str = DEFAULT_WORLD) -> pd.Series:
    """Theta by sector of the default world ``name``, as built with its table."""
    with resources.files(__package__).joinpath(_files(name)[1]).open(encoding="utf-8") as handle:
        frame = pd.read_csv(handle, dtype={"sector": str})
    return pd.Series(frame["theta"].to_numpy(dtype=float), index=frame["sector"], name="theta")


@cache
def default_world_sector_names(name: str = DEFAULT_WORLD) -> dict[str, str]:
    """Sector code -> name of the default world ``name``, in the table's order."""
    mapping = read_classification(_files(name)[2])
    return dict(zip(mapping["sector"], mapping["name"], strict=False))


def default_world_sectors_file(name: str = DEFAULT_WORLD) -> str:
    """The classification file of the sector codes of the default world ``name``, in the installed package."""
    return f"gotogether/data/classifications/{_files(name)[2]}.csv"


def default_world_file(name: str = DEFAULT_WORLD) -> Path:
    """Path of the shipped default-world table (for data hashes in run manifests)."""
    return Path(str(resources.files(__package__).joinpath(_files(name)[0])))


def cp2015_concordance(name: str = DEFAULT_WORLD) -> pd.DataFrame:
    """Columns sector, wiod_code, cp_sector, weight: each default-world sector's Caliendo-Parro sectors, the
    weights summing to one within each WIOD industry (``wiod2013_cp2015_concordance.csv``); a sector split
    from one industry (the 2019 world's SEMI, TELEQ, OELEC) takes its own ``cp_sectors`` in equal parts."""
    concordance = read_classification("wiod2013_cp2015_concordance")
    concordance["weight"] = concordance["weight"].astype(float)
    concordance["weight"] /= concordance.groupby("wiod_code")["weight"].transform("sum")
    sectors = read_classification(_files(name)[2])
    if "wiod_codes" not in sectors:  # the 2011 classification: one row per WIOD industry
        sectors = sectors.rename(columns={"wiod_code": "wiod_codes"}).assign(cp_sectors="")
    rows: list[tuple[str, str, str, float]] = []
    for record in sectors.itertuples(index=False):
        codes = str(record.wiod_codes).split()
        if isinstance(record.cp_sectors, str) and record.cp_sectors:
            own = record.cp_sectors.split(";")
            rows += [(str(record.sector), codes[0], cp, 1.0 / len(own)) for cp in own]
            continue
        for code in codes:
            part = concordance[concordance["wiod_code"] == code]
            rows += [
                (str(record.sector), code, cp, w)
                for cp, w in zip(part["cp_sector"], part["weight"], strict=True)
            ]
    return pd.DataFrame(rows, columns=["sector", "wiod_code", "cp_sector", "weight"])


WORLD_DESCRIPTIONS: dict[str, dict[str, str | list[str]]] = {
    "2011": {
        "method": "WIOD 2013 table for 2011 aggregated to 23 regions x 25 sectors (every total preserved)",
        "sources": [
            "WIOD 2013 release, world input-output table 2011 (Timmer et al. 2015, Review of International "
            "Economics 23: 575-605)",
            "Caliendo and Parro (2015), Review of Economic Studies 82(1): trade elasticities",
        ],
    },
    "2019": {
        "method": (
            "WIOD 2011 table (23 regions x 25 sectors) updated by GRAS (Junius and Oosterhaven 2003) to "
            "2019 output, intermediate inputs and value added by region and sector (ADB MRIO), value added "
            "raised to GDP at market prices; final demand by region from GDP and the 2011 ratio; electrical "
            "and optical equipment split into SEMI, TELEQ, OELEC with sourced output shares (proportional "
            "SplitCom); theta from 1/theta averages (docs/data.md, 'The 2019 world')"
        ),
        "sources": [
            "WIOD 2013 release, world input-output table 2011 (Timmer et al. 2015)",
            "ADB Multiregional Input-Output Tables, 72 economies, 2019 (https://kidb.adb.org/mrio), "
            "summarised by economy and sector (ksreyes/mrio-processing)",
            "World Bank WDI, GDP current USD (NY.GDP.MKTP.CD), 2019",
            "Penn World Table 10.01 (Feenstra, Inklaar and Timmer 2015): Taiwan's GDP 2019",
            "IMF World Economic Outlook database, October 2020: real GDP growth by country 2020-2025 "
            "(growth_2019_2035.csv)",
            "WSTS/SIA 2019 semiconductor sales; IC Insights wafer capacity by location (Dec 2018-2020); "
            "Dell'Oro telecom equipment vendor shares 2019 (electronics_shares_2019.csv)",
            "Caliendo and Parro (2015), Review of Economic Studies 82(1): trade elasticities",
        ],
    },
}
"""How each default world was made and from what (``gotogether data info``)."""


def default_world_sectors(name: str = DEFAULT_WORLD) -> pd.DataFrame:
    """Columns sector, name, wiod_codes (space-separated WIOD 2013 industries), one row per sector."""
    frame = read_classification(_files(name)[2])
    if "wiod_codes" in frame:
        return frame[["sector", "name", "wiod_codes"]]
    codes = frame.groupby("sector", sort=False)["wiod_code"].agg(" ".join).rename("wiod_codes")
    return frame.drop_duplicates("sector")[["sector", "name"]].merge(
        codes, left_on="sector", right_index=True
    )


GROWTH_FILE = "growth_2019_2035.csv"
GROWTH_YEARS = range(2019, 2036)


def growth_factors(kind: str = "central") -> xr.DataArray:
    """Real GDP in each year relative to 2019, dims (country, year), 2019 = 1, for the 2019 world's regions.

    2020-2025: the IMF's World Economic Outlook of October 2020 ("A Long and Difficult Ascent", 13 October
    2020), by country, aggregates weighted by 2019 GDP; after 2025 the IMF's 2025 rate held, ``kind`` "low"
    or "high" taking the end of its assumed range (``growth_2019_2035.csv``, built by
    ``scripts/build_world_2019.py``; sources in SOURCE.md)."""
    with resources.files(__package__).joinpath(GROWTH_FILE).open(encoding="utf-8") as handle:
        table = pd.read_csv(handle).set_index("region")
    later = {"central": "growth_after_2025", "low": "growth_after_2025_low", "high": "growth_after_2025_high"}
    if kind not in later:
        raise InputError(
            f"unknown growth path {kind!r}", source=GROWTH_FILE, expected=f"one of {list(later)}"
        )
    years = list(GROWTH_YEARS)
    projected = [f"growth_{year}" for year in range(2020, 2026)]
    rates = np.empty((len(table), len(years)))
    rates[:, 0] = 0.0
    rates[:, 1 : 1 + len(projected)] = table[projected].to_numpy()
    rates[:, 1 + len(projected) :] = table[later[kind]].to_numpy()[:, None]
    return xr.DataArray(
        np.cumprod(1.0 + rates, axis=1),
        dims=("country", "year"),
        coords={"country": list(table.index), "year": years},
        name="growth_factor",
    )


def gdp_2019() -> xr.DataArray:
    """GDP in 2019 by region of the default worlds, millions of current USD (World Bank WDI; Taiwan: Penn
    World Table 10.01), as used to build the 2019 world (``world_2019_targets.csv``)."""
    with resources.files(__package__).joinpath("world_2019_targets.csv").open(encoding="utf-8") as handle:
        table = pd.read_csv(handle)
    return xr.DataArray(
        table["gdp"].to_numpy(dtype=float), dims="country", coords={"country": list(table["region"])}
    )


TARIFF_FILE = "tariffs_2019.csv"
GOODS_2019 = [
    "AGR",
    "MIN",
    "FOOD",
    "TEXT",
    "WOOD",
    "PETRO",
    "CHEM",
    "MINER",
    "METAL",
    "MACH",
    "SEMI",
    "TELEQ",
    "OELEC",
    "TREQ",
    "MANUF",
]
"""The 2019 world's goods sectors (CP 2015's traded sectors); services carry no tariff."""


def baseline_tariffs() -> xr.DataArray:
    """Applied tariffs in force at the end of 2019, dims (importer, exporter, sector), 0.21 = 21%: the
    2018-2019 US-China tariffs as trade-weighted averages over all goods (``tariffs_2019.csv``, each row with
    its source), zero elsewhere. MFN tariffs between other pairs are not in yet (no sourced table of them
    could be obtained; docs/data.md), so other pairs start from zero."""
    with resources.files(__package__).joinpath(TARIFF_FILE).open(encoding="utf-8") as handle:
        table = pd.read_csv(handle)
    regions = gdp_2019().country.values.tolist()
    tariff = xr.DataArray(
        0.0,
        dims=("importer", "exporter", "sector"),
        coords={"importer": regions, "exporter": regions, "sector": list(GOODS_2019)},
    ).copy()
    for importer, exporter, rate in zip(table["importer"], table["exporter"], table["tariff"], strict=True):
        tariff.loc[importer, exporter, :] = float(rate)
    return tariff
