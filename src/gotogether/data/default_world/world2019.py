"""The 2019 world: the WIOD 2011 default world updated to 2019 totals by GRAS, with electronics split.

Built by ``scripts/build_world_2019.py`` (the steps are in its docstring and in docs/data.md); this module
holds the steps so that the test that rebuilds the shipped file runs the same code. Inputs are small CSV
files in ``data/raw/world2019`` (derived from ADB MRIO, World Bank and Penn World Table data; SOURCE.md
there) and the sourced electronics figures beside this module (``electronics_2019.csv``,
``electronics_shares_2019.csv``; SOURCE.md here).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from gotogether.data.elasticities import aggregate_elasticities, cp2015_elasticities
from gotogether.data.gras import gras
from gotogether.data.iotable import IOTable
from gotogether.data.split import split_sector
from gotogether.dims import REGION, SECTOR
from gotogether.errors import InputError

PACKAGE = Path(__file__).parent
TABLE_FILE = "default_world_2019.parquet"
THETA_FILE = "theta_2019.csv"
TARGETS_FILE = "world_2019_targets.csv"
WEO_YEARS = range(2020, 2026)
WEO_SOURCE = (
    "IMF, World Economic Outlook database, October 2020 ('A Long and Difficult Ascent', 2020-10-13), "
    "real GDP growth (NGDP_RPCH), https://www.imf.org/en/Publications/WEO/weo-database/2020/October"
)
SPLIT_SECTOR = "ELEC"
SOURCE = (
    "gotogether default world 2019: WIOD 2013 release table for 2011, aggregated, updated by GRAS to ADB "
    "MRIO 2019 totals and GDP (World Bank WDI; Taiwan: Penn World Table 10.01), electrical and optical "
    "equipment split into SEMI, TELEQ and OELEC"
)


@dataclass(frozen=True)
class Inputs2019:
    """The build's inputs (see ``data/raw/world2019/SOURCE.md``)."""

    targets: pd.DataFrame  # region, sector, output, inputs, value_added_basic (millions of USD, ADB MRIO)
    industry_output: pd.DataFrame  # wiod_code, world_output (ADB MRIO 2019)
    gdp: pd.DataFrame  # region, gdp (millions of USD), source: region_gdp
    electronics: pd.DataFrame  # sector, name, world_output, max_share_of_elec, source
    electronics_shares: pd.DataFrame  # sector, group, regions, share, low, high, source


@dataclass(frozen=True)
class World2019:
    """The built world, its sector elasticities, and the distance of the result from each target."""

    table: IOTable
    theta: pd.Series
    targets: pd.DataFrame  # by region: targets and results (millions of USD)


def read_inputs(folder: Path, country_gdp: Mapping[str, float]) -> Inputs2019:
    """Read the CSV inputs of the 2019 world: the ADB files from ``folder``, GDP by region from
    ``country_gdp`` (the registry's ``gdp_2019()``, ISO -> billions of USD) and ``folder``'s
    ``gdp_2019_outside_registry.csv`` (``region_gdp``), the sourced electronics figures from this package
    (they are also validation targets, ``gotogether validate world-2019``)."""

    def read(name: str, where: Path = folder) -> pd.DataFrame:
        path = where / name
        if not path.exists():
            raise InputError("input of the 2019 world missing", source=str(path))
        return pd.read_csv(path, dtype={"wiod_code": str, "regions": str})

    return Inputs2019(
        targets=read("adb_2019_targets.csv"),
        industry_output=read("adb_2019_industry_output.csv"),
        gdp=region_gdp(country_gdp, read("gdp_2019_outside_registry.csv")),
        electronics=read("electronics_2019.csv", PACKAGE),
        electronics_shares=read("electronics_shares_2019.csv", PACKAGE),
    )


