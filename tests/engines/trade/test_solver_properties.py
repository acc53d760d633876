"""Properties and hand-checkable cases of the trade engine."""

import numpy as np
import pytest
import xarray as xr

from gotogether.data.loaders.cp2015 import cp2015_tariffs
from gotogether.engines.trade import TradeShock, solve
from gotogether.engines.trade.baseline import baseline_from_arrays
from gotogether.engines.trade.synthetic import random_baseline
from gotogether.errors import ConvergenceError, DataConsistencyError, InputError
from gotogether.testing import assert_allclose
from gotogether.validation.cp2015 import load_cp2015


def _two_countries(va_share: float) -> tuple:
    """Two countries, one sector; balanced trade: 3 x 0.2 = 2 x 0.3."""
    trade_share = np.array([[0.8, 0.2], [0.3, 0.7]])[:, :, None]
    baseline = baseline_from_arrays(
        trade_share=trade_share,
        tariff=np.zeros((2, 2, 1)),
        va_share=np.full((2, 1), va_share),
        input_share=np.full((2, 1, 1), 1.0 - va_share),
        final_share=np.ones((2, 1)),
        theta=np.array([4.0]),
        value_added=np.array([3.0, 2.0]),
        deficit=np.zeros(2),
        expenditure=np.array([[3.0], [2.0]]) / va_share,
    )
    return baseline, trade_share


@pytest.mark.parametrize("va_share", [1.0, 0.5])
def test_two_country_one_sector_matches_closed_form(va_share: float) -> None:
    # W_hat = (pi_nn_hat)^(-1 / (theta * gamma)); gamma = 1 without input-output links.
    baseline, trade_share = _two_countries(va_share)
    cost = xr.full_like(baseline["trade_share"], 1.3)
    cost[0, 0, 0] = cost[1, 1, 0] = 1.0
    result = solve(baseline, TradeShock(trade_cost=cost), step_tolerance=1e-13)
    own_change = np.diagonal(result["trade_share"].values[:, :, 0]) / np.diagonal(trade_share[:, :, 0])
    closed_form = own_change ** (-1.0 / (4.0 * va_share))
    np.testing.assert_allclose(result["welfare_change"].values, closed_form, rtol=1e-11)
    assert np.all(result["welfare_change"].values < 1.0)


def test_no_shock_returns_the_baseline_exactly() -> None:
    baseline = random_baseline(6, 5, seed=3)
    result = solve(baseline)
    assert result.iterations == 1
    assert_allclose(result["wage_change"], xr.ones_like(result["wage_change"]), rtol=0, atol=1e-14)
    assert_allclose(result["price_change"], xr.ones_like(result["price_change"]), rtol=0, atol=1e-14)
    assert_allclose(result["trade_share"], baseline["trade_share"], rtol=0, atol=1e-14)
    assert_allclose(result["expenditure"], baseline["expenditure"], rtol=1e-13)
    assert_allclose(result["welfare_change"], xr.ones_like(result["welfare_change"]), rtol=0, atol=1e-13)


def test_symmetric_economies_give_symmetric_results() -> None:
    n, j = 3, 2
    trade_share = np.full((n, n, j), 0.15)
    trade_share[np.arange(n), np.arange(n), :] = 0.7
    baseline = baseline_from_arrays(
        trade_share=trade_share,
        tariff=np.zeros((n, n, j)),
        va_share=np.full((n, j), 0.4),
        input_share=np.full((n, j, j), 0.3),
        final_share=np.full((n, j), 0.5),
        theta=np.array([4.0, 6.0]),
        value_added=np.ones(n),
        deficit=np.zeros(n),
        expenditure=np.ones((n, j)),
    )
    tariff = xr.full_like(baseline["tariff"], 0.1)
    tariff.values[np.arange(n), np.arange(n), :] = 0.0  # the diagonal (a DataArray indexes each axis apart)
    result = solve(baseline, TradeShock(tariff=tariff))
    assert result.iterations > 1
    for name in ("welfare_change", "real_wage_change", "wage_change"):
        values = result[name].values
        np.testing.assert_allclose(values, values[0], rtol=1e-12)
    assert result["welfare_change"].values[0] < 1.0  # symmetric tariffs hurt everyone


def test_relabelling_countries_relabels_results() -> None:
    baseline = random_baseline(5, 4, seed=11)
    order = ["C03", "C00", "C04", "C01", "C02"]
    permuted = type(baseline).from_dataset(
        baseline.data.sel(country=order, importer=order, exporter=order).assign_coords(
            country=order, importer=order, exporter=order
        )
    )
    tariff = baseline["tariff"] * 2.0
    a = solve(baseline, TradeShock(tariff=tariff))
    b = solve(permuted, TradeShock(tariff=tariff.sel(importer=order, exporter=order)))
    assert_allclose(b["welfare_change"], a["welfare_change"], rtol=1e-7)


