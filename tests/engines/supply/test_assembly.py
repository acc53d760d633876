"""The handset rivals' assembly countries: shares from the table, the assembly bought by hand, its bounds."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gotogether.data.valuenet import load_tables
from gotogether.engines.supply.assembly import RivalAssembly
from gotogether.engines.supply.network import ValueNetwork
from gotogether.engines.supply.rivals import rival_purchases
from gotogether.errors import DataConsistencyError


def _table(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame([{"rival": r, "country": c, "share": s} for r, c, s in rows])


TABLE = _table([("a", "CHN", 0.9), ("a", "IND", 0.1), ("b", "VNM", 0.5), ("b", "IND", 0.5)])


def test_shares_by_rival_and_country() -> None:
    assembly = RivalAssembly.from_table(TABLE, ("b", "a"))
    assert assembly.countries == ("CHN", "IND", "VNM")
    np.testing.assert_array_equal(assembly.shares, [[0.0, 0.5, 0.5], [0.9, 0.1, 0.0]])
    assert assembly.assemblers == (
        "Handset assembly in CHN",
        "Handset assembly in IND",
        "Handset assembly in VNM",
    )


def test_share_made_in_a_set_of_countries_by_hand() -> None:
    # vendor 0 loses to b 0.25 and a 0.75: made in China 0.75 x 0.9 = 0.675, in India or Vietnam 0.325
    assembly = RivalAssembly.from_table(TABLE, ("b", "a"))
    weights = np.array([[0.25, 0.75], [1.0, 0.0]])
    np.testing.assert_allclose(assembly.made_in(weights, ["CHN"]), [0.675, 0.0])
    np.testing.assert_allclose(assembly.made_in(weights, ["IND", "VNM"]), [0.325, 1.0])


def test_assembly_bought_by_hand() -> None:
    # lost bill 100 then 40 (vendor 0), 0 then 10 (vendor 1); delta 0.8, assembly 0.025 per dollar of bill.
    # Year 1: 0.8 x 0.025 x 100 = 2.0 on vendor 0's rivals (b 0.25, a 0.75): China 2 x 0.75 x 0.9 = 1.35,
    # India 2 x (0.25 x 0.5 + 0.75 x 0.1) = 0.4, Vietnam 2 x 0.25 x 0.5 = 0.25.
    # Year 2: vendor 0's 0.8 (= 0.02 x 40) the same way, vendor 1's 0.2 all to b (India 0.1, Vietnam 0.1).
    assembly = RivalAssembly.from_table(TABLE, ("b", "a"))
    lost = np.array([[100.0, 40.0], [0.0, 10.0]])
    weights = np.array([[0.25, 0.75], [1.0, 0.0]])
    bought = rival_purchases(lost, weights, assembly.shares, 0.8 * 0.025)
    np.testing.assert_allclose(bought, [[1.35, 0.54], [0.4, 0.16 + 0.1], [0.25, 0.1 + 0.1]])


def test_a_rival_without_assembly_rows_or_an_unknown_rival_is_an_error() -> None:
    with pytest.raises(DataConsistencyError, match=r"handset rivals \['c'\] have no assembly countries"):
        RivalAssembly.from_table(TABLE, ("a", "b", "c"))
    with pytest.raises(DataConsistencyError, match=r"rows for \['b'\], not rivals of the handset_rivals"):
        RivalAssembly.from_table(TABLE, ("a",))


@given(
    arrays(np.float64, (3, 4), elements=st.floats(0.0, 1e9)),
    st.floats(0.0, 1.0),
    st.floats(0.0, 0.1),
)
def test_assembly_is_the_assembly_share_of_the_rivals_bill(
    lost: np.ndarray, delta: float, cost: float
) -> None:
    # every rival's shares sum to 1 and every vendor's weights too: the assembly sums to delta x a x L
    weights = np.array([[0.25, 0.75], [1.0, 0.0], [0.5, 0.5]])
    shares = RivalAssembly.from_table(TABLE, ("b", "a")).shares
    bought = rival_purchases(lost, weights, shares, delta * cost)
    assert np.all(bought >= 0.0)
    np.testing.assert_allclose(bought.sum(axis=0), delta * cost * lost.sum(axis=0), rtol=1e-9, atol=1e-6)


def test_default_network_assembles_every_rival() -> None:
    network = ValueNetwork.from_tables(load_tables())
    rivals, assembly = network.handset_rivals, network.rival_assembly
    assert rivals is not None
    assert assembly is not None
    assert assembly.rivals == rivals.rivals
    np.testing.assert_allclose(assembly.shares.sum(axis=1), 1.0)
    # Samsung: half of its phones in Vietnam (Nikkei, 2019); Apple's nearly all in China
    samsung, apple = assembly.rivals.index("samsung"), assembly.rivals.index("apple")
    assert assembly.shares[samsung, assembly.countries.index("VNM")] == 0.5
    assert assembly.shares[apple, assembly.countries.index("CHN")] == 0.99
