"""Disruption engine: a month-by-month adaptive regional input-output model (Hallegatte 2008) of capacity
losses, cut trade routes and stockpiles, with inventories, proportional rationing, substitution between
origins and recovery. docs/disruption.md states the model; ``simulate_disruption`` runs it.
"""

from gotogether.engines.disruption.engine import simulate_disruption, value_lost
from gotogether.engines.disruption.events import (
    CapacityLoss,
    Event,
    Profile,
    RouteCut,
    SoleSupplierLoss,
    Stockpile,
    build_shock,
    month_after,
    window,
)
from gotogether.engines.disruption.parameters import DisruptionParameters
from gotogether.engines.disruption.shock import DisruptionShock, capacity_profile, sole_supplier_shortfall
from gotogether.engines.disruption.table import MONTHS_PER_YEAR, DisruptionTable

__all__ = [
    "MONTHS_PER_YEAR",
    "CapacityLoss",
    "DisruptionParameters",
    "DisruptionShock",
    "DisruptionTable",
    "Event",
    "Profile",
    "RouteCut",
    "SoleSupplierLoss",
    "Stockpile",
    "build_shock",
    "capacity_profile",
    "month_after",
    "simulate_disruption",
    "sole_supplier_shortfall",
    "value_lost",
    "window",
]
