"""The installed 2019 4G radio by vendor: the kit of vendors outside the model's five (NEC and Fujitsu in
Japan) is not given to Huawei and ZTE (branch japan13, issue 13)."""

from __future__ import annotations

import numpy as np
import pytest

from gotogether.pipeline.world import rollout_parameters


def test_japan_s_nec_and_fujitsu_radio_goes_to_the_vendors_outside_the_chinese_nest_by_hand() -> None:
    # vendor_shares.csv, Japan's 4G at 2019: Huawei 5%, ZTE 2%, Ericsson 25%, Nokia 25%, Samsung 8%, other
    # (NEC, Fujitsu) 35%. The incumbency spreads other over all five (Huawei 5 / 65 = 7.69%); the footprint
    # keeps Huawei's and ZTE's 5% and 2% of the grid and gives the 35% to Ericsson, Nokia and Samsung in
    # proportion to their 58%: Ericsson 25 + 35 x 25 / 58 = 40.09%
    params = rollout_parameters()
    japan = params.countries.index("JPN")
    share = dict(zip(params.vendors, params.lte_footprint[japan], strict=True))
    incumbency = dict(zip(params.vendors, params.base_shares.to_numpy()[japan], strict=True))
    assert incumbency["huawei"] == pytest.approx(0.05 / 0.65, abs=1e-12)
    assert share["huawei"] == pytest.approx(0.05, abs=1e-12)
    assert share["zte"] == pytest.approx(0.02, abs=1e-12)
    assert share["ericsson"] == pytest.approx(0.25 + 0.35 * 0.25 / 0.58, abs=1e-12)
    assert share["samsung"] == pytest.approx(0.08 + 0.35 * 0.08 / 0.58, abs=1e-12)
    assert sum(share.values()) == pytest.approx(1.0, abs=1e-12)
    # the grid's Chinese radio: 7% of Japan's 4G sites (44.61 per 10,000 people), not 7 / 65
    chinese = [params.vendors.index(v) for v in ("huawei", "zte")]
    grid = params.lte_sites[japan].sum()
    assert params.lte_sites[japan, chinese].sum() == pytest.approx(0.07 * grid, rel=1e-12)
    assert grid == pytest.approx(126_633_000 * 44.61 / 1e4, rel=1e-12)


def test_without_vendors_outside_the_five_the_footprint_is_the_incumbency_to_the_bit() -> None:
    params = rollout_parameters()
    outside = params.country["outside_share"].to_numpy()
    assert {c for c, o in zip(params.countries, outside, strict=True) if o > 0} == {"JPN", "TWN", "ROW"}
    rest = outside == 0
    assert np.array_equal(params.lte_footprint[rest], params.base_shares.to_numpy()[rest])
    # Taiwan kept Huawei and ZTE out of its 4G: none of its other 5% becomes theirs
    taiwan = params.countries.index("TWN")
    chinese = [params.vendors.index(v) for v in ("huawei", "zte")]
    assert params.lte_footprint[taiwan, chinese].sum() == 0.0
    assert params.lte_footprint.sum(axis=1) == pytest.approx(1.0, abs=1e-12)