def region_gdp(country_gdp: Mapping[str, float], outside: pd.DataFrame) -> pd.DataFrame:
    """GDP 2019 by region, millions of USD: the sum of ``country_gdp`` (ISO -> billions of USD, the
    registry's ``data/registry/gdp_2019.csv``) over each region's members (the 19 EU members of REU; ROW every
    country not in another region), plus ``outside`` (region, gdp, source: what the registry does not hold,
    Taiwan's GDP and the part of the World Bank's world total that no country row carries)."""
    from gotogether.data.classifications import read_classification

    regions = read_classification("default_world_regions")
    region_of = dict(zip(regions["wiod_code"].replace({"ROM": "ROU"}), regions["region"], strict=True))
    gdp: dict[str, float] = {}
    for code, value in country_gdp.items():
        region = region_of.get(code, "ROW")
        gdp[region] = gdp.get(region, 0.0) + 1e3 * float(value)
    source = {region: "sum of data/registry/gdp_2019.csv (World Bank WDI) over its members" for region in gdp}
    for region, value, note in zip(outside["region"], outside["gdp"], outside["source"], strict=True):
        had = region in gdp
        gdp[region] = gdp.get(region, 0.0) + float(value)
        source[region] = f"{source[region]}, plus {note}" if had else str(note)
    ordered = [region for region in regions["region"].drop_duplicates() if region in gdp]
    return pd.DataFrame(
        {"region": ordered, "gdp": [gdp[r] for r in ordered], "source": [source[r] for r in ordered]}
    )


def value_added_targets(inputs: Inputs2019) -> pd.DataFrame:
    """Targets by (region, sector): ADB output and inputs; value added raised to GDP at market prices, the
    difference (net product taxes) added to output too, so that output = inputs + value added still holds."""
    frame = inputs.targets.copy()
    gdp = inputs.gdp.set_index("region")["gdp"]
    basic = frame.groupby("region")["value_added_basic"].transform("sum")
    frame["value_added"] = frame["value_added_basic"] * frame["region"].map(gdp) / basic
    frame["output"] = frame["output"] + frame["value_added"] - frame["value_added_basic"]
    return frame.set_index(["region", "sector"])


def final_demand_targets(base: IOTable, value_added: pd.Series) -> pd.Series:
    """Final demand by (region, category) in 2019: value added times the region's 2011 ratio of final demand
    to value added, scaled so that world final demand equals world value added; 2011 category shares."""
    demand_2011 = base.Y.sum(axis=0)
    by_region = demand_2011.groupby(level=REGION, sort=False).sum()
    va_2011 = base.va.sum(axis=0).groupby(level=REGION, sort=False).sum()
    region_va = value_added.groupby(level=REGION, sort=False).sum().reindex(by_region.index)
    demand = region_va * by_region / va_2011
    demand *= float(value_added.sum()) / float(demand.sum())
    shares = demand_2011 / by_region.reindex(demand_2011.index.get_level_values(REGION)).to_numpy()
    result: pd.Series = shares * demand.reindex(demand_2011.index.get_level_values(REGION)).to_numpy()
    return result


def update_by_gras(base: IOTable, targets: pd.DataFrame) -> tuple[IOTable, pd.Series]:
    """The base table brought to the targets' output, inputs and value added by GRAS of [Z | Y]."""
    index = base.Z.index
    wanted = targets.reindex(index)
    if wanted.isna().any().any():
        raise InputError("2019 targets missing for some (region, sector)", source="adb_2019_targets.csv")
    demand = final_demand_targets(base, wanted["value_added"])
    matrix = np.hstack([base.Z.to_numpy(dtype=float), base.Y.to_numpy(dtype=float)])
    rows = wanted["output"].to_numpy()
    columns = np.concatenate(
        [wanted["output"].to_numpy() - wanted["value_added"].to_numpy(), demand.to_numpy()]
    )
    result = gras(matrix, rows, columns)
    n = len(index)
    Z = pd.DataFrame(result.matrix[:, :n], index=index, columns=base.Z.columns)
    Y = pd.DataFrame(result.matrix[:, n:], index=index, columns=base.Y.columns)
    x = pd.Series(Z.sum(axis=1) + Y.sum(axis=1), name=str(base.x.name))
    va = pd.DataFrame([(x - Z.sum(axis=0)).to_numpy()], index=base.va.index, columns=base.Z.columns)
    table = IOTable(Z=Z, Y=Y, va=va, x=x, unit=base.unit, year=2019, source=SOURCE, meta=dict(base.meta))
    return table, demand


