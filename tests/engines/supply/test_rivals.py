"""Handset rivals: diversion weights by hand, the lost handsets' bill, the rivals' purchases bounded by it."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gotogether.data.valuenet import load_tables
from gotogether.engines.supply.rivals import (
    Rivals,
    diversion_weights,
    lost_purchases,
    rival_purchases,
)
from gotogether.errors import DataConsistencyError

SOURCE = {"source_outlet": "test"}


def _shipments(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"vendor": "v", "market": m, "rival": r, "bill": b, "shipments": s} for m, r, b, s in rows]
    )


SHIPMENTS = _shipments(
    [
        ("china", "v", "own", 60.0),
        ("china", "a", "x", 30.0),
        ("china", "b", "y", 10.0),
        ("ex-china", "v", "own", 40.0),
        ("ex-china", "a", "x", 20.0),
        ("ex-china", "c", "y", 60.0),
    ]
)


def test_diversion_weights_by_hand() -> None:
    # China weighs 0.6, the rest 0.4; a: 0.6 x 3/4 + 0.4 x 1/4, b: 0.6 x 1/4, c: 0.4 x 3/4
    weights = diversion_weights(SHIPMENTS, ("a", "b", "c"))
    np.testing.assert_allclose(weights, [0.55, 0.15, 0.30], rtol=1e-12)


def test_rivals_from_tables_by_hand() -> None:
    bills = pd.DataFrame(
        {
            "bill": ["x", "x", "y"],
            "firm": ["F", "G", "F"],
            "firm_country": ["USA", "JPN", "USA"],
            "made_in": ["TWN", "JPN", "TWN"],
            "share": [0.25, 0.75, 1.0],
        }
    )
    rivals = Rivals.from_tables(SHIPMENTS, bills)
    assert rivals.rivals == ("a", "b", "c")
    assert rivals.firms == ("F", "G")
    np.testing.assert_allclose(rivals.bill, [[0.25, 0.75], [1.0, 0.0], [1.0, 0.0]])
    # 100 of lost purchases, diversion 0.8: a buys 0.8 x 55 = 44 (11 from F, 33 from G), b and c 36 from F
    bought = rival_purchases(np.array([[100.0]]), rivals.diversion["v"][None, :], rivals.bill, 0.8)
    np.testing.assert_allclose(bought[:, 0], [11.0 + 12.0 + 24.0, 33.0], rtol=1e-12)


def test_a_rival_with_two_bills_and_a_vendor_without_shipments_are_errors() -> None:
    bills = pd.DataFrame(
        {"bill": ["x", "y"], "firm": ["F", "F"], "firm_country": ["USA"] * 2, "made_in": ["USA"] * 2}
    ).assign(share=1.0)
    two = _shipments([("china", "v", "own", 1.0), ("china", "a", "x", 1.0), ("ex-china", "a", "y", 1.0)])
    with pytest.raises(DataConsistencyError, match="two bills"):
        Rivals.from_tables(two, bills)
    with pytest.raises(DataConsistencyError, match="no shipments of its own"):
        diversion_weights(_shipments([("china", "a", "x", 1.0)]), ("a",))
    with pytest.raises(DataConsistencyError, match="no rival sells"):
        diversion_weights(_shipments([("china", "v", "own", 1.0)]), ("a",))


def test_packaged_rivals_share_out_the_whole_loss() -> None:
    tables = load_tables()
    rivals = Rivals.from_tables(tables["handset_rivals"], tables["rival_bills"])
    np.testing.assert_allclose(rivals.diversion["huawei"].sum(), 1.0, rtol=1e-12)
    np.testing.assert_allclose(rivals.bill.sum(axis=1), 1.0, atol=1e-6)
    weight = dict(zip(rivals.rivals, rivals.diversion["huawei"], strict=True))
    # Huawei sold 58 % of its phones in China, where Vivo and Oppo led its rivals; Samsung only abroad
    assert weight["vivo"] > weight["samsung"] > 0.1
    assert weight["oppo"] > weight["xiaomi"]


def test_packaged_enterprise_rivals_by_hand() -> None:
    tables = load_tables()
    rivals = Rivals.from_tables(
        tables["enterprise_rivals"], tables["rival_bills"], "share", "enterprise_rivals"
    )
    weight = dict(zip(rivals.rivals, rivals.diversion["huawei"], strict=True))
    # China weighs 0.59 (Huawei's 2019 revenue there), its rivals 0.65 of the market; the rest 0.41, its
    # rivals 0.91 of the world market (Huawei's 9 % left out): H3C 0.59 x 0.34 / 0.65, Cisco in both
    np.testing.assert_allclose(weight["h3c"], 0.59 * 0.34 / 0.65, rtol=1e-12)
    np.testing.assert_allclose(weight["cisco"], 0.59 * 0.08 / 0.65 + 0.41 * 0.54 / 0.91, rtol=1e-12)
    np.testing.assert_allclose(rivals.diversion["huawei"].sum(), 1.0, rtol=1e-12)
    np.testing.assert_allclose(rivals.bill.sum(axis=1), 1.0, atol=1e-6)
    # ZTE: China weighs 0.642 (its 2019 revenue there), its rivals 0.97 of the market (Huawei 0.35, the
    # Huawei rows' H3C, Ruijie and Cisco, the others less ZTE's 0.03); the rest 0.358, its rivals the whole
    # world market (Huawei's 9 % a rival now)
    zte = dict(zip(rivals.rivals, rivals.diversion["zte"], strict=True))
    np.testing.assert_allclose(zte["huawei"], 0.642 * 0.35 / 0.97 + 0.358 * 0.09, rtol=1e-12)
    np.testing.assert_allclose(zte["h3c"], 0.642 * 0.34 / 0.97, rtol=1e-12)
    np.testing.assert_allclose(zte["cisco"], 0.642 * 0.08 / 0.97 + 0.358 * 0.54, rtol=1e-12)
    np.testing.assert_allclose(zte["others_china"], 0.642 * 0.10 / 0.97, rtol=1e-12)
    np.testing.assert_allclose(rivals.diversion["zte"].sum(), 1.0, rtol=1e-12)
    assert weight["huawei"] == 0.0  # a vendor is no rival of its own
    # the US makers' bill and the Chinese makers' buy from US chip makers; only the latter assemble in China
    chips = rivals.firms.index("US chip makers in network equipment")
    cisco, h3c = rivals.rivals.index("cisco"), rivals.rivals.index("h3c")
    assert rivals.bill[cisco, chips] == pytest.approx(0.32)
    assert rivals.bill[h3c, chips] == pytest.approx(0.30)


def test_lost_purchases_by_hand() -> None:
    # need 12 a year, business index 1.5, a quarter: 4.5 of bill; 0.8 kept at output 0.5: 0.6 lost, less
    # the buyer's 0.5 (it reached 0.5 of the 0.9 divested... of the whole): 4.5 x 0.6 - 0.5 = 2.2; the
    # business buys the whole bill (a handset's) or a quarter of it (the enterprise business of a base
    # station's bill shared with the carrier business): 2.2 x 0.25 = 0.55
    lost = lost_purchases(
        bill_need=np.array([12.0, 12.0, 12.0]),
        growth=np.array([[1.5], [1.0], [1.5]]),
        period_years=np.array([0.25]),
        kept=np.array([[0.8], [1.0], [0.8]]),
        feasible=np.array([[0.5], [1.0], [0.5]]),
        buyer=np.array([[0.5], [0.0], [0.5]]),
        business_share=np.array([1.0, 1.0, 0.25]),
    )
    np.testing.assert_allclose(lost, [[2.2], [0.0], [0.55]], rtol=1e-12)


@given(
    lost=arrays(np.float64, (2, 3), elements=st.floats(0.0, 1e10)),
    raw=arrays(np.float64, (2, 3), elements=st.floats(0.0, 1.0)),
    bill=arrays(np.float64, (3, 4), elements=st.floats(0.0, 1.0)),
    share=st.floats(0.0, 1.0),
)
def test_property_rivals_never_buy_more_than_the_diverted_loss(
    lost: np.ndarray, raw: np.ndarray, bill: np.ndarray, share: float
) -> None:
    weights = raw / np.maximum(raw.sum(axis=1, keepdims=True), 1e-300)
    rows = bill / np.maximum(bill.sum(axis=1, keepdims=True), 1e-300)
    bought = rival_purchases(lost, weights, rows, share)
    assert (bought >= 0.0).all()
    assert (bought.sum(axis=0) <= share * lost.sum(axis=0) * (1.0 + 1e-12) + 1e-6).all()
    if share == 0.0:
        assert not bought.any()
