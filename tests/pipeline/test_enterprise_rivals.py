"""Enterprise rivals in the US-Huawei case: the rivals' suppliers gain the diverted share of Huawei's lost
enterprise bill, by hand; none without a measure or a diversion; more diversion never lowers a country."""

import numpy as np
import pytest

from gotogether.engines.supply import make_periods, simulate_supply
from gotogether.engines.supply.network import BILLS
from gotogether.pipeline.controls import control_effects, enterprise_rivals_purchases_change
from gotogether.pipeline.run import ScenarioOutcome
from gotogether.pipeline.who_pays import (
    SALES_PARTS,
    supplier_sales,
    supplier_sales_gross_net,
    supplier_sales_parts,
)
from gotogether.pipeline.world import load_world
from gotogether.validation.zte_denial import DENIAL_ORDER
from pipeline.diverted import accounts, diversion_gains, outcome

CASE = "us-huawei-2019-2020"
DIVERSION = "supply.enterprise_diversion_share"
ENTERPRISE = SALES_PARTS.index("rivals_enterprise")
# Huawei's 2019 enterprise revenue over its carrier and enterprise revenue (financials table, USD)
ENTERPRISE_SHARE = 12836667443 / (42459746157 + 12836667443)
# Huawei's diversion weights (enterprise_rivals table): China 0.59, its rivals 0.65 of the market (H3C
# 0.34, Ruijie 0.10, others 0.13 on the Chinese makers' bill; Cisco 0.08); the rest 0.41, every rival on
# the US makers' bill. US chip makers: 0.32 of the US makers' bill, 0.30 of the Chinese makers'.
CHINESE_MAKERS = 0.59 * (0.34 + 0.10 + 0.13) / 0.65
US_CHIPS = 0.32 * (1.0 - CHINESE_MAKERS) + 0.30 * CHINESE_MAKERS


def _lost_enterprise_bill(result: ScenarioOutcome) -> np.ndarray:
    """Huawei's enterprise part of the base station's bill it does not build, by year (USD): its carrier
    bill's need x class index x (1 - kept share x the bill's output), less the buyers' purchases of the
    bill (none: no divestiture of it), times the enterprise business's share of the bill's revenue."""
    d = result.supply.data
    network = result.world.network
    carrier = [c for c, b in zip(network.classes, network.class_bill, strict=True) if BILLS[b] == "carrier"]
    need = float(d["need"].sel(vendor="huawei", component_class=carrier).sum())
    index = d["class_index"].sel(vendor="huawei", component_class=carrier[0])
    output = d["bill_output"].sel(vendor="huawei", bill="carrier")
    assert float(d["divested_share"].sel(vendor="huawei", business=["carrier", "enterprise"]).max()) == 0.0
    lost = ENTERPRISE_SHARE * np.maximum(need * index * d["period_years"] * (1.0 - output), 0.0)
    return lost.groupby("year").sum().values


def test_no_measure_no_enterprise_rival_purchases() -> None:
    coordinated = outcome("coordinated")
    enterprise = enterprise_rivals_purchases_change(coordinated.supply, coordinated.world.network, "firm")
    assert enterprise.labels
    assert not enterprise.change.any()
    assert not supplier_sales_parts(coordinated, "country").change[ENTERPRISE].any()
    assert supplier_sales_gross_net(coordinated, "country") is None


def test_a_disruption_diverts_nothing_to_the_rivals() -> None:
    # the Taiwan fabs' disruption cuts Huawei's base stations (its chips are made there) as it cuts the
    # rivals' own (theirs too): the rivals take nothing, though the enterprise bill lost is not zero
    disrupted = outcome("taiwan-disruption")
    assert float(disrupted.supply.data["bill_output"].sel(vendor="huawei", bill="carrier").min()) < 0.9
    assert enterprise_rivals_purchases_change(disrupted.supply, disrupted.world.network).change.sum() > 1e9
    parts = supplier_sales_parts(disrupted, "country")
    assert parts.change[SALES_PARTS.index("gross")].any()
    assert not parts.change[ENTERPRISE].any()
    assert not parts.change[SALES_PARTS.index("rivals_handsets")].any()


