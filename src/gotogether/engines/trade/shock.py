"""What changes in a counterfactual of the trade model: tariffs, trade costs, productivity, deficits."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from gotogether.dims import EXPORTER, IMPORTER, SECTOR
from gotogether.engines.trade.arrays import ShockArrays
from gotogether.engines.trade.baseline import TradeBaseline
from gotogether.errors import InputError


@dataclass(frozen=True)
class TradeShock:
    """Changes relative to a ``TradeBaseline``; ``None`` leaves that part unchanged.

    - ``tariff``: new ad-valorem tariff levels (importer, exporter, sector), e.g. 0.05 for 5%.
    - ``trade_cost``: iceberg trade-cost change d_hat (importer, exporter, sector); 1 is no change and
      ``inf`` makes the route prohibitive (autarky on that route).
    - ``productivity``: TFP change A_hat (country, sector); 1.02 lowers unit costs by 1/1.02.
    - ``deficit``: new trade deficits D_n (country), imports minus exports, in the baseline's unit.

    Each array may cover a subset of labels; cells it does not cover keep their baseline value.
    """

    tariff: xr.DataArray | None = None
    trade_cost: xr.DataArray | None = None
    productivity: xr.DataArray | None = None
    deficit: xr.DataArray | None = None


PRODUCTIVITY_FLOOR = 1e-12
"""The smallest TFP change a shock may give (a finite number: 0 would make a sector vanish)."""


def _expand(
    change: xr.DataArray | None,
    default: xr.DataArray,
    name: str,
    *,
    lower: float,
    allow_inf: bool,
    fill: float | None = None,
) -> np.ndarray:
    """``change`` placed on ``default``'s labels, checked, as numpy; other cells keep ``default``'s values,
    or ``fill`` if given (then ``default`` only supplies the labels)."""
    base = np.full(default.shape, fill) if fill is not None else np.array(default.values, dtype=float)
    if change is None:
        return base
    unknown_dims = set(change.dims) - set(default.dims)
    if unknown_dims:
        raise InputError(
            f"has dimensions {sorted(map(str, unknown_dims))}",
            source="trade shock",
            location=name,
            expected=f"dimensions among {list(default.dims)}",
        )
    positions = []
    for dim in default.dims:
        known = default.indexes[dim]
        if dim not in change.dims:
            positions.append(np.arange(len(known)))
            continue
        if dim not in change.indexes:
            raise InputError(
                f"dimension {dim} has no labels",
                source="trade shock",
                location=name,
                expected="labelled cells",
            )
        found = known.get_indexer(change.indexes[dim])
        if (found < 0).any():
            missing = list(change.indexes[dim][found < 0])
            raise InputError(
                f"unknown {dim} label(s) {missing}",
                source="trade shock",
                location=name,
                expected=f"labels of the baseline, e.g. {sorted(known)[:5]}",
            )
        positions.append(found)
    values = np.asarray(change.values, dtype=float)
    bad = np.isnan(values) | (values < lower) | (~allow_inf & np.isinf(values))
    if bad.any():
        index = tuple(np.argwhere(bad)[0])
        where = ", ".join(f"{d}={change.indexes[d][i]}" for d, i in zip(change.dims, index, strict=True))
        raise InputError(
            f"invalid value {values[index]}",
            source="trade shock",
            location=f"{name}[{where}]",
            expected=f"a number >= {lower}" + (" (inf allowed)" if allow_inf else ""),
        )
    present = [dim for dim in default.dims if dim in change.dims]
    block = values.transpose([change.dims.index(dim) for dim in present])
    block = block.reshape([change.sizes[dim] if dim in change.dims else 1 for dim in default.dims])
    if block.shape == base.shape and all((p == np.arange(len(p))).all() for p in positions):
        return np.array(block, dtype=float)  # same labels, same order: no placement needed
    base[np.ix_(*positions)] = block  # place the given cells; dims the change lacks broadcast
    return base


def expand_shock(baseline: TradeBaseline, shock: TradeShock) -> ShockArrays:
    """Validate ``shock`` against ``baseline`` and expand it to full arrays."""
    return ShockArrays(
        tariff=_expand(shock.tariff, baseline["tariff"], "tariff", lower=0.0, allow_inf=False),
        trade_cost=_expand(
            shock.trade_cost, baseline["trade_share"], "trade_cost", lower=1e-12, allow_inf=True, fill=1.0
        ),
        productivity=_expand(
            shock.productivity,
            baseline["va_share"],
            "productivity",
            lower=PRODUCTIVITY_FLOOR,
            allow_inf=False,
            fill=1.0,
        ),
        deficit=_expand(shock.deficit, baseline["deficit"], "deficit", lower=-np.inf, allow_inf=False),
    )


def expand_routes(baseline: TradeBaseline, tariff: np.ndarray, trade_cost: np.ndarray) -> ShockArrays:
    """``expand_shock`` of a shock of ``tariff`` levels and ``trade_cost`` changes given as full arrays in
    the baseline's order (importer, exporter, sector), without labelling them (a yearly loop expands
    many): the same arrays, checked the same way (a bad cell is named by ``expand_shock``)."""
    arrays = baseline.arrays
    if not (tariff.min() >= 0.0 and np.isfinite(tariff).all() and trade_cost.min() >= 1e-12):  # NaN fails
        pair = {IMPORTER: baseline.countries, EXPORTER: baseline.countries, SECTOR: baseline.sectors}
        return expand_shock(
            baseline,
            TradeShock(
                tariff=xr.DataArray(tariff, dims=tuple(pair), coords=pair),
                trade_cost=xr.DataArray(trade_cost, dims=tuple(pair), coords=pair),
            ),
        )
    return ShockArrays(
        tariff=np.array(tariff, dtype=float),
        trade_cost=np.array(trade_cost, dtype=float),
        productivity=np.full(arrays.va_share.shape, 1.0),
        deficit=np.array(arrays.deficit, dtype=float),
    )
