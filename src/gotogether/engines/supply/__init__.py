"""The supply engine: export controls, substitution, and who loses sales (see docs/supply.md)."""

from gotogether.engines.supply.engine import make_periods, simulate_supply
from gotogether.engines.supply.measures import (
    CoalitionJoin,
    Disruption,
    Divestiture,
    ExportControl,
    Licence,
    SubstitutionCap,
    validate_measures,
)
from gotogether.engines.supply.network import ValueNetwork
from gotogether.engines.supply.params import SupplyParameters
from gotogether.engines.supply.result import SupplyResult

__all__ = [
    "CoalitionJoin",
    "Disruption",
    "Divestiture",
    "ExportControl",
    "Licence",
    "SubstitutionCap",
    "SupplyParameters",
    "SupplyResult",
    "ValueNetwork",
    "make_periods",
    "simulate_supply",
    "validate_measures",
]
