"""The rollout engine: 5G sites, coverage, capex, prices and vendor shares (see docs/rollout.md)."""

from gotogether.engines.rollout.calibration import calibration_table
from gotogether.engines.rollout.engine import YEARS, simulate_rollout
from gotogether.engines.rollout.measures import Ban, Members, StandardsSplit
from gotogether.engines.rollout.params import RolloutParameters, parameters_from_table
from gotogether.engines.rollout.result import RolloutResult, adoption_inputs, ban_costs, coverage_delay
from gotogether.engines.rollout.support import extra_opex

__all__ = [
    "YEARS",
    "Ban",
    "Members",
    "RolloutParameters",
    "RolloutResult",
    "StandardsSplit",
    "adoption_inputs",
    "ban_costs",
    "calibration_table",
    "coverage_delay",
    "extra_opex",
    "parameters_from_table",
    "simulate_rollout",
]
