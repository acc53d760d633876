"""Handset rivals in the US-Huawei case: suppliers' gross and net change, bounded by the diverted loss."""

import numpy as np
import pytest

from gotogether.engines.supply.network import BILLS
from gotogether.pipeline.controls import handset_rivals_purchases_change
from gotogether.pipeline.run import ScenarioOutcome
from gotogether.pipeline.who_pays import (
    SALES_PARTS,
    supplier_sales,
    supplier_sales_gross_net,
    supplier_sales_parts,
)
from pipeline.diverted import accounts, diversion_gains, outcome

CASE = "us-huawei-2019-2020"
DIVERSION = "supply.handset_diversion_share"


def test_no_measure_no_rival_gains() -> None:
    coordinated = outcome("coordinated")
    handsets = handset_rivals_purchases_change(coordinated.supply, coordinated.world.network, "firm")
    assert handsets.labels
    assert not handsets.change.any()
    assert supplier_sales_gross_net(coordinated, "country") is None


def test_no_diversion_makes_the_net_the_supply_engines_and_ran_rivals() -> None:
    closed = outcome(CASE, DIVERSION, 0.0)
    parts = supplier_sales_parts(closed, "country")
    assert not parts.change[SALES_PARTS.index("rivals_handsets")].any()
    gross, ran, handsets, enterprise = (parts.change[SALES_PARTS.index(name)] for name in SALES_PARTS)
    np.testing.assert_array_equal(
        supplier_sales(closed, "country").change, (gross + ran + handsets + enterprise) / 1e9
    )


def _lost_handset_bill(result: ScenarioOutcome) -> tuple[np.ndarray, np.ndarray]:
    """Huawei's handset bill not built by it or by Honor, its buyer, by year (USD): its consumer need x
    consumer class index x (1 - kept share x output of the handset bill), less Honor's purchases of the bill;
    and its whole handset bill, by year."""
    d = result.supply.data
    network = result.world.network
    handset = [c for c, b in zip(network.classes, network.class_bill, strict=True) if BILLS[b] == "consumer"]
    need = float(d["need"].sel(vendor="huawei", component_class=handset).sum())
    index = d["class_index"].sel(vendor="huawei", component_class=handset[0])  # every handset class's
    whole = need * index * d["period_years"]
    kept = 1.0 - d["divested_share"].sel(vendor="huawei", business="consumer")
    output = d["bill_output"].sel(vendor="huawei", bill="consumer")
    honor = (
        d["divested_sales"].sel(vendor="huawei").where(d["supplier_class"].isin(handset), 0.0).sum("supplier")
    )
    lost = np.maximum(whole * (1.0 - kept * output) - honor, 0.0)
    return lost.groupby("year").sum().values, whole.groupby("year").sum().values


def test_rivals_gains_bounded_by_the_diverted_loss() -> None:
    result = outcome(CASE)
    share = result.world.supply_parameters.handset_diversion_share
    assert share == pytest.approx(0.8)
    lost, whole = _lost_handset_bill(result)
    for by in ("country", "firm"):
        gained = handset_rivals_purchases_change(result.supply, result.world.network, by)
        assert (gained.change >= 0.0).all()
        total = gained.change.sum(axis=0)
        assert (total <= share * lost * (1.0 + 1e-9) + 1.0).all()
        assert (total <= share * whole).all()
        # the rivals buy the whole diverted bill: the bound is reached
        np.testing.assert_allclose(total, share * lost, rtol=1e-9, atol=1.0)
    assert lost[0] == 0.0  # 2019: Huawei's handsets built in full (stock, then alternatives)
    assert lost[2] > 10e9  # 2021: after the foundry rule, more than $10bn of handset bill lost


def test_us_suppliers_net_loss_smaller_than_gross_and_channels_sum() -> None:
    result = outcome(CASE)
    parts = accounts(result)
    usa = parts.sel(country="USA").sum("year")
    # Huawei's US suppliers lose; Apple's, Samsung's and the Chinese brands' US suppliers win part back
    assert float(usa["gross"]) < float(usa["net"]) < 0.0
    assert float(usa["rivals_handsets"]) > float(usa["rivals_ran"]) > 0.0


def test_more_diversion_never_lowers_a_countrys_suppliers() -> None:
    assert float(diversion_gains(CASE, DIVERSION).min()) >= -1e-12