def electronics_shares(table: IOTable, inputs: Inputs2019) -> pd.DataFrame:
    """Output shares (region x SEMI, TELEQ, OELEC) of each region's electrical and optical equipment.

    For SEMI and TELEQ, each group's share of world output goes to its regions in proportion to their
    ELEC output; a region's share of its ELEC output is capped at ``max_share_of_elec`` and what the cap
    removes goes to the sector's ``rest`` group; OELEC, with no world output given, is the remainder."""
    elec = table.x.xs(SPLIT_SECTOR, level=SECTOR).reindex(table.regions).astype(float)
    regions = list(elec.index)
    world_output = dict(zip(inputs.electronics["sector"], inputs.electronics["world_output"], strict=True))
    caps = dict(zip(inputs.electronics["sector"], inputs.electronics["max_share_of_elec"], strict=True))
    shares = pd.DataFrame(0.0, index=regions, columns=list(world_output))
    given = [sector for sector in world_output if pd.notna(world_output[sector])]
    for sector in given:
        world, cap = float(world_output[sector]), float(caps[sector])
        groups = inputs.electronics_shares[inputs.electronics_shares["sector"] == sector]
        members = {str(g): str(r).split(";") for g, r in zip(groups["group"], groups["regions"], strict=True)}
        listed = [region for group in members.values() for region in group]
        if sorted(listed) != sorted(regions) or "rest" not in members:
            raise InputError(
                f"the groups of {sector} must hold every region exactly once and include 'rest'",
                source="electronics_shares_2019.csv",
            )
        output = pd.Series(0.0, index=regions)
        for group, share in zip(groups["group"], groups["share"], strict=True):
            within = elec.reindex(members[str(group)])
            output[within.index] += float(share) * world * within / float(within.sum())
        excess = (output - cap * elec).clip(lower=0.0)
        rest = elec.reindex(members["rest"])
        output = output - excess
        output[rest.index] += float(excess.sum()) * rest / float(rest.sum())
        if (output > cap * elec + 1e-6).any():
            raise InputError(f"{sector}: the cap cannot be met", source="electronics_shares_2019.csv")
        shares[sector] = output / elec
    residual = [sector for sector in world_output if sector not in given]
    if len(residual) != 1:
        raise InputError("exactly one split sector must have no world output", source="electronics_2019.csv")
    shares[residual[0]] = 1.0 - shares[given].sum(axis=1)
    return shares


def elasticities_2019(sectors: list[str], inputs: Inputs2019) -> pd.Series:
    """Theta by sector of the 2019 world: 1/theta averaged over its Caliendo-Parro sectors (welfare depends on
    1/theta), weighted by 2019 world output of the WIOD industries and the concordance's weights
    (``cp2015_concordance``; a split electronics sector: its CP sectors in equal parts)."""
    from gotogether.data.default_world import cp2015_concordance

    frame = cp2015_concordance("2019")
    output = inputs.industry_output.set_index("wiod_code")["world_output"]
    weight = frame["weight"] * frame["wiod_code"].map(output).to_numpy()
    theta = pd.Series(cp2015_elasticities().reindex(frame["cp_sector"]).to_numpy(), index=frame.index)
    mapping = dict(zip(frame.index, frame["sector"], strict=True))
    return aggregate_elasticities(theta, mapping, weight, mean="harmonic").reindex(sectors)


def region_report(
    table: IOTable, gdp: pd.DataFrame, demand: pd.Series, targets: pd.DataFrame
) -> pd.DataFrame:
    """By region: GDP (target) and the table's value added, output and final demand against their targets."""
    regions = table.regions
    value_added = table.va.sum(axis=0).groupby(level=REGION, sort=False).sum().reindex(regions)
    output = table.x.groupby(level=REGION, sort=False).sum().reindex(regions)
    final = table.Y.sum(axis=0).groupby(level=REGION, sort=False).sum().reindex(regions)
    report = pd.DataFrame(
        {
            "region": regions,
            "gdp": gdp.set_index("region")["gdp"].reindex(regions).to_numpy(),
            "value_added_basic_adb": targets["value_added_basic"]
            .groupby(level=REGION)
            .sum()
            .reindex(regions)
            .to_numpy(),
            "value_added": value_added.to_numpy(),
            "output_target": targets["output"].groupby(level=REGION).sum().reindex(regions).to_numpy(),
            "output": output.to_numpy(),
            "final_demand_target": demand.groupby(level=REGION, sort=False).sum().reindex(regions).to_numpy(),
            "final_demand": final.to_numpy(),
        }
    )
    report["value_added_gap"] = report["value_added"] / report["gdp"] - 1.0
    return report


