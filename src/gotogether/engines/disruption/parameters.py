"""The disruption engine's parameters (values from the parameter table, ``disruption.*``).

Times are months (an inventory of w weeks is w * 12 / 52 months of use); shares are between 0 and 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from gotogether.errors import InputError

WEEKS_PER_MONTH = 52.0 / 12.0


@dataclass(frozen=True)
class DisruptionParameters:
    """``inventory_weeks``: target inventory of each input product, in weeks of its use (``default`` for a
    product not named); ``spare_capacity``: kappa, the capacity above baseline output (1 / utilisation - 1);
    ``refill_months``: tau_R, the time over which a buyer orders back an inventory gap (or orders down a
    stock above its target);
    ``overproduction_max``: alpha_max, the ceiling of output relative to (damaged) capacity; ``overproduction
    _months``: tau_alpha, the time overproduction takes to build up (at the rate scarcity / tau_alpha,
    Hallegatte 2008) and to fade; ``substitution_share``:
    sigma, the share of unfilled orders a buyer can place with other origins of the same product within a
    month (1: unlimited); ``substitution_premium``: pi, the extra price of substitute supply (0.1 = +10 %);
    ``critical_share``: an input whose requirement a_pk is at least this share of the buyer's output limits
    its production (Leontief); ``critical_pairs``: product -> the buyer sectors for which it is critical,
    whatever its share, and the only ones (chips in electronics and vehicles, not in construction); other
    inputs do not limit production in the short run;
    ``rationing``: the rule by which a short supplier serves its buyers (only ``proportional``);
    ``orders_within_month``: buyers whose demand falls within the month order for this month's demand, not
    last month's (the month's limit of ARIO's daily orders, the fixed point of a Leontief series within
    the month, solved with Anderson's acceleration: about three times the engine's time; the default, as
    BoARIO's daily steps let a fall reach every tier within days); False: a fall reaches the next tier a
    month later."""

    inventory_weeks: Mapping[str, float] = field(default_factory=dict)
    default_inventory_weeks: float = 4.0
    spare_capacity: float = 0.1
    refill_months: float = 3.0
    overproduction_max: float = 1.25
    overproduction_months: float = 6.0
    substitution_share: float = 0.2
    substitution_premium: float = 0.1
    critical_share: float = 0.01
    critical_pairs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    rationing: str = "proportional"
    orders_within_month: bool = True

    def __post_init__(self) -> None:
        checks = {
            "default_inventory_weeks": self.default_inventory_weeks >= 0,
            "inventory_weeks": all(value >= 0 for value in self.inventory_weeks.values()),
            "spare_capacity": self.spare_capacity >= 0,
            "refill_months": self.refill_months > 0,
            "overproduction_max": self.overproduction_max >= 1,
            "overproduction_months": self.overproduction_months > 0,
            "substitution_share": 0 <= self.substitution_share <= 1,
            "substitution_premium": self.substitution_premium >= 0,
            "critical_share": 0 <= self.critical_share <= 1,
            "rationing": self.rationing == "proportional",
        }
        wrong = [name for name, ok in checks.items() if not ok]
        if wrong:
            raise InputError(
                f"disruption parameters out of range: {', '.join(wrong)}",
                location="DisruptionParameters",
                expected="inventories and spare capacity >= 0, refill and overproduction times > 0, "
                "alpha_max >= 1, 0 <= substitution_share <= 1, premium >= 0, 0 <= critical_share <= 1, "
                "rationing 'proportional'",
            )

    def inventory_months(self, sectors: tuple[str, ...]) -> list[float]:
        """Target inventory of each product, months of use."""
        return [self.inventory_weeks.get(s, self.default_inventory_weeks) / WEEKS_PER_MONTH for s in sectors]
