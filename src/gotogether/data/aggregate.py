"""Aggregation of an ``IOTable``'s regions and sectors along mappings (old label -> new label).

Pure functions: flows are summed, so every total (gross output, value added, final demand, intermediate
use, trade between the new regions) is preserved. Aggregated labels come in the order of the mapping's
values; labels the mapping leaves out raise an ``InputError`` naming them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from gotogether.data.iotable import IOTable
from gotogether.dims import CATEGORY, REGION, SECTOR
from gotogether.errors import InputError


def _groups(
    labels: Sequence[str], mapping: Mapping[str, str] | None, what: str
) -> tuple[list[str], np.ndarray]:
    """The new labels in mapping order and, for each old label, the position of its new label."""
    if mapping is None:
        mapping = {label: label for label in labels}
    missing = [label for label in labels if label not in mapping]
    if missing:
        raise InputError(
            f"{len(missing)} {what} not in the mapping: {', '.join(missing[:10])}",
            location=f"{what} mapping",
            expected=f"a new label for every {what[:-1]} of the table",
        )
    new = list(dict.fromkeys(mapping[label] for label in mapping if label in set(labels)))
    position = {label: i for i, label in enumerate(new)}
    return new, np.array([position[mapping[label]] for label in labels])


def _summing_matrix(codes: np.ndarray, size: int) -> sparse.csr_array:
    """Sparse S with S[g, i] = 1 when old item i belongs to group g, so S @ v sums v within groups."""
    ones = np.ones(codes.size)
    return sparse.csr_array((ones, (codes, np.arange(codes.size))), shape=(size, codes.size))


def aggregate(
    table: IOTable,
    *,
    regions: Mapping[str, str] | None = None,
    sectors: Mapping[str, str] | None = None,
) -> IOTable:
    """The table with regions and sectors summed into groups (``None`` keeps them as they are)."""
    new_regions, region_code = _groups(table.regions, regions, "regions")
    new_sectors, sector_code = _groups(table.sectors, sectors, "sectors")
    position = {label: i for i, label in enumerate(table.regions)}
    sector_position = {label: i for i, label in enumerate(table.sectors)}
    row_regions = region_code[[position[r] for r in table.Z.index.get_level_values(REGION)]]
    row_sectors = sector_code[[sector_position[s] for s in table.Z.index.get_level_values(SECTOR)]]
    rows = _summing_matrix(row_regions * len(new_sectors) + row_sectors, len(new_regions) * len(new_sectors))
    index = pd.MultiIndex.from_product([new_regions, new_sectors], names=[REGION, SECTOR])

    categories = list(dict.fromkeys(table.Y.columns.get_level_values(CATEGORY)))
    buyer_regions = table.Y.columns.get_level_values(REGION)
    unknown = sorted(set(buyer_regions) - set(position))
    if unknown:
        raise InputError(f"final demand by regions {unknown} absent from Z", location="Y columns")
    category_position = {label: i for i, label in enumerate(categories)}
    fd_codes = region_code[[position[r] for r in buyer_regions]] * len(categories) + np.array(
        [category_position[c] for c in table.Y.columns.get_level_values(CATEGORY)], dtype=int
    )
    fd = _summing_matrix(fd_codes, len(new_regions) * len(categories))
    fd_index = pd.MultiIndex.from_product([new_regions, categories], names=[REGION, CATEGORY])

    return IOTable(
        Z=pd.DataFrame((rows @ (rows @ table.Z.to_numpy()).T).T, index=index, columns=index),
        Y=pd.DataFrame((fd @ (rows @ table.Y.to_numpy()).T).T, index=index, columns=fd_index),
        va=pd.DataFrame((rows @ table.va.to_numpy().T).T, index=table.va.index, columns=index),
        x=pd.Series(rows @ table.x.to_numpy(), index=index, name=table.x.name),
        unit=table.unit,
        year=table.year,
        source=f"{table.source}, aggregated",
        meta=dict(table.meta),
    )
