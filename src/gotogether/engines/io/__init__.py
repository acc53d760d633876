"""Input-output (MRIO) engine: Leontief and Ghosh models on an inter-country table, without forming L.

See docs/io-engine.md for the quantities, their definitions, units and the factorisation rule.
"""

from gotogether.engines.io.coefficients import calc_A, calc_B, calc_va_coefficients
from gotogether.engines.io.dependence import backward_dependence, forward_dependence
from gotogether.engines.io.extraction import Links, hypothetical_extraction
from gotogether.engines.io.quantities import (
    final_demand_by_region,
    ghosh_output,
    output_multipliers,
    value_added_in_final_demand,
    value_added_multipliers,
)
from gotogether.engines.io.solver import LeontiefSolver

__all__ = [
    "LeontiefSolver",
    "Links",
    "backward_dependence",
    "calc_A",
    "calc_B",
    "calc_va_coefficients",
    "final_demand_by_region",
    "forward_dependence",
    "ghosh_output",
    "hypothetical_extraction",
    "output_multipliers",
    "value_added_in_final_demand",
    "value_added_multipliers",
]