def test_no_diversion_makes_the_net_the_gross_and_other_rivals() -> None:
    closed = outcome(CASE, DIVERSION, 0.0)
    parts = supplier_sales_parts(closed, "country")
    assert not parts.change[ENTERPRISE].any()
    gross, ran, handsets = (parts.change[SALES_PARTS.index(name)] for name in SALES_PARTS[:3])
    np.testing.assert_array_equal(supplier_sales(closed, "country").change, (gross + ran + handsets) / 1e9)


def test_rivals_gains_are_the_diverted_lost_bill_by_hand() -> None:
    result = outcome(CASE)
    share = result.world.supply_parameters.enterprise_diversion_share
    assert share == pytest.approx(0.7)
    lost = _lost_enterprise_bill(result)
    assert lost[0] == 0.0  # 2019: Huawei's base stations built in full (stock, then alternatives)
    assert lost[2] > 1e9  # 2021: after the foundry rule, more than $1bn of enterprise bill lost
    by_country = enterprise_rivals_purchases_change(result.supply, result.world.network, "country")
    np.testing.assert_allclose(by_country.change.sum(axis=0), share * lost, rtol=1e-9, atol=1.0)
    by_firm = enterprise_rivals_purchases_change(result.supply, result.world.network, "firm")
    chips = by_firm.change[by_firm.labels.index("US chip makers in network equipment")]
    np.testing.assert_allclose(chips, share * lost * US_CHIPS, rtol=1e-9, atol=1.0)


def test_us_suppliers_gain_from_enterprise_rivals_and_channels_sum() -> None:
    result = outcome(CASE)
    usa = accounts(result).sel(country="USA").sum("year")
    assert float(usa["gross"]) < float(usa["net"]) < 0.0
    assert float(usa["rivals_enterprise"]) > 0.0


def test_more_enterprise_diversion_never_lowers_a_countrys_suppliers() -> None:
    gains = diversion_gains(CASE, DIVERSION)
    assert float(gains.min()) >= -1e-12
    assert float(gains.sel(country="USA").sum()) > 0.0


def test_zte_denial_diverts_its_enterprise_sales_to_its_rivals_by_hand() -> None:
    """The denial order of 2018 on ZTE: its rivals' suppliers gain the diverted share of its lost enterprise
    bill (the rivals' bills sum to 1), and the run no longer says its sales go to no rival."""
    world = load_world()
    network = world.network
    periods = make_periods("2018-01", "2018-12")
    supply = simulate_supply(network, [DENIAL_ORDER], world.supply_parameters, periods=periods)
    d = supply.data
    carrier = [c for c, b in zip(network.classes, network.class_bill, strict=True) if BILLS[b] == "carrier"]
    need = float(d["need"].sel(vendor="zte", component_class=carrier).sum())
    index = d["class_index"].sel(vendor="zte", component_class=carrier[0])
    output = d["bill_output"].sel(vendor="zte", bill="carrier")
    # ZTE's 2019 government-and-corporate revenue over its carrier and enterprise revenue (financials, USD;
    # the business weights are those of 2019, as Huawei's)
    share = 1360938825 / (9902875076 + 1360938825)
    lost = float((share * np.maximum(need * index * d["period_years"] * (1.0 - output), 0.0)).sum())
    assert lost > 1e8  # the base station stops from May to the lifting
    gained = enterprise_rivals_purchases_change(supply, network, "firm")
    diversion = world.supply_parameters.enterprise_diversion_share
    assert float(gained.change.sum()) == pytest.approx(diversion * lost, rel=1e-9)
    said: list[str] = []
    control_effects(world, [DENIAL_ORDER], supply, [2018], said)
    assert any("enterprise rivals: the enterprise sales a target" in note for note in said)
    assert not any("go to no rival" in note for note in said)
