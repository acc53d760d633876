"""The handset rivals' assembly in the US-Huawei case: where it lands, by hand, and in who pays."""

from functools import cache

import numpy as np
import pytest

from gotogether.pipeline import load_world, run_scenario
from gotogether.pipeline.controls import handset_rivals_purchases_change
from gotogether.pipeline.handset_assembly import handset_assembly_change
from gotogether.pipeline.run import References, ScenarioOutcome
from gotogether.pipeline.who_pays import (
    CHANNELS,
    SALES_PARTS,
    firms,
    ledger,
    supplier_sales_parts,
    who_pays,
)
from gotogether.pipeline.world import World
from gotogether.scenarios import load_scenario

CASE = "us-huawei-2019-2020"
ASSEMBLY = "supply.handset_assembly_share"

# Huawei's lost phones go to the rivals by their 2019 shipments (handset_rivals table): China weighs
# 140.6 / 241.3 = 0.58268 (rivals there: 226.1 million), the rest 0.41732 (903.6 million), so Vivo 0.17112,
# Oppo 0.18518, Xiaomi 0.14285, Apple 0.15741, Samsung 0.13657, other brands 0.20688. Assembled (table
# rival_assembly) in China: 0.97 x (Vivo + Oppo + Xiaomi) + 0.99 Apple + 0.03 Samsung + 0.85 others =
# 0.81997; in Vietnam 0.5 Samsung + 0.05 others = 0.07863; in India 0.03 x (Vivo + Oppo + Xiaomi) + 0.01
# Apple + 0.25 Samsung + 0.10 others = 0.07138.
MADE_IN = {"CHN": 0.81997, "VNM": 0.07863, "IND": 0.07138}


@cache
def _world() -> tuple[World, References]:
    return load_world(), {}


@cache
def outcome(name: str, assembly: float | None = None) -> ScenarioOutcome:
    world, references = _world()
    values = None if assembly is None else {ASSEMBLY: assembly}
    return run_scenario(world, load_scenario(name), values=values, references=references)


def test_no_measure_no_assembly() -> None:
    coordinated = outcome("coordinated")
    assembled = handset_assembly_change(coordinated.supply, coordinated.world.network)
    assert assembled.labels
    assert not assembled.change.any()


def test_the_assembly_lands_where_the_rivals_assemble_by_hand() -> None:
    result = outcome(CASE)
    network = result.world.network
    a = result.world.supply_parameters.handset_assembly_share
    assert a == pytest.approx(0.025)
    assembled = handset_assembly_change(result.supply, network)
    bill = handset_rivals_purchases_change(result.supply, network)
    total = assembled.change.sum(axis=0)
    # a dollar of assembly for every 1 / 0.025 dollars of parts the rivals buy, every year
    np.testing.assert_allclose(total, a * bill.change.sum(axis=0), rtol=1e-9)
    later = total > 0.0
    assert later.sum() >= 15
    for country, share in MADE_IN.items():
        row = assembled.change[assembled.labels.index(country)]
        np.testing.assert_allclose(row[later] / total[later], share, atol=5e-5)


def test_who_pays_counts_the_assembly_with_the_handset_rivals() -> None:
    result, without = outcome(CASE), outcome(CASE, 0.0)
    network = result.world.network
    part = SALES_PARTS.index("rivals_handsets")
    for by in ("country", "firm"):
        parts, bare = supplier_sales_parts(result, by), supplier_sales_parts(without, by)
        assembled = handset_assembly_change(result.supply, network, by)
        added = {name: parts.change[part, parts.names.index(name)] for name in parts.names}
        for name in bare.names:
            added[name] = added[name] - bare.change[part, bare.names.index(name)]
        # the handset rivals' part grows by the assembly exactly, nothing else moves
        for name, change in added.items():
            expected = (
                assembled.change[assembled.labels.index(name)].sum() if name in assembled.labels else 0.0
            )
            assert change.sum() == pytest.approx(expected, rel=1e-9, abs=1e-3)
        np.testing.assert_array_equal(parts.change[0, : len(bare.names)], bare.change[0])
    # Vietnam's suppliers gain only Samsung's (and others') assembly: no component maker of the bills is there
    country = supplier_sales_parts(result, "country")
    vnm = country.change[:, country.names.index("VNM")]
    assert vnm[part].sum() > 0.0
    assert not vnm[[k for k in range(len(SALES_PARTS)) if k != part]].any()
    table = firms(result)
    assert table.loc["Handset assembly in VNM", "home"] == "VNM"
    assert table.loc["Handset assembly in VNM", "value_added_pv"] > 0.0
    # the channels still sum to the equivalent variation
    book = who_pays(result, ledger(result))
    np.testing.assert_allclose(
        book["ev_pv"].to_numpy(),
        book[[f"{name}_pv" for name in CHANNELS]].sum(axis=1).to_numpy(),
        rtol=1e-12,
        atol=1e-9,
    )


def test_more_assembly_never_lowers_a_countrys_suppliers() -> None:
    low, high = (supplier_sales_parts(outcome(CASE, a), "country") for a in (0.015, 0.04))
    assert low.names == high.names
    net_low, net_high = low.change.sum(axis=0), high.change.sum(axis=0)
    assert float((net_high - net_low).min()) >= -1e-6
    assert float((net_high - net_low).sum()) > 0.0
