"""The supply engine: export controls, substitution, and who loses sales (see docs/supply.md)."""

from gotogether.engines.supply.engine import make_periods, simulate_supply
from gotogether.engines.supply.measures import (
    CoalitionJoin,
    Disruption,
    ExportControl,
    Licence,
    validate_measures,
)
from gotogether.engines.supply.network import ValueNetwork, load_default_network
from gotogether.engines.supply.params import PARAMETER_RANGES, SupplyParameters
from gotogether.engines.supply.result import SupplyResult

__all__ = [
    "PARAMETER_RANGES",
    "CoalitionJoin",
    "Disruption",
    "ExportControl",
    "Licence",
    "SupplyParameters",
    "SupplyResult",
    "ValueNetwork",
    "load_default_network",
    "make_periods",
    "simulate_supply",
    "validate_measures",
]
