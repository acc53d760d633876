"""Aggregation of regions and sectors preserves totals; unmapped labels are named."""

from __future__ import annotations

import numpy as np
import pytest

from gotogether.data.aggregate import aggregate
from gotogether.data.iotable import IOTable
from gotogether.data.regions import bloc_members, region_mapping, to_iso3
from gotogether.errors import InputError


def test_merging_everything_keeps_every_total(balanced: IOTable) -> None:
    one = aggregate(balanced, regions={"AAA": "W", "BBB": "W"}, sectors={"s1": "all", "s2": "all"})
    assert one.Z.shape == (1, 1)
    assert float(one.Z.iloc[0, 0]) == float(balanced.Z.to_numpy().sum())
    assert list(one.Y.columns) == [("W", "HH"), ("W", "INVEN")]
    assert float(one.x.iloc[0]) == float(balanced.x.sum())
    assert float(one.va.iloc[0, 0]) == float(balanced.va.to_numpy().sum())


def test_sector_aggregation_sums_the_hand_worked_blocks(balanced: IOTable) -> None:
    merged = aggregate(balanced, sectors={"s1": "g", "s2": "g"})
    # AAA's goods bought by BBB industries: rows (AAA, s1), (AAA, s2) x columns (BBB, s1), (BBB, s2).
    assert merged.Z.loc[("AAA", "g"), ("BBB", "g")] == 3 + 2 + 1 + 5
    np.testing.assert_allclose(merged.Z.sum(axis=1) + merged.Y.sum(axis=1), merged.x)


def test_unmapped_labels_are_named(balanced: IOTable) -> None:
    with pytest.raises(InputError, match="1 regions not in the mapping: BBB"):
        aggregate(balanced, regions={"AAA": "A"})


def test_country_codes_and_blocs() -> None:
    assert to_iso3(["ROM", "DE", "Germany", "RoW"]) == ["ROU", "DEU", "DEU", "RoW"]
    assert len(bloc_members("EU27")) == 27
    assert "GBR" not in bloc_members("EU27")
    mapping = region_mapping(["DEU", "FRA", "ROM", "USA", "RoW"], keep=["FRA", "USA"], blocs={"EU27": "REU"})
    assert mapping == {"FRA": "FRA", "USA": "USA", "DEU": "REU", "ROM": "REU", "RoW": "ROW"}
    with pytest.raises(InputError, match="unknown bloc 'NATO'"):
        bloc_members("NATO")
