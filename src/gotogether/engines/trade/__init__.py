"""The Caliendo-Parro (2015) multi-sector trade model with input-output links, in exact hat algebra.

The labelled API (xarray) is imported on first use, so that a caller of the array core (``arrays``,
``solver``), such as ``gotogether validate cp2015-nafta``, starts without xarray and pandas (issue 20).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gotogether.engines.trade.baseline import TradeBaseline, validate_baseline
    from gotogether.engines.trade.decomposition import welfare_decomposition
    from gotogether.engines.trade.equilibrium import TradeEquilibrium, solve
    from gotogether.engines.trade.shock import TradeShock

_MODULE_OF = {
    "TradeBaseline": "baseline",
    "validate_baseline": "baseline",
    "welfare_decomposition": "decomposition",
    "TradeEquilibrium": "equilibrium",
    "solve": "equilibrium",
    "TradeShock": "shock",
}

__all__ = [
    "TradeBaseline",
    "TradeEquilibrium",
    "TradeShock",
    "solve",
    "validate_baseline",
    "welfare_decomposition",
]


def __getattr__(name: str) -> Any:
    if name in _MODULE_OF:
        return getattr(import_module(f"{__name__}.{_MODULE_OF[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