def test_fixed_deficits_hold_in_the_counterfactual() -> None:
    data = load_cp2015()
    result = solve(
        data,
        TradeShock(productivity=xr.full_like(data["va_share"], 1.0).where(data["country"] != "CHN", 1.05)),
    )
    flows = result["flows"].values
    own = np.arange(flows.shape[0])
    foreign = flows.copy()
    foreign[own, own, :] = 0.0
    balance = foreign.sum(axis=(1, 2)) - foreign.sum(axis=(0, 2)) - data["deficit"].values
    world = float(result["value_added"].sum())
    assert np.max(np.abs(balance)) / world <= 1e-10
    assert float(result["value_added"].sum()) == pytest.approx(float(data["value_added"].sum()), rel=1e-12)
    assert float(result["welfare_change"].sel(country="CHN")) > 1.0


def test_warm_start_saves_iterations() -> None:
    baseline = random_baseline(8, 6, seed=5)
    first = solve(baseline, TradeShock(tariff=baseline["tariff"] * 1.5))
    cold = solve(baseline, TradeShock(tariff=baseline["tariff"] * 1.55))
    warm = solve(baseline, TradeShock(tariff=baseline["tariff"] * 1.55), warm_start=first.data)
    assert warm.iterations < cold.iterations
    assert_allclose(warm["welfare_change"], cold["welfare_change"], rtol=1e-7)


def test_non_convergence_raises_with_diagnostics() -> None:
    baseline = random_baseline(4, 3, seed=1)
    with pytest.raises(ConvergenceError, match="after 2 iterations") as caught:
        solve(baseline, TradeShock(tariff=baseline["tariff"] * 3), max_iterations=2)
    assert caught.value.iterations == 2
    assert caught.value.residual > caught.value.tolerance


def test_bad_baseline_names_the_cell() -> None:
    data = random_baseline(3, 2, seed=2).data.copy(deep=True)
    data["trade_share"][1, 0, 1] += 0.01
    with pytest.raises(DataConsistencyError, match=r"importer=C01, sector=S01"):
        type(random_baseline(3, 2, seed=2)).from_dataset(data, source="test.nc")


def test_bad_shock_labels_and_values_are_named() -> None:
    baseline = random_baseline(3, 2, seed=2)
    wrong = xr.DataArray([1.1], dims="country", coords={"country": ["XXX"]}).expand_dims(sector=["S00"])
    with pytest.raises(InputError, match=r"unknown country label\(s\) \['XXX'\]"):
        solve(baseline, TradeShock(productivity=wrong))
    negative = baseline["tariff"].copy()
    negative[0, 1, 0] = -0.5
    with pytest.raises(InputError, match=r"tariff\[importer=C00, exporter=C01, sector=S00\]"):
        solve(baseline, TradeShock(tariff=negative))


def test_prohibitive_costs_give_autarky_shares() -> None:
    baseline = random_baseline(4, 3, seed=7)
    cost = xr.ones_like(baseline["trade_share"])
    cost.loc[{"importer": "C02"}] = np.inf
    cost.loc[{"importer": "C02", "exporter": "C02"}] = 1.0
    cost.loc[{"exporter": "C02"}] = np.inf
    cost.loc[{"importer": "C02", "exporter": "C02"}] = 1.0
    result = solve(baseline, TradeShock(trade_cost=cost))
    shares = result["trade_share"].sel(importer="C02")
    assert_allclose(shares.sel(exporter="C02"), xr.ones_like(shares.sel(exporter="C02")), rtol=1e-12)
    assert float(result["welfare_change"].sel(country="C02")) < 1.0


def test_every_result_variable_has_units() -> None:
    result = solve(load_cp2015(), TradeShock(tariff=cp2015_tariffs(2005)))
    assert {str(name): var.attrs["units"] for name, var in result.data.data_vars.items()}["flows"] == "USD"
    assert all(var.attrs.get("units") for var in result.data.data_vars.values())
    assert result.data["welfare_change"].attrs["units"] == "ratio to the baseline"


def test_anderson_keeps_the_histories_of_the_rows_left_as_a_copy_of_them_would() -> None:
    # keep moves the rows left up in place (no new histories): the same numbers, and the next step of
    # each row left the same to the bit as that of a fresh accelerator given the copied histories
    from gotogether.engines.trade.solver import _Anderson

    rng = np.random.default_rng(7)
    moved, copied = _Anderson(3, 5, 4), _Anderson(3, 5, 4)
    for _ in range(4):
        image, residual = rng.standard_normal((5, 4)), rng.standard_normal((5, 4))
        moved.step(image, residual)
        copied.step(image, residual)
    rows = np.array([1, 3, 4])
    histories = (copied.d_residual[rows].copy(), copied.d_image[rows].copy(), copied.gram[rows].copy())
    moved.keep(rows)
    assert moved.d_residual.shape == (3, 3, 4)
    for kept, expected in zip((moved.d_residual, moved.d_image, moved.gram), histories, strict=True):
        np.testing.assert_array_equal(kept, expected)
    copied.d_residual, copied.d_image, copied.gram = histories
    copied.previous = (copied.previous[0][rows], copied.previous[1][rows]) if copied.previous else None
    image, residual = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    np.testing.assert_array_equal(moved.step(image, residual), copied.step(image, residual))
