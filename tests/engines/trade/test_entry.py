"""The trade engine's entry point: a nil shock returns the baseline exactly, without a solve."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest
import xarray as xr

from gotogether.engines.trade import TradeShock, solve
from gotogether.engines.trade import entry as trade_engine
from gotogether.engines.trade.arrays import ShockArrays
from gotogether.engines.trade.baseline import TradeBaseline
from gotogether.engines.trade.shock import expand_shock
from gotogether.engines.trade.solver import ROW_BY_ROW
from gotogether.engines.trade.synthetic import random_baseline

OPTIONS = {"tolerance": 1e-10, "step_tolerance": 1e-8, "max_iterations": 500}


@pytest.fixture(scope="module")
def baseline() -> TradeBaseline:
    return random_baseline(7, 5, seed=11)


def _explicitly_nil(baseline: TradeBaseline) -> TradeShock:
    """Every part of the shock given, each equal to the baseline (as the pipeline passes them)."""
    return TradeShock(
        tariff=baseline["tariff"].copy(),
        trade_cost=xr.ones_like(baseline["trade_share"]),
        productivity=xr.ones_like(baseline["va_share"]),
        deficit=baseline["deficit"].copy(),
    )


@pytest.mark.parametrize("explicit", [False, True])
def test_nil_shock_returns_the_baseline_exactly(baseline: TradeBaseline, explicit: bool) -> None:
    shock = _explicitly_nil(baseline) if explicit else TradeShock()
    result = trade_engine.run(trade_engine.TradeInputs(shock), OPTIONS, baseline)
    assert result.attrs["iterations"] == 0  # not solved
    for change in ("wage_change", "price_change", "welfare_change", "real_wage_change", "income_change"):
        assert (result[change].values == 1.0).all(), change
    for level in ("trade_share", "expenditure", "tariff", "deficit", "value_added"):
        np.testing.assert_array_equal(result[level].values, baseline[level].values, err_msg=level)
    flows = baseline["expenditure"].values[:, None, :] * baseline["trade_share"].values
    np.testing.assert_array_equal(result["flows"].values, flows / (1.0 + baseline["tariff"].values))
    # What a solve gives, to the solver's tolerance.
    solved = solve(baseline, shock, **OPTIONS)  # type: ignore[arg-type]
    for name in ("welfare_change", "trade_share", "expenditure", "income"):
        np.testing.assert_allclose(result[name].values, solved[name].values, rtol=1e-8, atol=1e-12)
    result["trade_share"].values[:] = 0.0  # the result is a copy: the baseline is untouched
    assert baseline["trade_share"].values.sum() > 0


def test_a_small_shock_is_still_solved(baseline: TradeBaseline) -> None:
    productivity = xr.ones_like(baseline["va_share"])
    productivity[0, 0] = 1.001
    result = trade_engine.run(
        trade_engine.TradeInputs(TradeShock(productivity=productivity)), OPTIONS, baseline
    )
    assert result.attrs["iterations"] >= 1
    assert result["welfare_change"].values[0] > 1.0


def test_nil_shock_on_a_baseline_off_equilibrium_is_solved() -> None:
    # random_baseline solves its rough random shares to an equilibrium; those shares themselves are not one.
    rough = random_baseline(5, 4, seed=2).data.copy(deep=True)
    rough["expenditure"] = rough["expenditure"] * 1.05
    baseline = TradeBaseline.from_dataset(rough)
    result = trade_engine.run(trade_engine.TradeInputs(), OPTIONS, baseline)
    assert result.attrs["iterations"] > 1
    assert not np.allclose(result["expenditure"].values, baseline["expenditure"].values, rtol=1e-6)


def test_plain_array_equilibrium_is_run_without_labels(baseline: TradeBaseline) -> None:
    # the pipeline's yearly loop: arrays in, the unlabelled equilibrium out, warm-started from the last
    # equilibrium itself; every variable equals run's (warm-started from run's Dataset) bit for bit
    first = TradeShock(productivity=xr.full_like(baseline["va_share"], 1.02))
    second = TradeShock(productivity=xr.full_like(baseline["va_share"], 1.03))
    labelled = trade_engine.run(trade_engine.TradeInputs(first), OPTIONS, baseline)
    labelled = trade_engine.run(trade_engine.TradeInputs(second, warm_start=labelled), OPTIONS, baseline)
    plain = trade_engine.equilibrium(expand_shock(baseline, first), OPTIONS, baseline)
    plain = trade_engine.equilibrium(expand_shock(baseline, second), OPTIONS, baseline, warm_start=plain)
    assert plain.iterations == labelled.attrs["iterations"] > 0
    for name, (_, values) in plain.arrays.items():
        np.testing.assert_array_equal(values, labelled[name].values, err_msg=name)
    nil = trade_engine.equilibrium(expand_shock(baseline, TradeShock()), OPTIONS, baseline, warm_start=plain)
    assert nil.iterations == 0


def _shocks(baseline: TradeBaseline) -> list:
    """Shocks of three kinds: productivity only (the baseline's routes), two with the same barrier and
    different productivity (one set of route kernels), and a tariff cut; one nil."""
    rng = np.random.default_rng(3)
    arrays = baseline.arrays
    productivity = [np.exp(rng.normal(0.0, 0.05, arrays.va_share.shape)) for _ in range(4)]
    barrier = arrays.unshocked().trade_cost
    barrier[0, 1, :] = 1.3
    cut = arrays.tariff * 0.5
    unshocked = arrays.unshocked()
    return [
        dataclasses.replace(unshocked, productivity=productivity[0]),
        dataclasses.replace(unshocked, trade_cost=barrier, productivity=productivity[1]),
        dataclasses.replace(unshocked, trade_cost=barrier.copy(), productivity=productivity[2]),
        unshocked,
        dataclasses.replace(unshocked, tariff=cut, productivity=productivity[3]),
    ]


def test_shocks_solved_together_are_each_as_alone(baseline: TradeBaseline) -> None:
    shocks = _shocks(baseline)
    together = trade_engine.equilibria(shocks, OPTIONS, baseline)
    assert together[3].iterations == 0  # the nil shock is not solved
    for shock, equilibrium in zip(shocks, together, strict=True):
        alone = trade_engine.equilibrium(shock, OPTIONS, baseline)
        assert equilibrium.iterations == alone.iterations
        for name in ("welfare_change", "wage_change", "price_change", "trade_share", "expenditure"):
            np.testing.assert_allclose(equilibrium.arrays[name][1], alone.arrays[name][1], rtol=1e-12)
        # and the equilibrium is the labelled solve's, to the solver's tolerance
        labelled = solve(
            baseline,
            TradeShock(
                productivity=baseline["va_share"].copy(data=shock.productivity),
                trade_cost=baseline["trade_share"].copy(data=shock.trade_cost),
                tariff=baseline["tariff"].copy(data=shock.tariff),
            ),
            **OPTIONS,
        )
        np.testing.assert_allclose(
            equilibrium.arrays["welfare_change"][1], labelled["welfare_change"].values, atol=1e-12
        )


def test_a_large_group_and_small_ones_solved_together_are_each_as_alone(baseline: TradeBaseline) -> None:
    # the barrier's group has ROW_BY_ROW members or more (one product for all), the others are multiplied
    # row by row (solver._Stack); converged rows leave the stack at different iterations
    shocks = _shocks(baseline)
    rng = np.random.default_rng(5)
    shape = shocks[1].productivity.shape
    more = [
        dataclasses.replace(shocks[1], productivity=np.exp(rng.normal(0.0, 0.4 * 0.2**size, shape)))
        for size in range(ROW_BY_ROW)
    ]
    together = trade_engine.equilibria([*shocks, *more], OPTIONS, baseline)
    assert len({equilibrium.iterations for equilibrium in together}) > 2
    for shock, equilibrium in zip([*shocks, *more], together, strict=True):
        alone = trade_engine.equilibrium(shock, OPTIONS, baseline)
        assert equilibrium.iterations == alone.iterations
        for name in ("welfare_change", "price_change", "expenditure"):
            np.testing.assert_allclose(equilibrium.arrays[name][1], alone.arrays[name][1], rtol=1e-12)


def test_warm_starts_by_shock(baseline: TradeBaseline) -> None:
    shocks = _shocks(baseline)
    cold = trade_engine.equilibria(shocks, OPTIONS, baseline)
    warm = trade_engine.equilibria(shocks, OPTIONS, baseline, cold)
    for first, again in zip(cold, warm, strict=True):
        assert again.iterations <= 2  # started from its own equilibrium
        np.testing.assert_allclose(
            again.arrays["welfare_change"][1], first.arrays["welfare_change"][1], atol=1e-9
        )


def test_equal_shocks_are_solved_once(baseline: TradeBaseline, monkeypatch: pytest.MonkeyPatch) -> None:
    shocks = _shocks(baseline)
    copies = [dataclasses.replace(shock, productivity=shock.productivity.copy()) for shock in shocks]
    solved: list[int] = []
    solve_stacked = trade_engine.solve_stacked

    def counted(data: TradeBaseline, arrays: list[ShockArrays], *args: Any, **kwargs: Any) -> list[Any]:
        solved.append(len(arrays))
        return solve_stacked(data, arrays, *args, **kwargs)

    monkeypatch.setattr(trade_engine, "solve_stacked", counted)
    together = trade_engine.equilibria([*shocks, *copies], OPTIONS, baseline)
    assert solved == [4]  # the four shocks that are not nil, each once; their copies are the same solves
    for first, copy in zip(together[: len(shocks)], together[len(shocks) :], strict=True):
        np.testing.assert_array_equal(first.arrays["welfare_change"][1], copy.arrays["welfare_change"][1])
    # a copy with its own start is solved on its own (from there)
    started = trade_engine.equilibria([shocks[0], copies[0]], OPTIONS, baseline, [None, together[0]])
    assert started[1].iterations <= 2 < started[0].iterations


def test_later_stacks_reuse_the_route_kernels_of_equal_tariffs_and_costs(baseline: TradeBaseline) -> None:
    # a dynamic path solves a stack a year, its years' trade costs equal arrays made anew: their route
    # kernels are made once per baseline (the same arrays, so the solver's groups and sums are too)
    from gotogether.engines.trade.equilibrium import _problems

    tariff = baseline["tariff"].values + 0.05
    shock = ShockArrays(
        tariff, np.ones(tariff.shape), np.ones(baseline["va_share"].shape), baseline["deficit"].values
    )
    first = _problems(baseline.arrays, [shock])[0]
    equal = dataclasses.replace(shock, tariff=tariff.copy(), trade_cost=shock.trade_cost.copy())
    assert _problems(baseline.arrays, [equal])[0].kernels is first.kernels
    dearer = dataclasses.replace(shock, trade_cost=np.full(tariff.shape, 1.1))
    moved = _problems(baseline.arrays, [dearer])[0]
    assert moved.kernels is not first.kernels
    assert not np.array_equal(moved.kernels, first.kernels)
