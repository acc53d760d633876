"""The IO engine on tables small enough to work out by hand; every expected number is derived here."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gotogether.engines.io import (
    LeontiefSolver,
    Links,
    backward_dependence,
    calc_A,
    calc_B,
    calc_va_coefficients,
    forward_dependence,
    ghosh_output,
    hypothetical_extraction,
    output_multipliers,
    value_added_in_final_demand,
    value_added_multipliers,
)
from gotogether.errors import DataConsistencyError, InputError
from gotogether.testing import assert_allclose

# Two regions N and S with one sector m each:
#   Z = [[10, 20], [30, 40]], x = [100, 200], Y = N buys [50, 30], S buys [20, 100] (rows balance).
# A = Z / x = [[0.1, 0.1], [0.3, 0.2]]; det(I - A) = 0.9 * 0.8 - 0.1 * 0.3 = 0.69;
# L = [[0.8, 0.1], [0.3, 0.9]] / 0.69; v = x - 1'Z = [60, 140], s = v / x = [0.6, 0.7].
ROWS = pd.MultiIndex.from_tuples([("N", "m"), ("S", "m")], names=["region", "sector"])
BUYERS = pd.MultiIndex.from_tuples([("N", "cons"), ("S", "cons")], names=["region", "category"])
Z = pd.DataFrame([[10.0, 20.0], [30.0, 40.0]], index=ROWS, columns=ROWS)
X = pd.Series([100.0, 200.0], index=ROWS)
Y = pd.DataFrame([[50.0, 20.0], [30.0, 100.0]], index=ROWS, columns=BUYERS)
VA = pd.Series([60.0, 140.0], index=ROWS)
L_BY_HAND = np.array([[0.8, 0.1], [0.3, 0.9]]) / 0.69


def frame(values: object, columns: pd.Index = ROWS) -> pd.DataFrame:
    return pd.DataFrame(values, index=ROWS, columns=columns)


@pytest.fixture(scope="module")
def leontief() -> LeontiefSolver:
    return LeontiefSolver.from_flows(Z, X)


def test_coefficients() -> None:
    assert_allclose(calc_A(Z, X), frame([[0.1, 0.1], [0.3, 0.2]]), rtol=1e-15)
    assert_allclose(calc_B(Z, X), frame([[0.1, 0.2], [0.15, 0.2]]), rtol=1e-15)
    assert_allclose(calc_va_coefficients(VA, X), pd.Series([0.6, 0.7], index=ROWS), rtol=1e-15)


def test_leontief_output_inverse_and_multipliers(leontief: LeontiefSolver) -> None:
    # L y = [0.8 * 70 + 0.1 * 130, 0.3 * 70 + 0.9 * 130] / 0.69 = [69, 138] / 0.69 = x.
    assert_allclose(leontief.solve(Y.sum(axis=1)), X, rtol=1e-14)
    assert_allclose(leontief.inverse(), frame(L_BY_HAND), rtol=1e-14)
    assert_allclose(leontief.columns([("S", "m")]), frame(L_BY_HAND[:, [1]], ROWS[[1]]), rtol=1e-14)
    assert_allclose(output_multipliers(leontief), pd.Series([1.1, 1.0], index=ROWS) / 0.69, rtol=1e-14)
    # s'L = [0.6 * 0.8 + 0.7 * 0.3, 0.6 * 0.1 + 0.7 * 0.9] / 0.69 = [1, 1]: all value is someone's VA.
    va_multipliers = value_added_multipliers(leontief, calc_va_coefficients(VA, X))
    assert_allclose(va_multipliers, pd.Series([1.0, 1.0], index=ROWS), rtol=1e-14)


def test_ghosh_output_reproduces_gross_output() -> None:
    # x'(I - B) = [100 - (10 + 30), 200 - (20 + 40)] = [60, 140] = v', so v'G = x'.
    ghosh = LeontiefSolver(calc_B(Z, X))
    assert_allclose(ghosh_output(ghosh, VA), X, rtol=1e-14)
    doubled = ghosh_output(ghosh, pd.Series([120.0, 280.0], index=ROWS))
    assert_allclose(doubled, 2 * X, rtol=1e-14)


def test_value_added_in_final_demand(leontief: LeontiefSolver) -> None:
    # N's demand [50, 30]: L y = [43, 42] / 0.69, times s: [25.8, 29.4] / 0.69 (sum 80 = N's demand).
    # S's demand [20, 100]: L y = [26, 96] / 0.69, times s: [15.6, 67.2] / 0.69 (sum 120).
    expected = frame(np.array([[25.8, 15.6], [29.4, 67.2]]) / 0.69, pd.Index(["N", "S"], name="region"))
    actual = value_added_in_final_demand(leontief, calc_va_coefficients(VA, X), Y)
    assert_allclose(actual, expected, rtol=1e-14)


def test_backward_and_forward_dependence(leontief: LeontiefSolver) -> None:
    # backward: s_i L_ij = [[0.48, 0.06], [0.21, 0.63]] / 0.69 = [[16, 2], [7, 21]] / 23.
    backward = backward_dependence(leontief, calc_va_coefficients(VA, X))
    assert_allclose(backward, frame(np.array([[16.0, 2.0], [7.0, 21.0]]) / 23), rtol=1e-14)
    # forward: L_ij y_j / x_i with y = [70, 130]: N [56/69, 13/69], S [21/138, 117/138].
    forward = forward_dependence(leontief, Y.sum(axis=1))
    assert_allclose(forward, frame([[56 / 69, 13 / 69], [21 / 138, 117 / 138]]), rtol=1e-14)
    only_s = forward_dependence(leontief, Y.sum(axis=1), products=[("S", "m")])
    assert_allclose(only_s, frame([[13 / 69], [117 / 138]], ROWS[[1]]), rtol=1e-14)


@pytest.mark.parametrize("method", ["update", "refactorise"])
def test_extracting_one_link(method: str) -> None:
    # Without N's sales to S (A[N, S] = 0): x_N = 70 / 0.9, x_S = (130 + 0.3 x_N) / 0.8.
    link = Links(from_regions="N", to_regions="S")
    result = hypothetical_extraction(calc_A(Z, X), Y, link, final_demand=False, method=method)  # type: ignore[arg-type]
    x_n = 70 / 0.9
    expected = pd.Series([x_n, (130 + 0.3 * x_n) / 0.8], index=ROWS)
    assert_allclose(result["extracted"], expected, rtol=1e-14)
    assert_allclose(result["loss"], X - expected, rtol=1e-12)
    # With S's final demand for N's product too: y* = [50, 130].
    result = hypothetical_extraction(calc_A(Z, X), Y, link, method=method)  # type: ignore[arg-type]
    expected = pd.Series([50 / 0.9, (130 + 0.3 * 50 / 0.9) / 0.8], index=ROWS)
    assert_allclose(result["extracted"], expected, rtol=1e-14)
    assert_allclose(result["loss_share"], 1 - expected / X, rtol=1e-12)


def test_a_chain_of_three_sectors_and_an_idle_one() -> None:
    # One region, a -> b -> c (half of each unit of b is a's input, half of each c is b's), d idle.
    rows = pd.MultiIndex.from_product([["W"], ["a", "b", "c", "d"]], names=["region", "sector"])
    x = pd.Series([25.0, 50.0, 100.0, 0.0], index=rows)
    z = np.zeros((4, 4))
    z[0, 1], z[1, 2] = 25.0, 50.0
    flows = pd.DataFrame(z, index=rows, columns=rows)
    buyers = pd.MultiIndex.from_tuples([("W", "cons")], names=["region", "category"])
    demand = pd.DataFrame([[0.0], [0.0], [100.0], [0.0]], index=rows, columns=buyers)
    A = calc_A(flows, x)
    assert np.isfinite(A.to_numpy()).all()
    assert A.loc[("W", "a"), ("W", "b")] == 0.5
    assert (A[("W", "d")] == 0).all()
    # The Ghosh side gives the idle sector a zero row, not NaN.
    assert (calc_B(flows, x).loc[("W", "d")] == 0).all()
    result = hypothetical_extraction(A, demand, Links(from_sectors="a", to_sectors="b"))
    assert_allclose(result["baseline"], x, rtol=1e-15)
    assert_allclose(result["extracted"], pd.Series([0.0, 50.0, 100.0, 0.0], index=rows), rtol=1e-15)
    assert result.loc[("W", "a"), "loss_share"] == 1.0
    assert result.loc[("W", "d"), "loss_share"] == 0.0


def test_misaligned_labels_are_named() -> None:
    with pytest.raises(InputError, match=r"x: labels do not match the table: missing \[\('S', 'm'\)\]"):
        calc_A(Z, X.iloc[:1])
    with pytest.raises(InputError, match=r"Z: rows .* and columns .* differ"):
        calc_A(Z.iloc[:, ::-1], X)
    with pytest.raises(InputError, match=r"demand: labels do not match"):
        LeontiefSolver.from_flows(Z, X).solve(pd.Series([1.0], index=ROWS[:1]))


def test_inconsistent_or_singular_tables_are_rejected() -> None:
    with pytest.raises(
        DataConsistencyError, match=r"Z at \('S', 'm'\): a sector with zero gross output buys"
    ):
        calc_A(Z, pd.Series([100.0, 0.0], index=ROWS))
    with pytest.raises(DataConsistencyError, match=r"x at \('N', 'm'\): gross output is negative"):
        calc_B(Z, pd.Series([-1.0, 200.0], index=ROWS))
    with pytest.raises(DataConsistencyError, match="not finite"):
        calc_A(Z, pd.Series([np.nan, 200.0], index=ROWS))
    # Each sector's whole output is the other's input: I - A = [[1, -1], [-1, 1]] is singular.
    with pytest.raises(DataConsistencyError, match="singular"):
        LeontiefSolver(frame([[0.0, 1.0], [1.0, 0.0]]))
    with pytest.raises(DataConsistencyError, match="singular"):
        LeontiefSolver(frame([[0.0, 1.0], [1.0, 0.0]]), method="sparse")


def test_unknown_link_codes_are_named() -> None:
    with pytest.raises(InputError, match=r"Links.to_regions: unknown code\(s\) \['USA'\]"):
        hypothetical_extraction(calc_A(Z, X), Y, Links(from_regions="N", to_regions="USA"))
    with pytest.raises(InputError, match=r"Links.from_sectors: unknown code\(s\) \['c14'\]"):
        hypothetical_extraction(calc_A(Z, X), Y, Links(from_sectors=["c14"]))


def test_final_demand_without_buyer_regions_is_rejected(leontief: LeontiefSolver) -> None:
    with pytest.raises(InputError, match=r"Y columns: columns have levels \['category'\]"):
        value_added_in_final_demand(leontief, calc_va_coefficients(VA, X), Y.droplevel(0, axis=1))
