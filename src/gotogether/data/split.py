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
    Z = table.Z.reindex(index=old_index, columns=old_index).to_numpy(dtype=float)
    Y = table.Y.reindex(index=old_index).to_numpy(dtype=float)
    va = table.va.reindex(columns=old_index).to_numpy(dtype=float)
    x = table.x.reindex(old_index).to_numpy(dtype=float)
    return IOTable(
        Z=pd.DataFrame(mapping.T @ Z @ mapping, index=new_index, columns=new_index),
        Y=pd.DataFrame(mapping.T @ Y, index=new_index, columns=table.Y.columns),
        va=pd.DataFrame(va @ mapping, index=table.va.index, columns=new_index),
        x=pd.Series(mapping.T @ x, index=new_index, name=table.x.name),
        unit=table.unit,
        year=table.year,
        source=table.source,
        meta=dict(table.meta),
    )
