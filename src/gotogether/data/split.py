"""Splitting one sector of an ``IOTable`` into several with output shares by region (SplitCom).

Without information on how the new sectors differ in costs and sales, the split follows the default of
GTAP's SplitCom (Horridge): each new sector of region r takes share s_{r,k} of the old sector's output,
costs and sales in every cell, so that a flow from (r, old) to (c, old) becomes s_{r,k} s_{c,l} times it.
Every row, column and total of the table is preserved; who buys a new sector's output from whom then differs
by new sector as far as the regions' shares differ (a region that makes most chips sells most chips).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gotogether.data.iotable import IOTable
from gotogether.dims import REGION, SECTOR
from gotogether.errors import InputError


def split_sector(table: IOTable, sector: str, shares: pd.DataFrame) -> IOTable:
    """``table`` with ``sector`` replaced, in place, by ``shares.columns`` (new sector codes); ``shares``:
    region x new sector, non-negative, each row summing to 1."""
    regions, sectors = table.regions, table.sectors
    if sector not in sectors:
        raise InputError(f"no sector {sector!r} to split", source=table.source, expected=f"one of {sectors}")
    frame = shares.reindex(index=regions)
    if frame.isna().any().any() or (frame < 0).any().any():
        raise InputError(
            f"shares for splitting {sector} missing or negative",
            source=table.source,
            location=", ".join(frame.index[frame.isna().any(axis=1) | (frame < 0).any(axis=1)]),
            expected="a non-negative share for every region and new sector",
        )
    if not np.allclose(frame.sum(axis=1), 1.0, rtol=0, atol=1e-12):
        raise InputError(f"shares for splitting {sector} do not sum to 1", source=table.source)
    new_sectors = [s for old in sectors for s in (list(frame.columns) if old == sector else [old])]
    old_index = pd.MultiIndex.from_product([regions, sectors], names=[REGION, SECTOR])
    new_index = pd.MultiIndex.from_product([regions, new_sectors], names=[REGION, SECTOR])
    mapping = np.zeros((len(old_index), len(new_index)))
    new_position = {label: i for i, label in enumerate(new_index)}
    for i, (region, old) in enumerate(old_index):
        if old == sector:
            for new in frame.columns:
                mapping[i, new_position[(region, new)]] = float(frame.loc[region, new])
        else:
            mapping[i, new_position[(region, old)]] = 1.0
    return _mapped(table, old_index, new_index, mapping)


def split_region(table: IOTable, region: str, part: str, share: float) -> IOTable:
    """``table`` with ``part``, a share ``share`` of ``region``, split off as a region of its own, placed
    right after it: the counterpart of ``split_sector`` for regions. Without information on how the part
    differs, each of its sectors takes ``share`` of the region's output, costs and sales in every cell (a
    flow within the region becomes (1 - share)^2, share (1 - share) and share^2 of itself), and ``share`` of
    the region's final demand; every row, column and total of the table is preserved."""
    regions, sectors = table.regions, table.sectors
    if region not in regions or part in regions or not 0.0 < share < 1.0:
        raise InputError(
            f"cannot split {part!r} off region {region!r} at share {share}",
            source=table.source,
            expected=f"a region of {regions}, a new code, and 0 < share < 1",
        )
    new_regions = [r for old in regions for r in ([old, part] if old == region else [old])]
    old_index = pd.MultiIndex.from_product([regions, sectors], names=[REGION, SECTOR])
    new_index = pd.MultiIndex.from_product([new_regions, sectors], names=[REGION, SECTOR])
    mapping = _region_mapping(_pairs(old_index), _pairs(new_index), region, part, share)
    old_columns = _pairs(table.Y.columns)
    new_columns = [c for old in old_columns for c in ([old, (part, old[1])] if old[0] == region else [old])]
    columns = pd.MultiIndex.from_tuples(list(new_columns), names=table.Y.columns.names)
    demand_mapping = _region_mapping(old_columns, new_columns, region, part, share)
    return _mapped(table, old_index, new_index, mapping, (demand_mapping, columns))


def _mapped(
    table: IOTable,
    old_index: pd.MultiIndex,
    new_index: pd.MultiIndex,
    mapping: np.ndarray,
    demand: tuple[np.ndarray, pd.Index] | None = None,
) -> IOTable:
    """``table`` carried by ``mapping`` (old x new country-sectors) onto ``new_index``; its final demand's
    columns carried by ``demand`` (a mapping and the new columns) where they change too."""
    Z = table.Z.reindex(index=old_index, columns=old_index).to_numpy(dtype=float)
    Y = mapping.T @ table.Y.reindex(index=old_index).to_numpy(dtype=float)
    va = table.va.reindex(columns=old_index).to_numpy(dtype=float)
    x = table.x.reindex(old_index).to_numpy(dtype=float)
    demand_columns = table.Y.columns
    if demand is not None:
        Y, demand_columns = Y @ demand[0], demand[1]
    return IOTable(
        Z=pd.DataFrame(mapping.T @ Z @ mapping, index=new_index, columns=new_index),
        Y=pd.DataFrame(Y, index=new_index, columns=demand_columns),
        va=pd.DataFrame(va @ mapping, index=table.va.index, columns=new_index),
        x=pd.Series(mapping.T @ x, index=new_index, name=table.x.name),
        unit=table.unit,
        year=table.year,
        source=table.source,
        meta=dict(table.meta),
    )


def _region_mapping(
    old: list[tuple[str, str]], new: list[tuple[str, str]], region: str, part: str, share: float
) -> np.ndarray:
    """(old, new) matrix sending each (region, label) to itself, and ``region``'s labels to ``region`` at 1 -
    ``share`` and to ``part`` at ``share``."""
    mapping = np.zeros((len(old), len(new)))
    position = {label: i for i, label in enumerate(new)}
    for i, (owner, label) in enumerate(old):
        if owner == region:
            mapping[i, position[(owner, label)]] = 1.0 - share
            mapping[i, position[(part, label)]] = share
        else:
            mapping[i, position[(owner, label)]] = 1.0
    return mapping


def _pairs(index: pd.Index) -> list[tuple[str, str]]:
    """The (region, label) pairs of a two-level index (iterated, not indexed cell by cell: 50x faster)."""
    return [(str(region), str(label)) for region, label in index]