def build_world_2019(wiod2013: IOTable, inputs: Inputs2019) -> World2019:
    """Every step of the module docstring: aggregate, update by GRAS, split electronics, theta."""
    from gotogether.data.default_world import build_default_world

    base, _ = build_default_world(wiod2013)
    targets = value_added_targets(inputs)
    updated, demand = update_by_gras(base, targets)
    shares = electronics_shares(updated, inputs)
    table = split_sector(updated, SPLIT_SECTOR, shares)
    table = IOTable(
        **{
            **table.__dict__,
            "meta": {
                "sector_classification": "default_world_2019",
                "aggregated_from": wiod2013.source,
                "method": "GRAS update of the 2011 table to 2019 totals; proportional split of ELEC",
            },
        }
    )
    theta = elasticities_2019(table.sectors, inputs).rename("theta")
    return World2019(table=table, theta=theta, targets=region_report(updated, inputs.gdp, demand, targets))


@dataclass(frozen=True)
class GrowthInputs:
    """Inputs of the growth paths: IMF WEO October 2020 growth by country, 2019 GDP by country (the
    weights), the regions' members and the assumed range after 2025 (``data/raw/world2019``)."""

    weo: pd.DataFrame  # iso, country, growth_2019 .. growth_2025 (percent)
    gdp: pd.Series  # ISO country -> GDP 2019, billions of USD (data/registry/gdp_2019.csv)
    region_of: dict[str, str]  # ISO country -> region; countries not listed are in ROW
    ranges: pd.DataFrame  # region, growth_after_2025_low, growth_after_2025_high, source


def read_growth_inputs(folder: Path, gdp: Mapping[str, float]) -> GrowthInputs:
    """The growth inputs: ``weo_oct2020_growth.csv`` and ``growth_ranges_after_2025.csv`` from ``folder``,
    ``gdp`` by ISO country (the registry's ``gdp_2019()``) and the default world's regions."""
    from gotogether.data.classifications import read_classification

    def read(name: str) -> pd.DataFrame:
        path = folder / name
        if not path.exists():
            raise InputError("input of the 2019 growth paths missing", source=str(path))
        return pd.read_csv(path, keep_default_na=False, na_values=[""])

    regions = read_classification("default_world_regions")
    region_of = dict(zip(regions["wiod_code"].replace({"ROM": "ROU"}), regions["region"], strict=True))
    region_of.pop("RoW")
    return GrowthInputs(
        weo=read("weo_oct2020_growth.csv"),
        gdp=pd.Series(dict(gdp), dtype=float),
        region_of=region_of,
        ranges=read("growth_ranges_after_2025.csv"),
    )


def growth_by_region(inputs: GrowthInputs) -> pd.DataFrame:
    """Real growth by region and year: 2020-2025 the IMF's (WEO October 2020), an aggregate's the average of
    its members' weighted by 2019 GDP (members without a WEO row or a GDP are left out, ``coverage`` says how
    much of the region's GDP is in); after 2025 the IMF's 2025 rate held (``growth_after_2025``), with an
    assumed range widened, where needed, to contain it."""
    weo = inputs.weo.set_index("iso")
    columns = [f"growth_{year}" for year in WEO_YEARS]
    codes = inputs.gdp.index
    region = pd.Series([inputs.region_of.get(str(code), "ROW") for code in codes], index=codes)
    rows = []
    for name in inputs.ranges["region"]:
        members = region.index[region == name]
        if name == "TWN":  # not in the World Bank's GDP; its own WEO row
            members = pd.Index(["TWN"])
        have = members.intersection(weo.index)
        weights = inputs.gdp.reindex(have).fillna(1.0 if name == "TWN" else 0.0)
        if have.empty or float(weights.sum()) <= 0.0:
            raise InputError(f"no WEO growth for any member of {name}", source="weo_oct2020_growth.csv")
        rates = weo.loc[have, columns].astype(float).T @ weights / float(weights.sum()) / 100.0
        total = float(inputs.gdp.reindex(members).fillna(0.0).sum())
        coverage = 1.0 if name == "TWN" else float(weights.sum()) / total
        rows.append({"region": name, **rates.to_dict(), "coverage": coverage})
    table = pd.DataFrame(rows)
    ranges = inputs.ranges.set_index("region").reindex(table["region"])
    table["growth_after_2025"] = table["growth_2025"]
    held = table["growth_2025"]
    table["growth_after_2025_low"] = np.minimum(ranges["growth_after_2025_low"].to_numpy(), held)
    table["growth_after_2025_high"] = np.maximum(ranges["growth_after_2025_high"].to_numpy(), held)
    table["source"] = WEO_SOURCE + "; aggregates weighted by World Bank WDI GDP 2019"
    kept = "the IMF's 2025 rate held (assumption); range: "
    table["source_after_2025"] = kept + ranges["source"].to_numpy()
    return table
