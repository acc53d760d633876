"""Properties of the IO engine on random balanced tables with non-negative flows (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

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
)
from gotogether.testing import assert_allclose


def random_table(seed: int, n_regions: int, n_sectors: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """(Z, Y, x): sparse non-negative A with column sums below 0.9, y >= 0, x solving x = A x + y."""
    rng = np.random.default_rng(seed)
    n = n_regions * n_sectors
    A = rng.random((n, n)) * (rng.random((n, n)) < 0.6)
    A *= rng.uniform(0.0, 0.9, n) / np.maximum(A.sum(axis=0), 1e-300)
    Y = rng.random((n, n_regions)) * (rng.random((n, n_regions)) < 0.8)
    x = np.linalg.solve(np.eye(n) - A, Y.sum(axis=1))
    regions = [f"r{r}" for r in range(n_regions)]
    rows = pd.MultiIndex.from_product(
        [regions, [f"s{s}" for s in range(n_sectors)]], names=["region", "sector"]
    )
    buyers = pd.MultiIndex.from_product([regions, ["cons"]], names=["region", "category"])
    return (
        pd.DataFrame(A * x[np.newaxis, :], index=rows, columns=rows),
        pd.DataFrame(Y, index=rows, columns=buyers),
        pd.Series(x, index=rows),
    )


tables = st.builds(random_table, st.integers(0, 2**32 - 1), st.integers(1, 3), st.integers(1, 4))


@settings(max_examples=40, deadline=None)
@given(tables, st.sampled_from(["dense", "sparse"]))
def test_leontief_and_ghosh_reproduce_gross_output(
    table: tuple[pd.DataFrame, pd.DataFrame, pd.Series], method: str
) -> None:
    Z, Y, x = table
    leontief = LeontiefSolver.from_flows(Z, x, method=method)  # type: ignore[arg-type]
    assert leontief.method == method
    assert_allclose(leontief.solve(Y.sum(axis=1)), x, rtol=1e-9, atol=1e-12)
    value_added = x - Z.sum(axis=0)
    ghosh = LeontiefSolver(calc_B(Z, x), method=method)  # type: ignore[arg-type]
    assert_allclose(ghosh_output(ghosh, value_added), x, rtol=1e-9, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(tables)
def test_dependence_shares_sum_to_one(table: tuple[pd.DataFrame, pd.DataFrame, pd.Series]) -> None:
    Z, Y, x = table
    leontief = LeontiefSolver.from_flows(Z, x)
    forward = forward_dependence(leontief, Y.sum(axis=1))
    assert_allclose(forward.sum(axis=1), (x > 0).astype(float), rtol=1e-9, atol=1e-12)
    backward = backward_dependence(leontief, calc_va_coefficients(x - Z.sum(axis=0), x))
    assert_allclose(backward.sum(axis=0), (x > 0).astype(float), rtol=1e-9, atol=1e-12)
    assert (forward.to_numpy() >= -1e-12).all()
    assert (backward.to_numpy() >= -1e-12).all()


@settings(max_examples=60, deadline=None)
@given(tables, st.data())
def test_extraction_never_raises_output_and_update_matches_refactorising(
    table: tuple[pd.DataFrame, pd.DataFrame, pd.Series], data: st.DataObject
) -> None:
    Z, Y, x = table
    A = calc_A(Z, x)
    regions = list(dict.fromkeys(x.index.get_level_values("region")))
    sectors = list(dict.fromkeys(x.index.get_level_values("sector")))

    def some(codes: list[str]) -> list[str] | None:
        return data.draw(st.none() | st.lists(st.sampled_from(codes), min_size=1, unique=True))

    links = [
        Links(
            from_regions=some(regions),
            from_sectors=some(sectors),
            to_regions=some(regions),
            to_sectors=some(sectors),
        )
        for _ in range(data.draw(st.integers(1, 3)))
    ]
    final_demand = data.draw(st.booleans())
    leontief = LeontiefSolver(A)
    updated = hypothetical_extraction(
        A, Y, links, final_demand=final_demand, leontief=leontief, method="update"
    )
    fresh = hypothetical_extraction(A, Y, links, final_demand=final_demand, method="refactorise")
    assert_allclose(updated, fresh, rtol=1e-9, atol=1e-12 * float(x.max()))
    assert (updated["loss"] >= -1e-12 * x.max()).all()
    assert (updated["extracted"] >= -1e-12 * x.max()).all()


@settings(max_examples=20, deadline=None)
@given(tables)
def test_extracting_nothing_changes_nothing(table: tuple[pd.DataFrame, pd.DataFrame, pd.Series]) -> None:
    Z, Y, x = table
    result = hypothetical_extraction(calc_A(Z, x), Y, [])
    assert (result["loss"] == 0).all()
    assert_allclose(result["baseline"], x, rtol=1e-9, atol=1e-12)
