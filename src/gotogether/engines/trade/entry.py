"""The trade engine's entry point under the engine contract (``gotogether.engines.contract``)."""

from __future__ import annotations

import hashlib
import weakref
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import xarray as xr

from gotogether.engines.contract import with_long_names
from gotogether.engines.trade.arrays import ShockArrays
from gotogether.engines.trade.baseline import TradeBaseline
from gotogether.engines.trade.equilibrium import (
    TradeEquilibrium,
    WarmStart,
    is_nil,
    solve,
    solve_stacked,
    unchanged,
)
from gotogether.engines.trade.shock import TradeShock, expand_shock

LONG_NAMES = {
    "wage_change": "wage change, w_hat",
    "value_added": "value added, w_hat wL",
    "income": "income, I'",
    "income_change": "income change, I'/I",
    "price_change": "sector price index change, P_hat^j",
    "cost_change": "input bundle cost change, c_hat^j",
    "price_index_change": "consumer price index change, P_hat",
    "welfare_change": "exact change in real income, W_hat = I_hat / P_hat",
    "real_wage_change": "real wage change, w_hat / P_hat",
    "trade_share": "importer's expenditure share on the exporter, pi'",
    "flows": "trade flows net of tariffs, X' pi' / (1 + tau')",
    "tariff": "ad-valorem tariff, tau'",
    "expenditure": "expenditure, X'",
    "deficit": "trade deficit, D'",
}
"""The ``long_name`` of every variable of the result (units: ``trade.equilibrium.UNITS``)."""


@dataclass(frozen=True)
class TradeInputs:
    """The scenario's shock, and optionally a solved equilibrium of the same baseline near this one (the
    Dataset ``run`` returned), to start the solver from."""

    shock: TradeShock = field(default_factory=TradeShock)
    warm_start: xr.Dataset | None = None


_BASELINE_RESIDUALS: dict[int, dict[tuple[tuple[str, Any], ...], float | None]] = {}
"""By baseline object (its ``id``, forgotten when it is collected) and solver options: what
``_baseline_residual`` found."""


def _baseline_residual(data: TradeBaseline, parameters: Mapping[str, Any]) -> float | None:
    """The baseline's trade-balance residual if the solver accepts the baseline itself as the equilibrium of
    no shock (its first sweep, from no change, meets the tolerances), else None. Checked once per baseline
    object and solver options."""
    by_options = _BASELINE_RESIDUALS.get(id(data))
    if by_options is None:
        by_options = _BASELINE_RESIDUALS[id(data)] = {}
        weakref.finalize(data, _BASELINE_RESIDUALS.pop, id(data), None)
    options = tuple(sorted(parameters.items()))
    if options not in by_options:
        check = solve(data, TradeShock(), **parameters)
        by_options[options] = check.residual if check.iterations == 1 else None
    return by_options[options]


def run(inputs: TradeInputs, parameters: Mapping[str, Any], data: TradeBaseline) -> xr.Dataset:
    """The counterfactual equilibrium for ``inputs.shock`` relative to the baseline ``data``; ``parameters``
    are the solver's options (``tolerance``, ``step_tolerance``, ``max_iterations``).

    A nil shock (nothing differs from the baseline) on a baseline that is an equilibrium is not solved: the
    result is the baseline exactly (every change 1, ``iterations`` 0)."""
    solved = equilibrium(expand_shock(data, inputs.shock), parameters, data, inputs.warm_start)
    return with_long_names(solved.data, LONG_NAMES)


def equilibrium(
    arrays: ShockArrays,
    parameters: Mapping[str, Any],
    data: TradeBaseline,
    warm_start: xr.Dataset | TradeEquilibrium | None = None,
) -> TradeEquilibrium:
    """``run`` on plain arrays, for loops that solve many shocks and read a few arrays of each (the
    pipeline's yearly loop): a shock already expanded (``expand_shock``) in, the unlabelled equilibrium out
    (``TradeEquilibrium.arrays``; ``data`` labels them on demand). A nil shock is not solved, as in
    ``run``."""
    return equilibria([arrays], parameters, data, [warm_start])[0]


def equilibria(
    shocks: Sequence[ShockArrays],
    parameters: Mapping[str, Any],
    data: TradeBaseline,
    warm_starts: Sequence[WarmStart] | None = None,
) -> list[TradeEquilibrium]:
    """``equilibrium`` of each of ``shocks`` (each from its ``warm_starts`` entry: a previous equilibrium or
    (w_hat, P_hat, X') to start from): the nil ones not solved,
    the others solved together, stacked (``equilibrium.solve_stacked``), a shock given twice (the same
    object, or equal values from the same start: a path's years whose measures and TFP do not change) once."""
    starts = list(warm_starts) if warm_starts is not None else [None] * len(shocks)
    results: dict[int, TradeEquilibrium] = {}
    to_solve: dict[int, tuple[ShockArrays, WarmStart]] = {}
    same: dict[int, int] = {}  # a shock equal to an earlier one with the same start: that one's id
    seen: dict[tuple[bytes, int], list[ShockArrays]] = {}
    # only shocks from the same start can be solved once for both (a dynamic path's years start apart)
    sharing = Counter(id(start) for start in starts)
    digests: dict[int, bytes] = {}  # of the arrays, by id: the years of a path share their measures'
    for arrays, start in zip(shocks, starts, strict=True):
        if id(arrays) in results or id(arrays) in to_solve or id(arrays) in same:
            continue
        if sharing[id(start)] > 1:
            key = (_digest(arrays, digests), id(start))
            earlier = next((known for known in seen.get(key, []) if _equal(known, arrays)), None)
            if earlier is not None:
                same[id(arrays)] = id(earlier)
                continue
            seen.setdefault(key, []).append(arrays)
        residual = _baseline_residual(data, parameters) if is_nil(data, arrays) else None
        if residual is not None:
            results[id(arrays)] = unchanged(data, residual)
        else:
            to_solve[id(arrays)] = (arrays, start)
    if to_solve:
        solved = solve_stacked(
            data,
            [arrays for arrays, _ in to_solve.values()],
            [start for _, start in to_solve.values()],
            **parameters,
        )
        results |= dict(zip(to_solve, solved, strict=True))
    return [results[same.get(id(arrays), id(arrays))] for arrays in shocks]


def _digest(arrays: ShockArrays, known: dict[int, bytes]) -> bytes:
    """A digest of the shock's values (equal shocks have equal digests), from those of its arrays, each
    made once (``known``, by the array's id, for arrays kept alive meanwhile)."""
    digest = hashlib.blake2b(digest_size=16)
    for values in (arrays.tariff, arrays.trade_cost, arrays.productivity, arrays.deficit):
        if id(values) not in known:
            known[id(values)] = hashlib.blake2b(
                np.ascontiguousarray(values).tobytes(), digest_size=16
            ).digest()
        digest.update(known[id(values)])
    return digest.digest()


def _equal(first: ShockArrays, second: ShockArrays) -> bool:
    """Whether two shocks hold the same values (then one solve serves both, the same to the bit)."""
    return all(
        np.array_equal(getattr(first, name), getattr(second, name))
        for name in ("tariff", "trade_cost", "productivity", "deficit")
    )
