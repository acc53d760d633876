"""The Caliendo-Parro (2015) multi-sector trade model with input-output links, in exact hat algebra."""

from gotogether.engines.trade.baseline import TradeBaseline, validate_baseline
from gotogether.engines.trade.decomposition import welfare_decomposition
from gotogether.engines.trade.equilibrium import TradeEquilibrium, solve
from gotogether.engines.trade.shock import TradeShock

__all__ = [
    "TradeBaseline",
    "TradeEquilibrium",
    "TradeShock",
    "solve",
    "validate_baseline",
    "welfare_decomposition",
]
